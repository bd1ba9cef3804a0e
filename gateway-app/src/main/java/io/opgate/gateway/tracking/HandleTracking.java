package io.opgate.gateway.tracking;

import io.opgate.contracts.model.Operation;
import io.opgate.contracts.model.OperationState;
import io.opgate.contracts.spi.PollOutcome;
import io.opgate.gateway.store.DueQueue;
import io.opgate.gateway.store.HandleTrackers;
import io.opgate.gateway.store.OperationStore;
import io.opgate.gateway.store.TrackedOperation;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Starts and stops the tracking of a backend handle for a tenant. Registration and discovery both start operations
 * here, so that they give the same id, claim the handle the same way, and store and schedule the same first record.
 */
public final class HandleTracking {

    private final OperationStore store;
    private final DueQueue queue;
    private final PollingEngine engine;
    private final HandleTrackers trackers;
    private final Clock clock;

    public HandleTracking(OperationStore store, DueQueue queue, PollingEngine engine, Clock clock) {
        this.store = store;
        this.queue = queue;
        this.engine = engine;
        this.trackers = engine.trackers();
        this.clock = clock;
    }

    /** A handle that a tenant is to track, and what its operation starts with. */
    public record Candidate(
            Backend backend, String tenant, String handle, Map<String, String> params, Map<String, String> labels) {

        public String id() {
            return OperationIds.of(tenant, backend.name(), handle);
        }
    }

    /**
     * The operation that the tenant tracks for the handle already, or a new one: the handle is claimed for the
     * tenant, and the operation is stored with what {@code first} answers for its provisional form, then scheduled.
     * Empty when another tenant holds the handle (unless the backend shares handles) or {@code first} answers nothing.
     */
    public Mono<Registration> start(Candidate candidate, Function<TrackedOperation, Mono<PollOutcome>> first) {
        String id = candidate.id();
        Backend backend = candidate.backend();
        return store.find(id)
                .map(existing -> new Registration(existing, false))
                .switchIfEmpty(Mono.defer(() -> trackers.claim(
                                backend.name(),
                                candidate.handle(),
                                candidate.tenant(),
                                id,
                                !backend.config().sharedHandles(),
                                clock.instant())
                        .filter(Boolean::booleanValue)
                        .flatMap(claimed -> insertFirst(candidate, first)
                                // The claim of a start that stored nothing holds no longer than its pending time;
                                // dropping it now frees the handle at once.
                                .onErrorResume(OperationProblem.class, e -> trackers.forget(
                                                backend.name(), candidate.handle(), id)
                                        .onErrorResume(ignored -> Mono.empty())
                                        .then(Mono.error(e))))));
    }

    private Mono<Registration> insertFirst(Candidate candidate, Function<TrackedOperation, Mono<PollOutcome>> first) {
        Operation unknown = Operation.builder()
                .id(candidate.id())
                .backend(candidate.backend().name())
                .backendType(candidate.backend().type())
                .handle(candidate.handle())
                .state(OperationState.UNKNOWN)
                .updatedAt(clock.instant())
                .labels(candidate.labels())
                .build();
        TrackedOperation provisional = new TrackedOperation(
                unknown,
                candidate.tenant(),
                candidate.params(),
                engine.intervals().initial(),
                0,
                null,
                null,
                null,
                0);
        return first.apply(provisional).flatMap(outcome -> {
            TrackedOperation initial = engine.applier().initial(provisional, outcome, clock.instant());
            return store.insertIfAbsent(initial).flatMap(insertion -> {
                Registration registration = new Registration(insertion.operation(), insertion.inserted());
                if (!insertion.inserted()) {
                    return Mono.just(registration);
                }
                return engine.scheduleFirst(candidate.backend(), insertion.operation(), outcome)
                        .thenReturn(registration);
            });
        });
    }

    /** Stops tracking: no longer polled, forgotten, and its handle free for other tenants. */
    public Mono<Void> stop(TrackedOperation op) {
        String id = op.id();
        return queue.remove(id)
                .then(store.remove(id))
                .then(trackers.forget(op.operation().backend(), op.operation().handle(), id));
    }
}
