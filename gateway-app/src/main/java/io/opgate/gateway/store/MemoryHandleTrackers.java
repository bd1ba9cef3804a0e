package io.opgate.gateway.store;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The trackers of one instance, for the memory store (which one instance has to itself). A claim reads the handle's
 * trackers, asks the store which of the other tenants' are still stored, and records itself only if the trackers are
 * still the ones it read (else it starts over), so that two claims at once cannot both win.
 */
public final class MemoryHandleTrackers implements HandleTrackers {

    private record Tracker(String tenant, Instant claimedAt) {}

    private final Map<String, Map<String, Tracker>> byHandle = new ConcurrentHashMap<>();
    private final OperationStore store;

    public MemoryHandleTrackers(OperationStore store) {
        this.store = store;
    }

    @Override
    public Mono<Boolean> claim(
            String backend, String handle, String tenant, String id, boolean exclusive, Instant now) {
        return Mono.defer(() -> {
            String key = HandleTrackers.key(backend, handle);
            Map<String, Tracker> read = byHandle.getOrDefault(key, Map.of());
            List<Map.Entry<String, Tracker>> others = read.entrySet().stream()
                    .filter(e -> exclusive && !e.getValue().tenant().equals(tenant))
                    .toList();
            return Flux.fromIterable(others)
                    .concatMap(other ->
                            live(other.getKey(), other.getValue(), now).map(live -> live ? other.getKey() : ""))
                    .collectList()
                    .flatMap(liveness -> {
                        if (liveness.stream().anyMatch(other -> !other.isEmpty())) {
                            return Mono.just(false);
                        }
                        Map<String, Tracker> written = new HashMap<>(read);
                        others.forEach(stale -> written.remove(stale.getKey()));
                        written.put(id, new Tracker(tenant, now));
                        boolean recorded = read.isEmpty()
                                ? byHandle.putIfAbsent(key, Map.copyOf(written)) == null
                                : byHandle.replace(key, read, Map.copyOf(written));
                        // Someone else changed the trackers meanwhile: decide again on what is there now.
                        return recorded ? Mono.just(true) : claim(backend, handle, tenant, id, exclusive, now);
                    });
        });
    }

    private Mono<Boolean> live(String id, Tracker tracker, Instant now) {
        if (now.isBefore(tracker.claimedAt().plus(PENDING))) {
            return Mono.just(true);
        }
        return store.find(id).hasElement();
    }

    @Override
    public Mono<Void> forget(String backend, String handle, String id) {
        return Mono.fromRunnable(
                () -> byHandle.computeIfPresent(HandleTrackers.key(backend, handle), (key, current) -> {
                    Map<String, Tracker> trackers = new HashMap<>(current);
                    trackers.remove(id);
                    return trackers.isEmpty() ? null : Map.copyOf(trackers);
                }));
    }

    @Override
    public Mono<Set<String>> trackers(String backend, String handle) {
        return Mono.fromSupplier(() -> Set.copyOf(byHandle.getOrDefault(HandleTrackers.key(backend, handle), Map.of())
                .keySet()));
    }
}
