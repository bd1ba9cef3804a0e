package io.opgate.gateway.store.redis;

import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.opgate.gateway.store.DiscoveryLease;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * The discovery lease shared by every replica on one Redis: {@code SET {p}:discovery:<backend> <replica> NX PX
 * <interval>}. The first replica to ask in an interval gets it; Redis expires it, so no clocks are compared.
 */
public final class RedisDiscoveryLease implements DiscoveryLease {

    private final RedisClusterReactiveCommands<String, String> redis;
    private final RedisKeys keys;
    private final String replica = UUID.randomUUID().toString();

    public RedisDiscoveryLease(RedisClusterReactiveCommands<String, String> redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public Mono<Boolean> tryAcquire(String backend, Instant now, Duration interval) {
        return redis.set(
                        keys.discoveryLease(backend),
                        replica,
                        SetArgs.Builder.nx().px(Math.max(1, interval.toMillis())))
                .map("OK"::equals)
                .defaultIfEmpty(false);
    }
}
