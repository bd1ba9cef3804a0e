package io.opgate.contracts.spi;

import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Asks one configured backend about its operations. One instance serves every operation of its backend and is
 * called concurrently; it keeps no per-operation state (the gateway owns state, finality and schedules).
 *
 * <p>Call order, per operation:
 *
 * <ol>
 *   <li>{@link #validateHandle} once, when a client registers the handle; a problem answers 400 and nothing else
 *       is called.
 *   <li>{@link #poll} once at registration (a {@link PollOutcome.NotFound} then answers 404 and nothing is tracked),
 *       then again on the gateway's schedule, never twice at once for the same operation, until the gateway has
 *       stored a terminal state.
 *   <li>{@link #release} at most once, after a terminal state has been stored.
 *   <li>{@link #cancel} whenever a client asks, while the operation is not done.
 * </ol>
 *
 * <p>Every method returns a {@link Mono} that must not block and should not signal an error: failures are
 * outcomes ({@link PollOutcome.Failed}, {@link CancelOutcome.Failed}). The gateway still treats an error signal or
 * an empty Mono as a failed poll. No message an adapter produces (outcomes, exceptions, log lines) may contain a
 * credential.
 */
public interface BackendAdapter {

    /**
     * Why {@code handle} cannot be a handle of this backend (e.g. SolidFire handles are integers), or empty when it
     * can.
     */
    default Optional<String> validateHandle(String handle) {
        return Optional.empty();
    }

    /**
     * Asks the backend once about the operation. {@link PollOutcome.Observed} carries the mapped observation and the
     * raw payload; {@link PollOutcome.NotFound} says the backend does not know the handle; {@link PollOutcome.Failed}
     * says the answer was not usable and the poll is worth retrying. The request is bounded by
     * {@link AdapterContext#requestTimeout()}.
     */
    Mono<PollOutcome> poll(PollRequest request);

    /**
     * Asks the backend to cancel the operation. The default answers {@link CancelOutcome.Unsupported}: override it
     * only where the backend can cancel a single operation.
     */
    default Mono<CancelOutcome> cancel(PollRequest request) {
        return Mono.just(new CancelOutcome.Unsupported("this backend type cannot cancel an operation"));
    }

    /**
     * Tells the backend that the gateway has stored the terminal result and no longer needs it kept (e.g. SolidFire's
     * {@code keepResult: false}). The default does nothing. Failures are ignored by the gateway.
     */
    default Mono<Void> release(PollRequest request) {
        return Mono.empty();
    }
}
