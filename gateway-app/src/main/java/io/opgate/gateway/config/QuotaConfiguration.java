package io.opgate.gateway.config;

import io.github.bucket4j.TimeMeter;
import io.opgate.gateway.security.ClientQuotas;
import io.opgate.gateway.security.ConcurrencyLimit;
import io.opgate.gateway.security.LocalRegistrationRate;
import io.opgate.gateway.security.MemoryConcurrencyQuota;
import io.opgate.gateway.store.redis.RedisConcurrencyQuota;
import io.opgate.gateway.store.redis.RedisConnections;
import io.opgate.gateway.store.redis.RedisKeys;
import io.opgate.gateway.store.redis.RedisRegistrationRate;
import io.opgate.gateway.store.redis.SharedQuotas;
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

    static ConcurrencyLimit streams(OpgateProperties properties) {
        return new ConcurrencyLimit("streams", properties.security().maxStreamsPerClient(), "event streams");
    }

    static ConcurrencyLimit longPolls(OpgateProperties properties) {
        return new ConcurrencyLimit(
                "long-polls", properties.security().maxLongPollsPerClient(), "reads waiting with ?wait=");
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "opgate.store", havingValue = "memory", matchIfMissing = true)
    static class MemoryQuotas {

        @Bean
        ClientQuotas clientQuotas(OpgateProperties properties) {
            OpgateProperties.Registrations rate = properties.security().registrations();
            return new ClientQuotas(
                    new MemoryConcurrencyQuota(streams(properties)),
                    new MemoryConcurrencyQuota(longPolls(properties)),
                    new LocalRegistrationRate(rate.perSecond(), rate.burst(), TimeMeter.SYSTEM_NANOTIME));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "opgate.store", havingValue = "redis")
    static class RedisQuotas {

        @Bean
        SharedQuotas sharedQuotas(RedisConnections connections, RedisKeys keys, RedisStoreProperties redis) {
            return new SharedQuotas(connections.commands(), keys, redis.quotaLease(), Schedulers.parallel());
        }

        @Bean(initMethod = "start", destroyMethod = "close")
        RedisConcurrencyQuota streamQuota(SharedQuotas shared, OpgateProperties properties) {
            return shared.quota(streams(properties));
        }

        @Bean(initMethod = "start", destroyMethod = "close")
        RedisConcurrencyQuota longPollQuota(SharedQuotas shared, OpgateProperties properties) {
            return shared.quota(longPolls(properties));
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
