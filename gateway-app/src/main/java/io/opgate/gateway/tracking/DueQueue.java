package io.opgate.gateway.tracking;

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

    /** Claims up to {@code max} operations due at or before {@code now}, earliest first. */
    Flux<String> claimDue(Instant now, int max);

    /** Stops polling {@code id}. */
    Mono<Void> remove(String id);
}
