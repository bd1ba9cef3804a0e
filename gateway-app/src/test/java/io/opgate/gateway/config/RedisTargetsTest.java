package io.opgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import io.opgate.gateway.store.redis.RedisTarget;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;

class RedisTargetsTest {

    final DefaultSslBundleRegistry bundles = new DefaultSslBundleRegistry("redis", SslBundle.systemDefault());

    @Test
    void theUrlAloneIsOneServer() {
        DataRedisProperties p = new DataRedisProperties();
        p.setUrl("redis://redis.example:6380/3");

        RedisTarget target = RedisTargets.resolve(p, false, bundles);

        RedisURI uri = only(target);
        assertThat(uri.getHost()).isEqualTo("redis.example");
        assertThat(uri.getPort()).isEqualTo(6380);
        assertThat(uri.getDatabase()).isEqualTo(3);
        assertThat(uri.isSsl()).isFalse();
        assertThat(target.commandTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(target.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(target.ssl()).isNull();
    }

    @Test
    void passwordAndUsernameWinOverTheUrlsCredentials() {
        DataRedisProperties p = new DataRedisProperties();
        p.setUrl("redis://old:stale@redis:6379");
        p.setPassword("fromSecret");

        RedisCredentials keptUser = credentials(only(RedisTargets.resolve(p, false, bundles)));
        assertThat(keptUser.getUsername()).isEqualTo("old");
        assertThat(new String(keptUser.getPassword())).isEqualTo("fromSecret");

        p.setUsername("opgate");
        RedisCredentials both = credentials(only(RedisTargets.resolve(p, false, bundles)));
        assertThat(both.getUsername()).isEqualTo("opgate");
        assertThat(new String(both.getPassword())).isEqualTo("fromSecret");
    }

    @Test
    void aPasswordWithoutUrlCredentialsAuthenticatesTheDefaultUser() {
        DataRedisProperties p = new DataRedisProperties();
        p.setUrl("redis://redis:6379");
        p.setPassword("pw");

        RedisCredentials credentials = credentials(only(RedisTargets.resolve(p, false, bundles)));

        assertThat(credentials.hasUsername()).isFalse();
        assertThat(new String(credentials.getPassword())).isEqualTo("pw");
    }

    @Test
    void hostPortAndDatabaseWithoutAUrl() {
        DataRedisProperties p = new DataRedisProperties();
        p.setHost("redis-master");
        p.setPort(6390);
        p.setDatabase(2);
        p.getSsl().setEnabled(true);

        RedisURI uri = only(RedisTargets.resolve(p, true, bundles));

        assertThat(uri.getHost()).isEqualTo("redis-master");
        assertThat(uri.getPort()).isEqualTo(6390);
        assertThat(uri.getDatabase()).isEqualTo(2);
        assertThat(uri.isSsl()).isTrue();
    }

    @Test
    void theDatabaseKeyAppliesWhenTheUrlNamesNone() {
        DataRedisProperties p = new DataRedisProperties();
        p.setUrl("redis://redis:6379");
        p.setDatabase(4);
        assertThat(only(RedisTargets.resolve(p, false, bundles)).getDatabase()).isEqualTo(4);
        p.setUrl("redis://redis:6379/1");
        assertThat(only(RedisTargets.resolve(p, false, bundles)).getDatabase()).isEqualTo(1);
    }

    @Test
    void anSslBundleTurnsTlsOnWithItsTrust() {
        DataRedisProperties p = new DataRedisProperties();
        p.setUrl("redis://redis:6379");
        p.getSsl().setBundle("redis");

        RedisTarget target = RedisTargets.resolve(p, false, bundles);

        assertThat(only(target).isSsl()).isTrue();
        assertThat(target.ssl()).isNotNull();
    }

    @Test
    void sentinelMasterAndNodesWithTheirOwnCredentials() {
        DataRedisProperties p = new DataRedisProperties();
        DataRedisProperties.Sentinel sentinel = new DataRedisProperties.Sentinel();
        sentinel.setMaster("mymaster");
        sentinel.setNodes(List.of("s1:26379", "s2", "[::1]:26380"));
        sentinel.setPassword("sentinelPw");
        p.setSentinel(sentinel);
        p.setPassword("dataPw");
        p.setDatabase(1);
        p.setTimeout(Duration.ofMillis(700));

        RedisTarget target = RedisTargets.resolve(p, false, bundles);

        RedisURI uri = only(target);
        assertThat(uri.getSentinelMasterId()).isEqualTo("mymaster");
        assertThat(uri.getDatabase()).isEqualTo(1);
        assertThat(new String(credentials(uri).getPassword())).isEqualTo("dataPw");
        assertThat(uri.getSentinels())
                .extracting(RedisURI::getHost, RedisURI::getPort)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("s1", 26379),
                        org.assertj.core.groups.Tuple.tuple("s2", 26379),
                        org.assertj.core.groups.Tuple.tuple("::1", 26380));
        assertThat(uri.getSentinels())
                .allSatisfy(s ->
                        assertThat(new String(credentials(s).getPassword())).isEqualTo("sentinelPw"));
        assertThat(target.commandTimeout()).isEqualTo(Duration.ofMillis(700));
    }

    @Test
    void aSentinelUrlTakesTheDataPasswordFromTheKey() {
        DataRedisProperties p = new DataRedisProperties();
        p.setUrl("redis-sentinel://s1:26379,s2:26380/0#mymaster");
        p.setPassword("dataPw");

        RedisURI uri = only(RedisTargets.resolve(p, false, bundles));

        assertThat(uri.getSentinelMasterId()).isEqualTo("mymaster");
        assertThat(uri.getSentinels()).hasSize(2);
        assertThat(new String(credentials(uri).getPassword())).isEqualTo("dataPw");
    }

    @Test
    void nothingToConnectToIsRefused() {
        assertThatThrownBy(() -> RedisTargets.resolve(new DataRedisProperties(), false, bundles))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .singleElement()
                        .asString()
                        .contains(
                                "spring.data.redis.url", "SPRING_DATA_REDIS_URL", "spring.data.redis.sentinel.master"));
    }

