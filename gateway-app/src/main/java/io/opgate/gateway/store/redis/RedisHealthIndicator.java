package io.opgate.gateway.store.redis;

import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;

/** The store is up while Redis answers a {@code PING} in time; part of the readiness group. */
public final class RedisHealthIndicator implements ReactiveHealthIndicator {

    private final RedisClusterReactiveCommands<String, String> redis;
    private final Duration timeout;

    public RedisHealthIndicator(RedisClusterReactiveCommands<String, String> redis, Duration timeout) {
        this.redis = redis;
        this.timeout = timeout;
    }

    @Override
    public Mono<Health> health() {
        return redis.ping()
                .timeout(timeout)
                .map(pong -> Health.up().build())
                // Only the kind of failure: a message could name hosts or carry credentials from the URL.
                .onErrorResume(e -> Mono.just(Health.down()
                        .withDetail("error", e.getClass().getSimpleName())
                        .build()));
    }
}
