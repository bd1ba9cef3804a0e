package io.opgate.gateway.tracking;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * When each active operation is next due for a poll. A claimed operation is leased to the claimer until it is
 * scheduled again or removed, so that no two pollers poll it at once.
 */
public interface DueQueue {

    /** Sets when {@code id} is next due, releasing any claim on it. */
    Mono<Void> schedule(String id, Instant at);

    /** Moves {@code id} to {@code at} if it is due later and not claimed (someone started watching it). */
    Mono<Void> scheduleEarlier(String id, Instant at);

    /** Claims up to {@code max} operations due at or before {@code now}, earliest first. */
    Flux<String> claimDue(Instant now, int max);

    /**
     * Like {@link #claimDue}, with the time each claimed operation was due, so that the engine can tell how late it
     * polls. A queue that does not keep due times may leave them null (the default does).
     */
    default Flux<Claim> claimDueWithTimes(Instant now, int max) {
        return claimDue(now, max).map(id -> new Claim(id, null));
    }

    /** A claimed operation and the time it was due, when the queue knows it. */
    record Claim(String id, @Nullable Instant dueAt) {}

    /** Stops polling {@code id}. */
    Mono<Void> remove(String id);
}
