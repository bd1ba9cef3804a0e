package io.opgate.gateway.store;

import java.time.Instant;
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

    /**
     * Claims up to {@code max} operations due at or before {@code now}, earliest first, each with the time it was due
     * (so that the engine can tell how late it polls). Claiming leases them and changes nothing else.
     */
    Flux<Claim> claimDue(Instant now, int max);

    /**
     * A claimed operation.
     *
     * @param dueAt when it was due (for an operation whose lease ran out, when the lease ended)
     * @param watched whether the queue knows that a client watches it somewhere (a queue shared by replicas sees the
     *     other replicas' watchers; a single instance's queue leaves this to its {@link WatchRegistry} and says false)
     */
    record Claim(String id, Instant dueAt, boolean watched) {}

    /** Stops polling {@code id}. */
    Mono<Void> remove(String id);
}
