package io.opgate.gateway.store.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The three connections a replica holds, whatever its load: one shared by every command, one for the change feed's
 * blocking reads, one with binary values for the registration buckets (Bucket4j keeps its state as bytes). Commands fail at once while Redis is away (instead of queueing until a timeout), and the client
 * reconnects by itself within a second of Redis coming back.
 */
public final class RedisConnections implements AutoCloseable {

    private static final RedisCodec<String, byte[]> BINARY = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final ClientResources resources;
    private final AutoCloseable client;
    private final StatefulConnection<String, String> shared;
    private final StatefulConnection<String, String> feed;
    private final StatefulConnection<String, byte[]> binary;
    private final RedisClusterReactiveCommands<String, String> commands;
    private final RedisClusterReactiveCommands<String, String> feedCommands;

    private RedisConnections(
            ClientResources resources,
            AutoCloseable client,
            StatefulConnection<String, String> shared,
            RedisClusterReactiveCommands<String, String> commands,
            StatefulConnection<String, String> feed,
            RedisClusterReactiveCommands<String, String> feedCommands,
            StatefulConnection<String, byte[]> binary) {
        this.resources = resources;
        this.client = client;
        this.shared = shared;
        this.commands = commands;
        this.feed = feed;
        this.feedCommands = feedCommands;
        this.binary = binary;
    }

    /**
     * Connects to {@code target}: one server, a Sentinel-watched primary (found again through the sentinels on every
     * reconnection, so a failover is followed), or a Cluster.
     *
     * @param feedBlock how long the change feed's blocking read waits; its connection allows that plus the timeout
     */
    public static RedisConnections connect(RedisTarget target, Duration feedBlock) {
        ClientResources resources = ClientResources.builder()
                .reconnectDelay(
                        Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        Duration commandTimeout = target.commandTimeout();
        SocketOptions socket = SocketOptions.builder()
                .connectTimeout(target.connectTimeout())
                .keepAlive(true)
                .build();
        SslOptions ssl = target.ssl() != null ? target.ssl() : SslOptions.create();
        Duration feedTimeout = feedBlock.plus(commandTimeout);
        try {
            if (target.cluster()) {
                RedisClusterClient client = RedisClusterClient.create(resources, target.nodes());
                client.setOptions(ClusterClientOptions.builder()
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                        .timeoutOptions(TimeoutOptions.enabled())
                        .socketOptions(socket)
                        .sslOptions(ssl)
                        .build());
                StatefulRedisClusterConnection<String, String> shared = client.connect();
                StatefulRedisClusterConnection<String, String> feed = client.connect();
                StatefulRedisClusterConnection<String, byte[]> binary = client.connect(BINARY);
                shared.setTimeout(commandTimeout);
                feed.setTimeout(feedTimeout);
                binary.setTimeout(commandTimeout);
                return new RedisConnections(
                        resources, client::shutdown, shared, shared.reactive(), feed, feed.reactive(), binary);
            }
            RedisClient client = RedisClient.create(resources);
            client.setOptions(ClientOptions.builder()
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled())
                    .socketOptions(socket)
                    .sslOptions(ssl)
                    .build());
            RedisURI uri = target.nodes().get(0);
            StatefulRedisConnection<String, String> shared = client.connect(uri);
            StatefulRedisConnection<String, String> feed = client.connect(uri);
            StatefulRedisConnection<String, byte[]> binary = client.connect(BINARY, uri);
            shared.setTimeout(commandTimeout);
            feed.setTimeout(feedTimeout);
            binary.setTimeout(commandTimeout);
            return new RedisConnections(
                    resources, client::shutdown, shared, shared.reactive(), feed, feed.reactive(), binary);
        } catch (RuntimeException e) {
            resources.shutdown();
            throw e;
        }
    }

    /** The shared connection's commands: every reader and writer of this replica uses them. */
    public RedisClusterReactiveCommands<String, String> commands() {
        return commands;
    }

    /**
     * The connection with string keys and binary values: a {@link io.lettuce.core.api.StatefulRedisConnection} or,
     * on a Cluster, a {@link StatefulRedisClusterConnection}.
     */
    public StatefulConnection<String, byte[]> binary() {
        return binary;
    }

    /** The change feed reader's own connection. */
    public RedisClusterReactiveCommands<String, String> feedReader() {
        return feedCommands;
    }

    @Override
    public void close() throws Exception {
        try {
            binary.close();
            feed.close();
            shared.close();
            client.close();
        } finally {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
