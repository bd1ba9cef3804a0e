package io.opgate.gateway.store.redis;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.opgate.gateway.security.Caller;
import io.opgate.gateway.security.RegistrationRate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * A {@link RegistrationRate} whose buckets live in Redis, one key per tenant, shared by every replica: Bucket4j's
 * compare-and-swap proxy over Lettuce's asynchronous API, so no thread waits for Redis. A bucket's key expires once
 * the bucket would be full again, so a tenant that stops registering leaves nothing behind. Refill times come from the
 * replicas' clocks, which keep them within the clocks' skew of each other.
 */
public final class RedisRegistrationRate implements RegistrationRate {

    private final AsyncProxyManager<String> buckets;
    private final RedisKeys keys;
    private final Supplier<CompletableFuture<BucketConfiguration>> configuration;

    @SuppressWarnings("unchecked")
    public RedisRegistrationRate(
            StatefulConnection<String, byte[]> connection, RedisKeys keys, double perSecond, int burst) {
        var builder = connection instanceof StatefulRedisClusterConnection<?, ?> cluster
                ? Bucket4jLettuce.casBasedBuilder((StatefulRedisClusterConnection<String, byte[]>) cluster)
                : Bucket4jLettuce.casBasedBuilder((StatefulRedisConnection<String, byte[]>) connection);
        this.buckets = builder.expirationAfterWrite(
                        ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(5)))
                .build()
                .asAsync();
        this.keys = keys;
        BucketConfiguration bucket = RegistrationRate.bucket(perSecond, burst);
        this.configuration = () -> CompletableFuture.completedFuture(bucket);
    }

    @Override
    public Mono<Void> acquire(Caller caller) {
        return Mono.fromFuture(() -> buckets.builder()
                        .build(keys.registrations(caller.tenant()), configuration)
                        .tryConsumeAndReturnRemaining(1))
                .flatMap(RegistrationRate::answer);
    }
}
