package io.opgate.gateway.config;

import io.opgate.gateway.events.EventHub;
import io.opgate.gateway.store.FeedCoherentSnapshots;
import io.opgate.gateway.store.OperationStore;
import io.opgate.gateway.store.redis.RedisChangeFeed;
import io.opgate.gateway.store.redis.RedisConnections;
import io.opgate.gateway.store.redis.RedisDueQueue;
import io.opgate.gateway.store.redis.RedisHealthIndicator;
import io.opgate.gateway.store.redis.RedisKeys;
import io.opgate.gateway.store.redis.RedisOperationStore;
import io.opgate.gateway.store.redis.RedisWatchRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Schedulers;

/** The Redis store, due queue, watch registry and change feed, when {@code opgate.store} is {@code redis}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "opgate.store", havingValue = "redis")
class RedisStoreConfiguration {

    @Bean(destroyMethod = "close")
    RedisConnections redisConnections(
            @Value("${spring.data.redis.url:}") String url,
            @Value("${spring.data.redis.cluster.nodes:}") List<String> clusterNodes,
            @Value("${spring.data.redis.timeout:2s}") Duration timeout,
            RedisStoreProperties properties) {
        List<String> nodes =
                clusterNodes.stream().filter(node -> !node.isBlank()).toList();
        if (url.isBlank() && nodes.isEmpty()) {
            throw new InvalidConfigurationException(List.of(
                    "opgate.store is redis but spring.data.redis.url (or spring.data.redis.cluster.nodes) is not set"));
        }
        return RedisConnections.connect(url, nodes, timeout, properties.feedBlock());
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
                properties.readCacheRefresh(),
                properties.readCacheSize(),
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
            RedisConnections connections,
            RedisKeys keys,
            Clock clock,
            RedisWatchRegistry watches,
            RedisStoreProperties properties) {
        return new RedisDueQueue(connections.commands(), keys, properties.lease(), clock, watches);
    }

    @Bean
    ReactiveHealthIndicator storeHealthIndicator(
            RedisConnections connections, @Value("${spring.data.redis.timeout:2s}") Duration timeout) {
        return new RedisHealthIndicator(connections.commands(), timeout);
    }

    /** Streams end when the feed loses Redis, so that clients reconnect and resume from their last cursor. */
    @Bean
    SmartInitializingSingleton endStreamsOnRedisOutage(RedisChangeFeed feed, EventHub hub) {
        return () -> feed.onOutage(hub::endStreams);
    }
}
