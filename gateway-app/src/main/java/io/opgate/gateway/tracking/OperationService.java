package io.opgate.gateway.tracking;

import io.opgate.contracts.model.Operation;
import io.opgate.contracts.model.OperationState;
import io.opgate.contracts.spi.CancelOutcome;
import io.opgate.contracts.spi.PollOutcome;
import io.opgate.contracts.spi.PollRequest;
import io.opgate.gateway.events.ConflatingQueue;
import io.opgate.gateway.events.EventHub;
import io.opgate.gateway.security.Caller;
import io.opgate.gateway.store.CountScope;
import io.opgate.gateway.store.DueQueue;
import io.opgate.gateway.store.HistoryEntry;
import io.opgate.gateway.store.OperationCounts;
import io.opgate.gateway.store.OperationFilter;
import io.opgate.gateway.store.OperationStore;
import io.opgate.gateway.store.Page;
import io.opgate.gateway.store.TrackedOperation;
import io.opgate.gateway.store.WatchRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Every read and write of operations that a client asks for goes through here, scoped to the caller's tenant: an
 * operation of another tenant is answered exactly as one that does not exist.
 */
public final class OperationService {

    private final OperationStore store;
    private final DueQueue queue;
    private final BackendRegistry backends;
    private final PollingEngine engine;
    private final WatchRegistry watches;
    private final EventHub hub;
    private final Clock clock;

    public OperationService(
            OperationStore store,
            DueQueue queue,
            BackendRegistry backends,
            PollingEngine engine,
            WatchRegistry watches,
            EventHub hub,
            Clock clock) {
        this.store = store;
        this.queue = queue;
        this.backends = backends;
        this.engine = engine;
        this.watches = watches;
        this.hub = hub;
        this.clock = clock;
    }

    /**
     * Starts tracking a backend handle, or answers the operation already tracked for it. A new handle is polled at
     * once; if the backend says it does not exist, nothing is tracked.
     */
    public Mono<Registration> register(
            Caller caller, String backendName, String handle, Map<String, String> params, Map<String, String> labels) {
        return Mono.defer(() -> registerChecked(caller, backendName, handle, params, labels));
    }

    private Mono<Registration> registerChecked(
            Caller caller, String backendName, String handle, Map<String, String> params, Map<String, String> labels) {
        Backend backend = backends.find(backendName)
                .orElseThrow(() -> new OperationProblem(
                        OperationProblem.Kind.UNKNOWN_BACKEND, "no backend named '" + backendName + "' is configured"));
        if (!backend.config().tenants().isEmpty() && !backend.config().tenants().contains(caller.tenant())) {
            throw new OperationProblem(
                    OperationProblem.Kind.FORBIDDEN,
                    "tenant may not register operations on backend '" + backendName + "'");
        }
        backend.adapter().validateHandle(handle).ifPresent(why -> {
            throw OperationProblem.invalid("handle is not valid for backend '" + backendName + "': " + why);
        });
        String id = OperationIds.of(caller.tenant(), backendName, handle);
        return store.find(id)
                .map(existing -> new Registration(existing, false))
                .switchIfEmpty(Mono.defer(() -> registerNew(caller, backend, id, handle, params, labels)));
    }

    private Mono<Registration> registerNew(
            Caller caller,
            Backend backend,
            String id,
            String handle,
            Map<String, String> params,
            Map<String, String> labels) {
        Instant now = clock.instant();
        Operation unknown = Operation.builder()
                .id(id)
                .backend(backend.name())
                .backendType(backend.type())
                .handle(handle)
                .state(OperationState.UNKNOWN)
                .updatedAt(now)
                .labels(labels)
                .build();
        TrackedOperation provisional = new TrackedOperation(
                unknown, caller.tenant(), params, engine.intervals().initial(), 0, null, null, null, 0);
        return engine.poll(backend, provisional).flatMap(outcome -> {
            if (outcome instanceof PollOutcome.NotFound notFound) {
                return Mono.error(new OperationProblem(
                        OperationProblem.Kind.HANDLE_NOT_FOUND,
                        "backend '" + backend.name() + "' does not know handle '" + handle + "': "
                                + notFound.detail()));
            }
            TrackedOperation first = engine.applier().initial(provisional, outcome, clock.instant());
            return store.insertIfAbsent(first).flatMap(insertion -> {
                Registration registration = new Registration(insertion.operation(), insertion.inserted());
                if (!insertion.inserted()) {
                    return Mono.just(registration);
                }
                return engine.scheduleFirst(backend, insertion.operation(), outcome)
                        .thenReturn(registration);
            });
        });
    }

    /** The operation, or empty when it does not exist for this caller. */
    public Mono<TrackedOperation> find(Caller caller, String id) {
        return store.find(id).filter(op -> caller.sees(op.tenant()));
    }

    /** The operation, or {@link OperationProblem.Kind#NOT_FOUND}. */
    public Mono<TrackedOperation> get(Caller caller, String id) {
        return find(caller, id).switchIfEmpty(Mono.error(() -> OperationProblem.notFound(id)));
    }

