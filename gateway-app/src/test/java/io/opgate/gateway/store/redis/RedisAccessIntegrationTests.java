package io.opgate.gateway.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.opgate.gateway.OpgateApplication;
import io.opgate.gateway.config.InvalidConfigurationException;
import io.opgate.gateway.support.CapturedLogs;
import io.opgate.gateway.support.GatewayReplica;
import io.opgate.gateway.support.RedisServer;
import io.opgate.gateway.support.ScriptedAdapter;
import io.opgate.gateway.support.ScriptedAdapterFactory;
import io.opgate.gateway.support.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.NestedExceptionUtils;
import tools.jackson.databind.JsonNode;

/**
 * The gateway on Redis set up the ways production runs it, each a real {@code redis-server} on a loopback port, all
 * configured with Spring Boot's standard {@code spring.data.redis.*} keys only: a password (given apart from the
 * URL, as a Secret would), an ACL user, TLS with a CA made for the test, Sentinel (a primary, a replica and three
 * sentinels). Each time the gateway starts, becomes ready and tracks an operation to its end.
 */
class RedisAccessIntegrationTests {

    static final String PASSWORD = "s3cret-Pa55word";

    final ScriptedAdapter backend = ScriptedAdapterFactory.adapter(GatewayReplica.BACKEND);

    @Test
    void aPasswordGivenApartFromTheUrl() {
        try (RedisServer redis = RedisServer.local().password(PASSWORD).start()) {
            // Without it Redis refuses the gateway, so the password below is what lets it in. Lettuce reports the
            // refusal as NOAUTH, or, when Redis has closed the connection before Lettuce's handshake step ran, as that
            // step missing (seen once in CI): either way the gateway did not start.
            assertThatThrownBy(() -> GatewayReplica.start(redis.url(), "nopass", Map.of())
                            .close())
                    .satisfies(e -> assertThat(
                                    NestedExceptionUtils.getMostSpecificCause(e).toString())
                            .containsAnyOf("NOAUTH", "RedisHandshakeHandler not registered"));

            CapturedLogs.capture();
            try (GatewayReplica gateway = GatewayReplica.start(
                    Map.of("spring.data.redis.url", redis.url(), "spring.data.redis.password", PASSWORD),
                    "password",
                    Map.of())) {
                tracksAnOperationToItsEnd(gateway);
            } finally {
                assertThat(CapturedLogs.stopCapturing()).noneMatch(line -> line.contains(PASSWORD));
            }
        }
    }

    @Test
    void anAclUser() {
        try (RedisServer redis = RedisServer.local()
                .password("admin-only")
                .user("opgate", PASSWORD)
                .start()) {
            try (GatewayReplica gateway = GatewayReplica.start(
                    Map.of(
                            "spring.data.redis.url",
                            redis.url(),
                            "spring.data.redis.username",
                            "opgate",
                            "spring.data.redis.password",
                            PASSWORD),
                    "acl",
                    Map.of())) {
                tracksAnOperationToItsEnd(gateway);
                assertThat(redisCommand(redis, "CLIENT", "LIST")).contains("user=opgate");
            }
        }
    }

    @Test
    void tlsWithTheCaOfAnSslBundle(@TempDir Path dir) {
        TestCertificates certificates = TestCertificates.create(dir);
        try (RedisServer redis = RedisServer.local().tls(certificates).start()) {
            assertThat(redis.url()).startsWith("rediss://");
            try (GatewayReplica gateway = GatewayReplica.start(
                    Map.of(
                            "spring.data.redis.url",
                            redis.url(),
                            "spring.data.redis.ssl.bundle",
                            "redis",
                            "spring.ssl.bundle.pem.redis.truststore.certificate",
                            certificates.caCertificate().toString()),
                    "tls",
                    Map.of())) {
                tracksAnOperationToItsEnd(gateway);
            }
            // The same server is not trusted without the CA: the bundle is what made the connection.
            assertThatThrownBy(() -> GatewayReplica.start(redis.url(), "untrusted", Map.of())
                            .close())
                    .satisfies(e -> assertThat(e).hasStackTraceContaining("PKIX"));
        }
    }

