package io.opgate.contracts.spi;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Flux;
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
 * <p>Two optional capabilities, each used only where {@link #capabilities()} declares it:
 *
 * <ul>
 *   <li><b>discover</b>: {@link #discover} once per {@code discovery.interval} of the backend (on one replica at a
 *       time), when {@code discovery.enabled} is set. Each handle it lists that the gateway does not track yet becomes
 *       an operation with the listed observation as its first; from then on that operation is polled as above
 *       ({@link #validateHandle} and the registration poll are skipped: the listing stands for both).
 *   <li><b>poll many</b>: instead of {@link #poll}, the gateway may pass the operations of this backend that are due
 *       together to {@link #pollMany}, at most {@link AdapterCapabilities#batchSize()} (or the backend's
 *       {@code batch-size}) at a time. Every rule of {@link #poll} holds per handle: no handle is in two calls at once,
 *       and each gets the outcome a single poll would have given. The registration poll stays a single {@link #poll}.
 * </ul>
 *
 * <p>Every method returns a {@link Mono} that must not block and should not signal an error: failures are
 * outcomes ({@link PollOutcome.Failed}, {@link CancelOutcome.Failed}). The gateway still treats an error signal or
 * an empty Mono as a failed poll. No message an adapter produces (outcomes, exceptions, log lines) may contain a
 * credential.
 */
public interface BackendAdapter {

    /**
     * What this adapter can do besides polling. The default declares nothing: no cancel, no discovery, one handle per
     * request. Called once, when the gateway creates the adapter.
     */
    default AdapterCapabilities capabilities() {
        return AdapterCapabilities.POLL_ONLY;
    }

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

    /**
     * Lists the backend's operations that are not finished, and those that ended since
     * {@link DiscoveryRequest#endedSince()}, following every page of the backend's listing. Each is given with the
     * observation the listing holds of it, mapped exactly as {@link #poll} would map the same job. Called only when
     * {@link AdapterCapabilities#discover()} is declared; the default answers {@link DiscoveryOutcome.Failed}.
     */
    default Mono<DiscoveryOutcome> discover(DiscoveryRequest request) {
        return Mono.just(DiscoveryOutcome.Failed.of("this backend type cannot list its operations"));
    }

    /**
     * Asks the backend about several operations in one request, or a few. The answer has one outcome for every
     * request's handle, each what {@link #poll} would have answered for it alone: {@link PollOutcome.Observed} for a
     * job the backend reports, {@link PollOutcome.NotFound} for one its answer shows it does not know, and
     * {@link PollOutcome.Failed} for every handle whose request gave no usable answer. The default polls each handle
     * on its own; adapters that declare {@link AdapterCapabilities#pollMany()} override it.
     *
     * @param requests distinct handles of this backend, at most the batch size
     * @return outcomes by handle, one per request
     */
    default Mono<Map<String, PollOutcome>> pollMany(List<PollRequest> requests) {
        return Flux.fromIterable(requests)
                .flatMap(request -> poll(request)
                        .onErrorResume(e -> Mono.just(PollOutcome.Failed.of("poll failed")))
                        .defaultIfEmpty(PollOutcome.Failed.of("poll gave no outcome"))
                        .map(outcome -> Map.entry(request.handle(), outcome)))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }
}
