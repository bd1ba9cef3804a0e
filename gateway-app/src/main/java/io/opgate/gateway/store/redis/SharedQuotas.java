package io.opgate.gateway.store.redis;

import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.opgate.gateway.security.ConcurrencyLimit;
import java.time.Duration;
import reactor.core.scheduler.Scheduler;

/**
 * What every {@link RedisConcurrencyQuota} of one replica shares: the Redis the quotas are counted in, and the lease
 * after which the units of a replica that stopped renewing no longer count.
 *
 * @param lease how long after its last renewal a replica's units still count; renewed every third of it
 * @param timer where the renewals run
 */
public record SharedQuotas(
        RedisClusterReactiveCommands<String, String> redis, RedisKeys keys, Duration lease, Scheduler timer) {

    public SharedQuotas {
        if (lease.toMillis() < 3) {
            throw new IllegalArgumentException("opgate.redis.quota-lease must be at least 3ms, was " + lease);
        }
    }

    /** A quota that this replica counts together with every other replica on the same Redis. */
    public RedisConcurrencyQuota quota(ConcurrencyLimit limit) {
        return new RedisConcurrencyQuota(this, limit);
    }

    /** A quota hash outlives its last renewal by three leases, so that one nobody holds anything of goes away. */
    long hashLife() {
        return 3 * lease.toMillis();
    }
}
