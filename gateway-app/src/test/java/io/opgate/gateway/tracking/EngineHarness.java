package io.opgate.gateway.tracking;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opgate.contracts.spi.AdapterCapabilities;
import io.opgate.gateway.events.EventHub;
import io.opgate.gateway.security.Caller;
import io.opgate.gateway.store.DiscoveryLease;
import io.opgate.gateway.store.MemoryChangeFeed;
import io.opgate.gateway.store.MemoryDueQueue;
import io.opgate.gateway.store.MemoryHandleTrackers;
import io.opgate.gateway.store.MemoryOperationStore;
import io.opgate.gateway.store.MemoryWatchRegistry;
import io.opgate.gateway.store.TrackedOperation;
import io.opgate.gateway.support.BoundSettings;
import io.opgate.gateway.support.ScriptedAdapter;
import io.opgate.gateway.support.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The engine on virtual time with scripted backends {@code lab} and {@code slow}, each at most 2 polls at once. */
final class EngineHarness implements AutoCloseable {

    static final Caller CALLER = Caller.unauthenticated();

    final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    final VirtualClock clock = new VirtualClock(time, Instant.parse("2025-01-01T00:00:00Z"));
    final ScriptedAdapter lab = new ScriptedAdapter(clock, time);
    final ScriptedAdapter slow = new ScriptedAdapter(clock, time);
    final PollingSettings settings;
    final MemoryOperationStore store = new MemoryOperationStore(new MemoryChangeFeed(1000));
    final MemoryDueQueue queue = new MemoryDueQueue();
    final MemoryWatchRegistry watches = new MemoryWatchRegistry();
    final MemoryHandleTrackers trackers = new MemoryHandleTrackers(store);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final PollingEngine engine;
    final BackendRegistry engineBackends;
    final OperationService service;
    final HandleTracking handles;
    final EventHub hub;

    EngineHarness() {
        this(Map.of());
    }

    /** {@code labSettings} are added to the settings of backend {@code lab}. */
    EngineHarness(Map<String, String> labSettings) {
        this(
                new PollingSettings(
                        Duration.ofMillis(500),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(10),
                        Duration.ofMinutes(10),
                        3,
                        Duration.ofHours(1),
                        Duration.ofMillis(100)),
                labSettings);
    }

    EngineHarness(PollingSettings settings) {
        this(settings, Map.of());
    }

    /** {@code labSettings} are added to the settings of backend {@code lab}. */
    EngineHarness(PollingSettings settings, Map<String, String> labSettings) {
        this(settings, labSettings, AdapterCapabilities.POLL_ONLY);
    }

    /** Backend {@code lab} declares {@code labCapabilities} and has {@code labSettings} added to its settings. */
    EngineHarness(PollingSettings settings, Map<String, String> labSettings, AdapterCapabilities labCapabilities) {
        this.settings = settings;
        lab.capabilities(labCapabilities);
        Map<String, String> labConfig = new java.util.HashMap<>(Map.of("type", "scripted", "max-concurrency", "2"));
        labConfig.putAll(labSettings);
        BackendRegistry registry = new BackendRegistry(List.of(
                new Backend("lab", BoundSettings.of(labConfig), lab),
                new Backend("slow", BoundSettings.of(Map.of("type", "scripted", "max-concurrency", "2")), slow)));
        engineBackends = registry;
        engine = new PollingEngine(
                store,
                queue,
                registry,
                watches,
                settings,
                new PollIntervals(settings, () -> 1.0),
                trackers,
                clock,
                time,
                meters);
        hub = new EventHub(store.feed());
        hub.start();
        handles = new HandleTracking(store, queue, engine, clock);
        service = new OperationService(store, registry, engine, handles, new Followers(hub, watches, engine));
        engine.start();
    }

    /** A discovery on this harness's store and engine, sharing {@code lease}; started, and closed with the harness. */
    Discovery discovery(DiscoveryLease lease) {
        Discovery discovery = new Discovery(engineBackends, handles, lease, clock, time, meters);
        discoveries.add(discovery);
        discovery.start();
        return discovery;
    }

    private final List<Discovery> discoveries = new java.util.ArrayList<>();

    TrackedOperation register(String handle) {
        return register("lab", handle);
    }

    TrackedOperation register(String backend, String handle) {
        return service.register(CALLER, backend, handle, Map.of(), Map.of())
                .block()
                .operation();
    }

    Backend backend(String name) {
        return engineBackends.find(name).orElseThrow();
    }

    TrackedOperation current(String id) {
        return store.find(id).block();
    }

    void advance(Duration duration) {
        time.advanceTimeBy(duration);
    }

    /** The gaps between consecutive polls of {@code handle}, in milliseconds. */
    static List<Long> gaps(List<Instant> polls) {
        List<Long> gaps = new java.util.ArrayList<>();
        for (int i = 1; i < polls.size(); i++) {
            gaps.add(Duration.between(polls.get(i - 1), polls.get(i)).toMillis());
        }
        return gaps;
    }

    @Override
    public void close() {
        discoveries.forEach(Discovery::close);
        engine.close();
        hub.close();
        time.dispose();
    }
}
