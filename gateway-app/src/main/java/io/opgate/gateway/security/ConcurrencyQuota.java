package io.opgate.gateway.security;

import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * How many requests of one kind a tenant may hold open at once: an event stream or a long-poll ({@code ?wait=}) holds
 * a watch and memory for as long as it lasts, so one client opening them in a loop must not starve the others.
 */
public interface ConcurrencyQuota {

    /**
     * Takes one unit of the caller's tenant. The answer errors with {@link LimitExceeded} when the tenant holds its
     * maximum already; release the permit when the request ends.
     */
    Mono<Permit> acquire(Caller caller);

    /** Units of {@code tenant} held now, as this instance knows them. */
    int held(String tenant);

    /** One unit taken; releasing it more than once gives it back once. */
    interface Permit {
        Mono<Void> release();
    }

    /**
     * {@code body} holding a unit: taken when it is subscribed (before anything is written, so that a refusal is still
     * a 429 problem), given back when it completes, fails or is cancelled.
     */
    default <T> Flux<T> holdingFlux(Caller caller, Supplier<Flux<T>> body) {
        return Flux.usingWhen(
                acquire(caller),
                permit -> body.get(),
                Permit::release,
                (permit, e) -> permit.release(),
                Permit::release);
    }

    /** {@code body} holding a unit, as {@link #holdingFlux}. */
    default <T> Mono<T> holdingMono(Caller caller, Supplier<Mono<T>> body) {
        return Mono.usingWhen(
                acquire(caller),
                permit -> body.get(),
                Permit::release,
                (permit, e) -> permit.release(),
                Permit::release);
    }
}
