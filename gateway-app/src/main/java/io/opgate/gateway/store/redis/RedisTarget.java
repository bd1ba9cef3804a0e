package io.opgate.gateway.store.redis;

import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where Redis is and how to talk to it: one server or a Sentinel-watched primary ({@code nodes} holds one URI, with
 * its sentinels inside), or the seed nodes of a Cluster. Credentials and the TLS flag are already on the URIs.
 *
 * @param ssl the trust (and client key) material for TLS; null for the JVM's default trust store
 * @param commandTimeout how long any command may take before it fails
 * @param connectTimeout how long connecting, the TLS handshake and authentication may take
 */
public record RedisTarget(
        List<RedisURI> nodes,
        boolean cluster,
        @Nullable SslOptions ssl,
        Duration commandTimeout,
        Duration connectTimeout) {

    public RedisTarget {
        nodes = List.copyOf(nodes);
        if (nodes.isEmpty() || (!cluster && nodes.size() != 1)) {
            throw new IllegalArgumentException("one URI, or the seed nodes of a cluster");
        }
    }
}