    @Test
    void everyMistakeIsNamedAtOnceAndNoSecretIsRepeated() {
        DataRedisProperties p = new DataRedisProperties();
        DataRedisProperties.Sentinel sentinel = new DataRedisProperties.Sentinel();
        sentinel.setMaster("mymaster");
        p.setSentinel(sentinel);
        p.setUrl("redis://user:hunter2@redis:6379");
        p.getSsl().setBundle("missing");
        p.setTimeout(Duration.ZERO);

        assertThatThrownBy(() -> RedisTargets.resolve(p, false, bundles))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> {
                    assertThat(e.problems())
                            .anyMatch(m -> m.startsWith("spring.data.redis.sentinel.master is set but "
                                    + "spring.data.redis.sentinel.nodes is not"))
                            .anyMatch(m -> m.startsWith("spring.data.redis.url and spring.data.redis.sentinel.*"))
                            .anyMatch(m -> m.startsWith("spring.data.redis.ssl.bundle names 'missing'")
                                    && m.contains("[redis]"))
                            .anyMatch(m -> m.startsWith("spring.data.redis.timeout must be positive"))
                            .hasSize(4);
                    assertThat(e.getMessage()).doesNotContain("hunter2");
                });
    }

    @Test
    void sentinelNodesWithoutAMasterAreRefused() {
        DataRedisProperties p = new DataRedisProperties();
        DataRedisProperties.Sentinel sentinel = new DataRedisProperties.Sentinel();
        sentinel.setNodes(List.of("s1:26379", "s2:notaport"));
        p.setSentinel(sentinel);

        assertThatThrownBy(() -> RedisTargets.resolve(p, false, bundles))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .containsExactlyInAnyOrder(
                                "spring.data.redis.sentinel.nodes is set but spring.data.redis.sentinel.master is not:"
                                        + " name the master the sentinels watch (SPRING_DATA_REDIS_SENTINEL_MASTER)",
                                "spring.data.redis.sentinel.nodes has 's2:notaport', which is not host:port"));
    }

    @Test
    void aMalformedUrlIsRefusedWithoutBeingRepeated() {
        DataRedisProperties p = new DataRedisProperties();
        p.setUrl("http://user:hunter2@redis:6379");
        assertThatThrownBy(() -> RedisTargets.resolve(p, false, bundles))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .containsExactly("spring.data.redis.url must start with redis://, rediss:// (TLS) or "
                                + "redis-sentinel://, not http://"));
        p.setUrl("redis-sentinel://hunter2@s1:26379/0");
        assertThatThrownBy(() -> RedisTargets.resolve(p, false, bundles))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.getMessage())
                        .contains("spring.data.redis.url", "#<master>")
                        .doesNotContain("hunter2"));
    }

    @Test
    void aUsernameWithoutAnyPasswordIsRefused() {
        DataRedisProperties p = new DataRedisProperties();
        p.setUrl("redis://redis:6379");
        p.setUsername("opgate");
        assertThatThrownBy(() -> RedisTargets.resolve(p, false, bundles))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .singleElement()
                        .asString()
                        .startsWith("spring.data.redis.username is set without a password: set "
                                + "spring.data.redis.password"));
    }

    private static RedisURI only(RedisTarget target) {
        assertThat(target.cluster()).isFalse();
        assertThat(target.nodes()).hasSize(1);
        return target.nodes().get(0);
    }

    private static RedisCredentials credentials(RedisURI uri) {
        RedisCredentialsProvider provider = uri.getCredentialsProvider();
        assertThat(provider).isInstanceOf(RedisCredentialsProvider.ImmediateRedisCredentialsProvider.class);
        return ((RedisCredentialsProvider.ImmediateRedisCredentialsProvider) provider).resolveCredentialsNow();
    }
}
