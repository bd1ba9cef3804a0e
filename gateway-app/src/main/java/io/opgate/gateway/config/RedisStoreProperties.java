package io.opgate.gateway.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code opgate.redis.*}: how the Redis store shares work between replicas. Where Redis is and how to reach it comes
 * from Spring Boot's {@code spring.data.redis.*} keys (see {@link RedisTargets}).
 *
 * @param keyPrefix the hash tag every key starts with ({@code {opgate}:...}); gateways that share one Redis but
 *     not their operations use different prefixes
 * @param lease how long a replica's claim on a due poll holds; another replica takes the operation over after it
 *     (keep it above {@code opgate.polling.timeout})
 * @param watchRefresh how often a replica renews its clients' watches in Redis and reads everyone else's
 * @param feedBlock how long one blocking read of the change feed waits for new entries
 * @param readCacheRefresh how old this replica's copy of an operation may get before a read of it goes to Redis again;
 *     the copy follows every change the moment the feed brings it, so this bounds only {@code observedAt} and
 *     {@code backendStatus}, which change without an event
 * @param readCacheSize how many operations the copy holds at most; reads of others go to Redis
 * @param quotaLease how long a replica's share of the per-tenant quotas (streams, long-polls) counts after its last
 *     renewal (renewed every third of it): a replica that dies gives its share back within this
 */
@ConfigurationProperties("opgate.redis")
public record RedisStoreProperties(
        @DefaultValue("opgate") String keyPrefix,
        @DefaultValue("30s") Duration lease,
        @DefaultValue("1s") Duration watchRefresh,
        @DefaultValue("2s") Duration feedBlock,
        @DefaultValue("1s") Duration readCacheRefresh,
        @DefaultValue("100000") int readCacheSize,
        @DefaultValue("15s") Duration quotaLease) {}