    @Test
    void tlsTurnedOnByTheSslKeyOnAPlainUrl(@TempDir Path dir) {
        TestCertificates certificates = TestCertificates.create(dir);
        try (RedisServer redis =
                RedisServer.local().tls(certificates).password(PASSWORD).start()) {
            try (GatewayReplica gateway = GatewayReplica.start(
                    Map.of(
                            "spring.data.redis.host",
                            redis.host(),
                            "spring.data.redis.port",
                            redis.port(),
                            "spring.data.redis.password",
                            PASSWORD,
                            "spring.data.redis.ssl.enabled",
                            "true",
                            "spring.data.redis.ssl.bundle",
                            "redis",
                            "spring.ssl.bundle.pem.redis.truststore.certificate",
                            certificates.caCertificate().toString()),
                    "tlshost",
                    Map.of())) {
                tracksAnOperationToItsEnd(gateway);
            }
        }
    }

    @Test
    void sentinelWithAPrimaryAReplicaAndThreeSentinels() {
        List<RedisServer> servers = new ArrayList<>();
        try {
            RedisServer primary = RedisServer.local().password(PASSWORD).start();
            servers.add(primary);
            servers.add(
                    RedisServer.local().password(PASSWORD).replicaOf(primary).start());
            List<String> nodes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                RedisServer sentinel =
                        RedisServer.sentinel("opgate-primary", primary, Duration.ofSeconds(2), Duration.ofSeconds(10));
                servers.add(sentinel);
                nodes.add(sentinel.host() + ":" + sentinel.port());
            }
            Map<String, Object> redis = new LinkedHashMap<>();
            redis.put("spring.data.redis.sentinel.master", "opgate-primary");
            redis.put("spring.data.redis.sentinel.nodes", String.join(",", nodes));
            redis.put("spring.data.redis.password", PASSWORD);
            try (GatewayReplica gateway = GatewayReplica.start(redis, "sentinel", Map.of())) {
                tracksAnOperationToItsEnd(gateway);
                assertThat(redisCommand(primary, "DBSIZE")).isNotEqualTo(":0");
            }
        } finally {
            for (int i = servers.size() - 1; i >= 0; i--) {
                servers.get(i).close();
            }
        }
    }

    @Test
    void aMisconfigurationIsRefusedAtStartNamingEveryKey() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(OpgateApplication.class)
                        .properties(Map.of(
                                "server.port", 0,
                                "opgate.store", "redis",
                                "opgate.security.mode", "none",
                                "opgate.backends.lab.type", "scripted",
                                "spring.data.redis.sentinel.master", "mymaster",
                                "spring.data.redis.ssl.bundle", "nosuch",
                                "spring.data.redis.password", PASSWORD))
                        .run()
                        .close())
                .satisfies(e -> {
                    Throwable cause = NestedExceptionUtils.getMostSpecificCause(e);
                    assertThat(cause).isInstanceOf(InvalidConfigurationException.class);
                    assertThat(((InvalidConfigurationException) cause).problems())
                            .anyMatch(p -> p.startsWith("spring.data.redis.sentinel.master is set but "
                                    + "spring.data.redis.sentinel.nodes is not"))
                            .anyMatch(p -> p.startsWith("spring.data.redis.ssl.bundle names 'nosuch'"))
                            .hasSize(2);
                    assertThat(cause.getMessage()).doesNotContain(PASSWORD);
                });
    }

    void tracksAnOperationToItsEnd(GatewayReplica gateway) {
        gateway.http()
                .get()
                .uri("/actuator/health/readiness")
                .exchange()
                .expectStatus()
                .isOk();
        String handle = "r-" + UUID.randomUUID();
        backend.answer(handle, ScriptedAdapter.running(10));
        String id = gateway.register(handle);
        backend.answer(handle, ScriptedAdapter.succeeded());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode op = gateway.http()
                    .get()
                    .uri("/v1/operations/{id}", id)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(JsonNode.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(op.get("state").asString()).isEqualTo("SUCCEEDED");
        });
    }

    static String redisCommand(RedisServer redis, String... args) {
        try {
            return redis.command(args);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
