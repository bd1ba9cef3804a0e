package io.opgate.gateway.config;

import io.opgate.gateway.events.EventHub;
import io.opgate.gateway.store.FeedCoherentSnapshots;
import io.opgate.gateway.store.OperationStore;
import io.opgate.gateway.store.redis.RedisChangeFeed;
import io.opgate.gateway.store.redis.RedisConnections;
import io.opgate.gateway.store.redis.RedisDiscoveryLease;
import io.opgate.gateway.store.redis.RedisDueQueue;
import io.opgate.gateway.store.redis.RedisHandleTrackers;
import io.opgate.gateway.store.redis.RedisHealthIndicator;
import io.opgate.gateway.store.redis.RedisKeys;
import io.opgate.gateway.store.redis.RedisOperationStore;
import io.opgate.gateway.store.redis.RedisTarget;
import io.opgate.gateway.store.redis.RedisWatchRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import reactor.core.scheduler.Schedulers;

/** The Redis store, due queue, watch registry and change feed, when {@code opgate.store} is {@code redis}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "opgate.store", havingValue = "redis")
@EnableConfigurationProperties(DataRedisProperties.class)
class RedisStoreConfiguration {

    /**
     * Where Redis is and how to reach it, from Spring Boot's own {@code spring.data.redis.*} keys (nothing else
     * configures Redis); refused at start-up, every mistake named, when they do not say it.
     */
    @Bean
    RedisTarget redisTarget(DataRedisProperties redis, Environment environment, ObjectProvider<SslBundles> bundles) {
        return RedisTargets.resolve(
                redis, environment.containsProperty("spring.data.redis.host"), bundles.getIfAvailable());
    }

    @Bean(destroyMethod = "close")
    RedisConnections redisConnections(RedisTarget target, RedisStoreProperties properties) {
        return RedisConnections.connect(target, properties.feedBlock());
    }

    @Bean
    RedisKeys redisKeys(RedisStoreProperties properties) {
        return new RedisKeys(properties.keyPrefix());
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    RedisChangeFeed redisChangeFeed(RedisConnections connections, RedisKeys keys, RedisStoreProperties properties) {
        return new RedisChangeFeed(connections.commands(), connections.feedReader(), keys, properties.feedBlock());
    }

    @Bean
    RedisOperationStore redisOperationStore(RedisConnections connections, RedisKeys keys, OpgateProperties properties) {
        return new RedisOperationStore(
                connections.commands(),
                keys,
                properties.events().retainedChanges(),
                properties.history().maxEntries());
    }

    /** Reads of single operations from a copy that this replica's feed reader keeps current. */
    @Bean(initMethod = "start", destroyMethod = "close")
    FeedCoherentSnapshots operationSnapshots(
            OperationStore store, RedisChangeFeed feed, RedisStoreProperties properties) {
        FeedCoherentSnapshots snapshots = new FeedCoherentSnapshots(
                store,
                feed,
                feed::following,
                new FeedCoherentSnapshots.Limits(properties.readCacheRefresh(), properties.readCacheSize()),
                System::nanoTime);
        feed.onOutage(snapshots::clear);
        return snapshots;
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    RedisWatchRegistry redisWatchRegistry(
            RedisConnections connections, RedisKeys keys, Clock clock, RedisStoreProperties properties) {
        return new RedisWatchRegistry(
                connections.commands(), keys, clock, properties.watchRefresh(), Schedulers.parallel());
    }

    @Bean
    RedisDueQueue redisDueQueue(
            RedisConnections connections, RedisKeys keys, Clock clock, RedisStoreProperties properties) {
        return new RedisDueQueue(connections.commands(), keys, properties.lease(), clock);
    }

    @Bean
    RedisHandleTrackers redisHandleTrackers(RedisConnections connections, RedisKeys keys) {
        return new RedisHandleTrackers(connections.commands(), keys);
    }

    @Bean
    RedisDiscoveryLease redisDiscoveryLease(RedisConnections connections, RedisKeys keys) {
        return new RedisDiscoveryLease(connections.commands(), keys);
    }

    @Bean
    ReactiveHealthIndicator storeHealthIndicator(RedisConnections connections, RedisTarget target) {
        return new RedisHealthIndicator(connections.commands(), target.commandTimeout());
    }

    /** Streams end when the feed loses Redis, so that clients reconnect and resume from their last cursor. */
    @Bean
    SmartInitializingSingleton endStreamsOnRedisOutage(RedisChangeFeed feed, EventHub hub) {
        return () -> feed.onOutage(hub::endStreams);
    }
}
