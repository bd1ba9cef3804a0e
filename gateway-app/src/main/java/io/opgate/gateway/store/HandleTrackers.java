package io.opgate.gateway.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * Which operations track each backend handle, shared by every replica on one store. A handle belongs to the first
 * tenant that tracks it: while that tenant's operation is stored, another tenant's claim is refused (unless the
 * backend has {@code shared-handles: true}); and a handle is released only once every operation that tracks it is
 * done.
 *
 * <p>A tracker is live while its operation is stored, and for {@link #PENDING} after its claim, which covers the
 * registration's first poll before the operation is stored. Trackers whose operation is gone (deleted, expired, or a
 * registration that failed) are dropped when the handle is next claimed.
 */
public interface HandleTrackers {

    /** How long a claim holds before its operation is stored: far above a registration's first poll. */
    Duration PENDING = Duration.ofMinutes(1);

    /**
     * Records that operation {@code id} of {@code tenant} tracks {@code handle} on {@code backend}. When
     * {@code exclusive}, refuses (false) while a live tracker of another tenant holds the handle, atomically with
     * the record, so that of two tenants claiming at once on two replicas only one wins.
     */
    Mono<Boolean> claim(String backend, String handle, String tenant, String id, boolean exclusive, Instant now);

    /** Drops the tracker {@code id} of the handle (its operation is deleted, or its registration failed). */
    Mono<Void> forget(String backend, String handle, String id);

    /** The operations recorded as tracking the handle, live or not. */
    Mono<Set<String>> trackers(String backend, String handle);

    /** One string per (backend, handle) that no other pair gives: the backend's length goes first. */
    static String key(String backend, String handle) {
        return backend.length() + ":" + backend + ":" + handle;
    }
}
