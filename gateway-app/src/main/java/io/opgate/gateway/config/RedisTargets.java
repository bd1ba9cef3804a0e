package io.opgate.gateway.config;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.StaticCredentialsProvider;
import io.opgate.gateway.store.redis.RedisTarget;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * Turns Spring Boot's {@code spring.data.redis.*} keys into the {@link RedisTarget} the store connects to, or refuses
 * them with every mistake named. Topology: {@code sentinel.master} + {@code sentinel.nodes}, else
 * {@code cluster.nodes}, else {@code url}, else {@code host}. {@code username} and {@code password} win over the URL's
 * credentials, so that the URL can live in a ConfigMap and the password in a Secret; {@code ssl.enabled} or
 * {@code ssl.bundle} turns TLS on as {@code rediss://} does. Messages never repeat a URL or a password.
 */
final class RedisTargets {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final int SENTINEL_PORT = 26379;
    private static final Set<String> SCHEMES = Set.of("redis", "rediss", "redis-sentinel", "rediss-sentinel");

    private RedisTargets() {}

    /**
     * @param hostSet whether {@code spring.data.redis.host} was configured (Boot's default, localhost, is not taken as
     *     a wish to connect there)
     * @param bundles the application's SSL bundles, for {@code spring.data.redis.ssl.bundle}
     * @throws InvalidConfigurationException listing every problem
     */
    static RedisTarget resolve(DataRedisProperties properties, boolean hostSet, @Nullable SslBundles bundles) {
        List<String> problems = new ArrayList<>();
        String url = text(properties.getUrl());
        DataRedisProperties.Sentinel sentinel = properties.getSentinel();
        String master = sentinel == null ? null : text(sentinel.getMaster());
        List<String> sentinelNodes = sentinel == null ? List.of() : nonBlank(sentinel.getNodes());
        List<String> clusterNodes = properties.getCluster() == null
                ? List.of()
                : nonBlank(properties.getCluster().getNodes());
        boolean sentinels = master != null || !sentinelNodes.isEmpty();

        Duration timeout = positive("spring.data.redis.timeout", properties.getTimeout(), DEFAULT_TIMEOUT, problems);
        Duration connectTimeout = positive(
                "spring.data.redis.connect-timeout", properties.getConnectTimeout(), DEFAULT_CONNECT_TIMEOUT, problems);
        boolean tls = properties.getSsl().isEnabled();
        SslOptions ssl = sslOptions(text(properties.getSsl().getBundle()), bundles, problems);
        if (properties.getMasterreplica() != null
                && !nonBlank(properties.getMasterreplica().getNodes()).isEmpty()) {
            problems.add(
                    "spring.data.redis.masterreplica.nodes is not supported: use Sentinel"
                            + " (spring.data.redis.sentinel.master and spring.data.redis.sentinel.nodes) for a replicated Redis");
        }
        if (properties.getPort() < 1 || properties.getPort() > 65535) {
            problems.add("spring.data.redis.port must be between 1 and 65535, was " + properties.getPort());
        }
        if (properties.getDatabase() < 0) {
            problems.add("spring.data.redis.database must not be negative, was " + properties.getDatabase());
        }

        List<RedisURI> nodes = new ArrayList<>();
        boolean cluster = false;
        if (sentinels) {
            if (master == null) {
                problems.add("spring.data.redis.sentinel.nodes is set but spring.data.redis.sentinel.master is not:"
                        + " name the master the sentinels watch (SPRING_DATA_REDIS_SENTINEL_MASTER)");
            }
            if (sentinelNodes.isEmpty()) {
                problems.add("spring.data.redis.sentinel.master is set but spring.data.redis.sentinel.nodes is not:"
                        + " list the sentinels as host:port (SPRING_DATA_REDIS_SENTINEL_NODES=h1:26379,h2:26379)");
            }
            if (url != null) {
                problems.add("spring.data.redis.url and spring.data.redis.sentinel.* are both set: use one of them"
                        + " (a redis-sentinel:// URL, or sentinel.master and sentinel.nodes)");
            }
            if (!clusterNodes.isEmpty()) {
                problems.add("spring.data.redis.cluster.nodes and spring.data.redis.sentinel.* are both set: use one");
            }
            RedisURI.Builder builder = RedisURI.builder()
                    .withSentinelMasterId(master == null ? "unset" : master)
                    .withDatabase(Math.max(0, properties.getDatabase()));
            for (String node : sentinelNodes) {
                RedisURI address = address("spring.data.redis.sentinel.nodes", node, SENTINEL_PORT, problems);
                if (address != null) {
                    builder.withSentinel(address);
                }
            }
            if (!sentinelNodes.isEmpty()) {
                nodes.add(builder.build());
            }
        } else if (!clusterNodes.isEmpty()) {
            if (url != null) {
                problems.add("spring.data.redis.url and spring.data.redis.cluster.nodes are both set: use one");
            }
            cluster = true;
            for (String node : clusterNodes) {
                RedisURI address = node.contains("://")
                        ? parse("spring.data.redis.cluster.nodes", node, problems)
                        : address("spring.data.redis.cluster.nodes", node, 6379, problems);
                if (address != null) {
                    nodes.add(address);
                }
            }
        } else if (url != null) {
            RedisURI parsed = parse("spring.data.redis.url", url, problems);
            if (parsed != null) {
                if (parsed.getDatabase() == 0 && !hasDatabasePath(url)) {
                    parsed.setDatabase(Math.max(0, properties.getDatabase()));
                }
                nodes.add(parsed);
            }
        } else if (hostSet && text(properties.getHost()) != null) {
            nodes.add(RedisURI.builder()
                    .withHost(properties.getHost().trim())
                    .withPort(properties.getPort())
                    .withDatabase(Math.max(0, properties.getDatabase()))
                    .build());
        } else {
            problems.add("opgate.store is redis but nothing says where Redis is: set spring.data.redis.url"
                    + " (SPRING_DATA_REDIS_URL, e.g. redis://redis:6379), spring.data.redis.host, or"
                    + " spring.data.redis.sentinel.master and spring.data.redis.sentinel.nodes");
        }

        for (RedisURI node : nodes) {
            credentials(
                    node,
                    text(properties.getUsername()),
                    text(properties.getPassword()),
                    "spring.data.redis.username",
                    problems);
            each(node, uri -> {
                if (tls) {
                    uri.setSsl(true);
                }
                uri.setTimeout(connectTimeout);
                if (text(properties.getClientName()) != null) {
                    uri.setClientName(properties.getClientName().trim());
                }
            });
            if (sentinel != null) {
                for (RedisURI sentinelUri : node.getSentinels()) {
                    credentials(
                            sentinelUri,
                            text(sentinel.getUsername()),
                            text(sentinel.getPassword()),
                            "spring.data.redis.sentinel.username",
                            problems);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        return new RedisTarget(nodes, cluster, ssl, timeout, connectTimeout);
    }

    /** Applies {@code change} to {@code uri} and to its sentinels. */
    private static void each(RedisURI uri, Consumer<RedisURI> change) {
        change.accept(uri);
        uri.getSentinels().forEach(change);
    }

    /** Puts the configured user and password in place of the URI's own, each only where configured. */
    private static void credentials(
            RedisURI uri, @Nullable String username, @Nullable String password, String key, List<String> problems) {
        if (username == null && password == null) {
            return;
        }
        RedisCredentials own = ownCredentials(uri);
        String user = username != null ? username : own == null ? null : own.getUsername();
        char[] secret = password != null ? password.toCharArray() : own == null ? null : own.getPassword();
        if (secret == null || secret.length == 0) {
            problems.add(key + " is set without a password: set " + key.replace("username", "password")
                    + " as well (Redis authenticates a user with a password)");
            return;
        }
        uri.setCredentialsProvider(new StaticCredentialsProvider(user, secret));
    }

    private static @Nullable RedisCredentials ownCredentials(RedisURI uri) {
        RedisCredentialsProvider provider = uri.getCredentialsProvider();
        if (provider instanceof RedisCredentialsProvider.ImmediateRedisCredentialsProvider immediate) {
            RedisCredentials credentials = immediate.resolveCredentialsNow();
            return credentials != null && credentials.hasPassword() ? credentials : null;
        }
        return null;
    }

    private static @Nullable SslOptions sslOptions(
            @Nullable String bundleName, @Nullable SslBundles bundles, List<String> problems) {
        if (bundleName == null) {
            return null;
        }
        if (bundles == null) {
            problems.add("spring.data.redis.ssl.bundle names '" + bundleName + "' but no SSL bundle is configured"
                    + " (spring.ssl.bundle.pem." + bundleName + ".truststore.certificate=/path/to/ca.crt)");
            return null;
        }
        SslBundle bundle;
        try {
            bundle = bundles.getBundle(bundleName);
        } catch (NoSuchSslBundleException e) {
            problems.add("spring.data.redis.ssl.bundle names '" + bundleName + "', which is not an SSL bundle of this"
                    + " application; configure it (spring.ssl.bundle.pem." + bundleName
                    + ".truststore.certificate=/path/to/ca.crt) or name one of " + bundles.getBundleNames());
            return null;
        } catch (RuntimeException e) {
            problems.add("spring.data.redis.ssl.bundle '" + bundleName + "' cannot be loaded: " + e.getMessage());
            return null;
        }
        SslOptions.Builder builder = SslOptions.builder()
                .jdkSslProvider()
                .keyManager(bundle.getManagers().getKeyManagerFactory())
                .trustManager(bundle.getManagers().getTrustManagerFactory());
        if (bundle.getOptions().getCiphers() != null) {
            builder.cipherSuites(bundle.getOptions().getCiphers());
        }
        if (bundle.getOptions().getEnabledProtocols() != null) {
            builder.protocols(bundle.getOptions().getEnabledProtocols());
        }
        return builder.build();
    }

    /** Parses a Redis URL; the problem names the key and the scheme, never the URL (it may hold a password). */
    private static @Nullable RedisURI parse(String key, String url, List<String> problems) {
        int colon = url.indexOf("://");
        String scheme = colon < 0 ? "" : url.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            problems.add(key + " must start with redis://, rediss:// (TLS) or redis-sentinel://"
                    + (scheme.isEmpty() ? "" : ", not " + scheme + "://"));
            return null;
        }
        if (scheme.endsWith("sentinel") && !url.contains("#")) {
            problems.add(key + " is a " + scheme + ":// URL without the master's name: end it with #<master>");
            return null;
        }
        try {
            RedisURI uri = RedisURI.create(url);
            UrlCredentials own = UrlCredentials.of(url);
            if (own.password() != null) {
                uri.setCredentialsProvider(new StaticCredentialsProvider(
                        own.username(), own.password().toCharArray()));
            }
            return uri;
        } catch (RuntimeException e) {
            problems.add(key + " is not a valid " + scheme + ":// URL (expected " + scheme
                    + "://[user:password@]host[:port][/database])");
            return null;
        }
    }

    /** The user and password of a URL's authority ({@code user:password@}, or {@code password@} alone). */
    private record UrlCredentials(@Nullable String username, @Nullable String password) {

        static UrlCredentials of(String url) {
            int start = url.indexOf("://") + 3;
            int end = start;
            while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
                end++;
            }
            String authority = url.substring(start, end);
            int at = authority.lastIndexOf('@');
            if (at < 0) {
                return new UrlCredentials(null, null);
            }
            String info = authority.substring(0, at);
            int colon = info.indexOf(':');
            String user = colon < 0 ? null : decode(info.substring(0, colon));
            String password = decode(colon < 0 ? info : info.substring(colon + 1));
            return new UrlCredentials(
                    user == null || user.isEmpty() ? null : user, password.isEmpty() ? null : password);
        }

        private static String decode(String text) {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        }
    }

    private static boolean hasDatabasePath(String url) {
        int authority = url.indexOf("://") + 3;
        int slash = url.indexOf('/', authority);
        return slash > 0 && slash + 1 < url.length() && Character.isDigit(url.charAt(slash + 1));
    }

    /** {@code host:port}, {@code host} or {@code [v6]:port}. */
    private static @Nullable RedisURI address(String key, String node, int defaultPort, List<String> problems) {
        String host = node;
        int port = defaultPort;
        int colon = node.lastIndexOf(':');
        if (colon > 0 && node.indexOf(']', colon) < 0 && (node.indexOf(':') == colon || node.startsWith("["))) {
            host = node.substring(0, colon);
            try {
                port = Integer.parseInt(node.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isBlank() || port < 1 || port > 65535) {
            problems.add(key + " has '" + node + "', which is not host:port");
            return null;
        }
        return RedisURI.create(host, port);
    }

    private static Duration positive(
            String key, @Nullable Duration value, Duration defaultValue, List<String> problems) {
        if (value == null) {
            return defaultValue;
        }
        if (value.isNegative() || value.isZero()) {
            problems.add(key + " must be positive, was " + value);
            return defaultValue;
        }
        return value;
    }

    private static @Nullable String text(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static List<String> nonBlank(@Nullable List<String> values) {
        return values == null
                ? List.of()
                : values.stream()
                        .filter(v -> v != null && !v.isBlank())
                        .map(String::trim)
                        .toList();
    }
}
