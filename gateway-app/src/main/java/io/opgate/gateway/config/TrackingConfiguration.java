package io.opgate.gateway.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.opgate.gateway.events.ChangeStreams;
import io.opgate.gateway.events.EventHub;
import io.opgate.gateway.store.ChangeFeed;
import io.opgate.gateway.store.DiscoveryLease;
import io.opgate.gateway.store.DueQueue;
import io.opgate.gateway.store.HandleTrackers;
import io.opgate.gateway.store.MemoryChangeFeed;
import io.opgate.gateway.store.MemoryDueQueue;
import io.opgate.gateway.store.MemoryHandleTrackers;
import io.opgate.gateway.store.MemoryOperationStore;
import io.opgate.gateway.store.MemoryWatchRegistry;
import io.opgate.gateway.store.OperationSnapshots;
import io.opgate.gateway.store.OperationStore;
import io.opgate.gateway.store.WatchRegistry;
import io.opgate.gateway.tracking.Backend;
import io.opgate.gateway.tracking.BackendRegistry;
import io.opgate.gateway.tracking.Discovery;
import io.opgate.gateway.tracking.Followers;
import io.opgate.gateway.tracking.HandleTracking;
import io.opgate.gateway.tracking.OperationService;
import io.opgate.gateway.tracking.PollIntervals;
import io.opgate.gateway.tracking.PollingEngine;
import io.opgate.gateway.tracking.PollingSettings;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The tracking engine, and the in-memory store when {@code opgate.store} is {@code memory}. */
@Configuration(proxyBeanMethods = false)
class TrackingConfiguration {

    @Bean
    PollingSettings pollingSettings(OpgateProperties properties) {
        OpgateProperties.Polling p = properties.polling();
        return new PollingSettings(
                p.initialInterval(),
                p.maxInterval(),
                p.watchedInterval(),
                p.timeout(),
                p.giveUpAfter(),
                p.notFoundGrace(),
                properties.retention(),
                p.tick());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "opgate.store", havingValue = "memory", matchIfMissing = true)
    static class MemoryStoreConfiguration {

        @Bean
        MemoryChangeFeed memoryChangeFeed(OpgateProperties properties) {
            return new MemoryChangeFeed(properties.events().retainedChanges());
        }

        @Bean
        MemoryOperationStore memoryOperationStore(MemoryChangeFeed feed, OpgateProperties properties) {
            return new MemoryOperationStore(feed, properties.history().maxEntries());
        }

        /** The memory store is a map already: reads need no copy of their own. */
        @Bean
        OperationSnapshots operationSnapshots(OperationStore store) {
            return OperationSnapshots.of(store);
        }

        @Bean
        MemoryDueQueue memoryDueQueue() {
            return new MemoryDueQueue();
        }

        @Bean
        MemoryWatchRegistry memoryWatchRegistry() {
            return new MemoryWatchRegistry();
        }

        @Bean
        DiscoveryLease discoveryLease() {
            return DiscoveryLease.inMemory();
        }

        @Bean
        HandleTrackers handleTrackers(OperationStore store) {
            return new MemoryHandleTrackers(store);
        }

        /** The memory store is always there; the readiness group includes {@code store} for every store type. */
        @Bean
        ReactiveHealthIndicator storeHealthIndicator() {
            return () -> Mono.just(Health.up().build());
        }
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    EventHub eventHub(ChangeFeed feed) {
        return new EventHub(feed);
    }

    @Bean
    ChangeStreams changeStreams(EventHub hub, ChangeFeed feed, OperationStore store) {
        return new ChangeStreams(hub, feed, store);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    PollingEngine pollingEngine(
            OperationStore store,
            DueQueue queue,
            BackendRegistry backends,
            WatchRegistry watches,
            PollingSettings settings,
            HandleTrackers trackers,
            Clock clock,
            MeterRegistry meters) {
        return new PollingEngine(
                store,
                queue,
                backends,
                watches,
                settings,
                new PollIntervals(settings),
                trackers,
                clock,
                Schedulers.parallel(),
                meters);
    }

    /** Refuses to start when a backend enables discovery that its type cannot do. */
    @Bean(initMethod = "start", destroyMethod = "close")
    Discovery discovery(
            BackendRegistry backends, HandleTracking handles, DiscoveryLease lease, Clock clock, MeterRegistry meters) {
        Discovery discovery = new Discovery(backends, handles, lease, clock, Schedulers.parallel(), meters);
        List<String> problems = new ArrayList<>();
        discovery.settings().keySet().forEach(name -> {
            Backend backend = backends.find(name).orElseThrow();
            if (!backend.adapter().capabilities().discover()) {
                problems.add("opgate.backends." + name + ".discovery.enabled: backends of type " + backend.type()
                        + " cannot list their jobs (see the backend table in the README)");
            }
        });
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        return discovery;
    }

    @Bean
    HandleTracking handleTracking(OperationStore store, DueQueue queue, PollingEngine engine, Clock clock) {
        return new HandleTracking(store, queue, engine, clock);
    }

    @Bean
    Followers followers(EventHub hub, WatchRegistry watches, PollingEngine engine) {
        return new Followers(hub, watches, engine);
    }

    @Bean
    OperationService operationService(
            OperationStore store,
            BackendRegistry backends,
            PollingEngine engine,
            HandleTracking handles,
            Followers followers) {
        return new OperationService(store, backends, engine, handles, followers);
    }
}
