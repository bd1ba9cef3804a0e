package io.opgate.gateway.config;

import io.github.bucket4j.TimeMeter;
import io.opgate.gateway.security.ClientQuotas;
import io.opgate.gateway.security.LocalRegistrationRate;
import io.opgate.gateway.security.MemoryConcurrencyQuota;
import io.opgate.gateway.store.redis.RedisConcurrencyQuota;
import io.opgate.gateway.store.redis.RedisConnections;
import io.opgate.gateway.store.redis.RedisKeys;
import io.opgate.gateway.store.redis.RedisRegistrationRate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Schedulers;

/**
 * The per-tenant quotas ({@code opgate.security.max-streams-per-client}, {@code max-long-polls-per-client},
 * {@code registrations}): in this instance's memory with the memory store, in Redis with the Redis store, so that N
 * replicas together allow what one would.
 */
@Configuration(proxyBeanMethods = false)
class QuotaConfiguration {

    static final String STREAMS = "event streams";
    static final String LONG_POLLS = "reads waiting with ?wait=";

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "opgate.store", havingValue = "memory", matchIfMissing = true)
    static class MemoryQuotas {

        @Bean
        ClientQuotas clientQuotas(OpgateProperties properties) {
            OpgateProperties.Security security = properties.security();
            OpgateProperties.Registrations rate = security.registrations();
            return new ClientQuotas(
                    new MemoryConcurrencyQuota(security.maxStreamsPerClient(), STREAMS),
                    new MemoryConcurrencyQuota(security.maxLongPollsPerClient(), LONG_POLLS),
                    new LocalRegistrationRate(rate.perSecond(), rate.burst(), TimeMeter.SYSTEM_NANOTIME));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "opgate.store", havingValue = "redis")
    static class RedisQuotas {

        @Bean(initMethod = "start", destroyMethod = "close")
        RedisConcurrencyQuota streamQuota(
                RedisConnections connections, RedisKeys keys, OpgateProperties properties, RedisStoreProperties redis) {
            return shared(
                    connections, keys, redis, "streams", properties.security().maxStreamsPerClient(), STREAMS);
        }

        @Bean(initMethod = "start", destroyMethod = "close")
        RedisConcurrencyQuota longPollQuota(
                RedisConnections connections, RedisKeys keys, OpgateProperties properties, RedisStoreProperties redis) {
            return shared(
                    connections,
                    keys,
                    redis,
                    "long-polls",
                    properties.security().maxLongPollsPerClient(),
                    LONG_POLLS);
        }

        /** One kind of request counted across the replicas; see {@link RedisConcurrencyQuota} for the arguments. */
        private static RedisConcurrencyQuota shared(
                RedisConnections connections,
                RedisKeys keys,
                RedisStoreProperties redis,
                String kind,
                int maxPerTenant,
                String what) {
            return new RedisConcurrencyQuota(
                    connections.commands(), keys, kind, maxPerTenant, what, redis.quotaLease(), Schedulers.parallel());
        }

        @Bean
        ClientQuotas clientQuotas(
                RedisConcurrencyQuota streamQuota,
                RedisConcurrencyQuota longPollQuota,
                RedisConnections connections,
                RedisKeys keys,
                OpgateProperties properties) {
            OpgateProperties.Registrations rate = properties.security().registrations();
            return new ClientQuotas(
                    streamQuota,
                    longPollQuota,
                    new RedisRegistrationRate(connections.binary(), keys, rate.perSecond(), rate.burst()));
        }
    }
}
