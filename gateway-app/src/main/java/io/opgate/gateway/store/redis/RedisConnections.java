package io.opgate.gateway.store.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The two connections a replica holds, whatever its load: one shared by every command, one for the change feed's
 * blocking reads. Commands fail at once while Redis is away (instead of queueing until a timeout), and the client
 * reconnects by itself within a second of Redis coming back.
 */
public final class RedisConnections implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final ClientResources resources;
    private final AutoCloseable client;
    private final StatefulConnection<String, String> shared;
    private final StatefulConnection<String, String> feed;
    private final RedisClusterReactiveCommands<String, String> commands;
    private final RedisClusterReactiveCommands<String, String> feedCommands;

    private RedisConnections(
            ClientResources resources,
            AutoCloseable client,
            StatefulConnection<String, String> shared,
            RedisClusterReactiveCommands<String, String> commands,
            StatefulConnection<String, String> feed,
            RedisClusterReactiveCommands<String, String> feedCommands) {
        this.resources = resources;
        this.client = client;
        this.shared = shared;
        this.commands = commands;
        this.feed = feed;
        this.feedCommands = feedCommands;
    }

    /**
     * Connects to one server or a Sentinel-watched primary ({@code url}: {@code redis://}, {@code rediss://} for TLS,
     * {@code redis-sentinel://}), or to a Cluster when {@code clusterNodes} is not empty.
     *
     * @param commandTimeout how long any command may take before it fails
     * @param feedBlock how long the change feed's blocking read waits; its connection allows that plus the timeout
     */
    public static RedisConnections connect(
            String url, List<String> clusterNodes, Duration commandTimeout, Duration feedBlock) {
        ClientResources resources = ClientResources.builder()
                .reconnectDelay(
                        Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        // Connecting (and the handshake after it) may take longer than a command, above all at start-up while the
        // JVM warms up; commands get their own timeout once connected.
        Duration connectTimeout = commandTimeout.compareTo(CONNECT_TIMEOUT) > 0 ? commandTimeout : CONNECT_TIMEOUT;
        SocketOptions socket = SocketOptions.builder()
                .connectTimeout(connectTimeout)
                .keepAlive(true)
                .build();
        Duration feedTimeout = feedBlock.plus(commandTimeout);
        try {
            if (!clusterNodes.isEmpty()) {
                List<RedisURI> nodes = clusterNodes.stream()
                        .map(node -> node.contains("://") ? RedisURI.create(node) : RedisURI.create("redis://" + node))
                        .peek(uri -> uri.setTimeout(connectTimeout))
                        .toList();
                RedisClusterClient client = RedisClusterClient.create(resources, nodes);
                client.setOptions(ClusterClientOptions.builder()
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                        .timeoutOptions(TimeoutOptions.enabled())
                        .socketOptions(socket)
                        .build());
                StatefulRedisClusterConnection<String, String> shared = client.connect();
                StatefulRedisClusterConnection<String, String> feed = client.connect();
                shared.setTimeout(commandTimeout);
                feed.setTimeout(feedTimeout);
                return new RedisConnections(
                        resources, client::shutdown, shared, shared.reactive(), feed, feed.reactive());
            }
            RedisURI uri = RedisURI.create(url);
            uri.setTimeout(connectTimeout);
            RedisClient client = RedisClient.create(resources, uri);
            client.setOptions(ClientOptions.builder()
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled())
                    .socketOptions(socket)
                    .build());
            StatefulRedisConnection<String, String> shared = client.connect();
            StatefulRedisConnection<String, String> feed = client.connect();
            shared.setTimeout(commandTimeout);
            feed.setTimeout(feedTimeout);
            return new RedisConnections(resources, client::shutdown, shared, shared.reactive(), feed, feed.reactive());
        } catch (RuntimeException e) {
            resources.shutdown();
            throw e;
        }
    }

    /** The shared connection's commands: every reader and writer of this replica uses them. */
    public RedisClusterReactiveCommands<String, String> commands() {
        return commands;
    }

    /** The change feed reader's own connection. */
    public RedisClusterReactiveCommands<String, String> feedReader() {
        return feedCommands;
    }

    @Override
    public void close() throws Exception {
        try {
            feed.close();
            shared.close();
            client.close();
        } finally {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