    /**
     * The operation once it is done, or once its version is greater than {@code after} when given, or when
     * {@code wait} has passed, whichever is first. The operation is polled at the watched interval meanwhile.
     */
    public Mono<Operation> await(Caller caller, String id, Duration wait, @Nullable Long after) {
        if (wait.isZero()) {
            return get(caller, id).map(TrackedOperation::operation);
        }
        return Mono.usingWhen(
                get(caller, id).map(this::follow),
                following -> get(caller, id).flatMap(current -> {
                    if (isAwaited(current.operation(), after)) {
                        return Mono.just(current.operation());
                    }
                    // The change itself is the answer (without its raw payload, which the store adds for view=full).
                    return following
                            .queue()
                            .flux()
                            .filter(change -> change.removed() || isAwaited(change.operation(), after))
                            .next()
                            .timeout(wait, Mono.empty())
                            .flatMap(change -> change.removed()
                                    ? Mono.<Operation>error(OperationProblem.notFound(id))
                                    : stored(caller, change.operation()))
                            .switchIfEmpty(get(caller, id).map(TrackedOperation::operation));
                }),
                following -> Mono.fromRunnable(following::close));
    }

    /**
     * The stored operation when it is at least as new as {@code changed}: a feed may carry operations without their
     * raw payload, which {@code view=full} shows.
     */
    private Mono<Operation> stored(Caller caller, Operation changed) {
        if (changed.nativePayload() != null) {
            return Mono.just(changed);
        }
        return find(caller, changed.id())
                .map(TrackedOperation::operation)
                .filter(op -> op.version() >= changed.version())
                .defaultIfEmpty(changed);
    }

    private static boolean isAwaited(Operation op, @Nullable Long after) {
        return op.done() || (after != null && op.version() > after);
    }

    /** A page of the caller's operations that match. */
    public Mono<Page> list(Caller caller, OperationFilter requested, int pageSize, @Nullable String pageToken) {
        return store.list(scoped(caller, requested), pageSize, pageToken);
    }

    /** The operation's history, oldest first; the caller must have read the operation already. */
    public Mono<List<HistoryEntry>> history(Operation op) {
        return store.history(op.id());
    }

    /** How many of the caller's operations (admin: everyone's) there are per backend and state, in all or one label. */
    public Mono<OperationCounts> counts(Caller caller, Map.@Nullable Entry<String, String> label) {
        return store.counts(new CountScope(caller.admin() ? null : caller.tenant(), label));
    }

    /** The filter narrowed to what the caller may see. */
    public OperationFilter scoped(Caller caller, OperationFilter requested) {
        String tenant = caller.admin() ? requested.tenant() : caller.tenant();
        return new OperationFilter(tenant, requested.backend(), requested.states(), requested.labels());
    }

    /** Asks the backend to cancel; the state changes when a later poll sees it, which is expedited. */
    public Mono<TrackedOperation> cancel(Caller caller, String id) {
        return get(caller, id).flatMap(op -> {
            if (op.done()) {
                return Mono.error(new OperationProblem(
                        OperationProblem.Kind.CONFLICT,
                        "operation is already done (" + op.operation().state() + ")"));
            }
            Backend backend = backends.find(op.operation().backend())
                    .orElseThrow(() -> new OperationProblem(
                            OperationProblem.Kind.BACKEND_FAILED, "its backend is no longer configured"));
            return backend.adapter()
                    .cancel(new PollRequest(op.operation().handle(), op.params()))
                    .onErrorResume(
                            e -> Mono.just(new CancelOutcome.Failed(e.getClass().getSimpleName())))
                    .defaultIfEmpty(new CancelOutcome.Failed("no answer"))
                    .flatMap(outcome -> cancelled(op, outcome));
        });
    }

    private Mono<TrackedOperation> cancelled(TrackedOperation op, CancelOutcome outcome) {
        if (outcome instanceof CancelOutcome.Accepted) {
            return engine.expedite(op).thenReturn(op);
        }
        if (outcome instanceof CancelOutcome.Refused refused) {
            return Mono.error(new OperationProblem(OperationProblem.Kind.CONFLICT, refused.message()));
        }
        if (outcome instanceof CancelOutcome.Unsupported unsupported) {
            return Mono.error(new OperationProblem(OperationProblem.Kind.UNSUPPORTED, unsupported.message()));
        }
        return Mono.error(new OperationProblem(
                OperationProblem.Kind.BACKEND_FAILED,
                "the backend did not answer the cancel request: " + ((CancelOutcome.Failed) outcome).reason()));
    }

    /** Stops tracking and forgets the operation. */
    public Mono<Void> delete(Caller caller, String id) {
        return get(caller, id)
                .flatMap(op -> queue.remove(id).then(store.remove(id)))
                .then();
    }

    /**
     * Starts following {@code op} for a client: its changes are queued from now on, and it is polled at the watched
     * interval until the returned handle is closed.
     */
    public Following follow(TrackedOperation op) {
        Following following = new Following(hub.followOperation(op.id()), watches.watch(op.id()));
        // Best effort: if the store is unreachable now, the operation is polled at its usual time instead.
        engine.expedite(op).onErrorResume(e -> Mono.empty()).subscribe();
        return following;
    }

    /** A client following one operation: its queue of changes and its watch. */
    public record Following(ConflatingQueue queue, Disposable watch) {
        public void close() {
            queue.close();
            watch.dispose();
        }
    }
}
