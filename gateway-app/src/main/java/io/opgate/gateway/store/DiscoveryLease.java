package io.opgate.gateway.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * Decides which replica lists a backend's jobs: at most one per {@code discovery.interval} across every replica that
 * shares the store.
 */
public interface DiscoveryLease {

    /**
     * Whether the caller may discover on {@code backend} now. True for one caller, then false for everyone until
     * {@code interval} has passed.
     */
    Mono<Boolean> tryAcquire(String backend, Instant now, Duration interval);

    /** The lease of one instance, for the memory store (which one instance has to itself). */
    static DiscoveryLease inMemory() {
        Map<String, Instant> until = new ConcurrentHashMap<>();
        return (backend, now, interval) -> Mono.fromSupplier(() -> {
            Instant[] granted = {null};
            until.compute(backend, (b, current) -> {
                if (current == null || !now.isBefore(current)) {
                    granted[0] = now.plus(interval);
                    return granted[0];
                }
                return current;
            });
            return granted[0] != null;
        });
    }
}
