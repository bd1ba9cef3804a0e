package io.opgate.gateway.tracking;

import io.opgate.contracts.model.Operation;
import io.opgate.contracts.spi.CancelOutcome;
import io.opgate.contracts.spi.PollOutcome;
import io.opgate.contracts.spi.PollRequest;
import io.opgate.gateway.security.Caller;
import io.opgate.gateway.store.CountScope;
import io.opgate.gateway.store.HistoryEntry;
import io.opgate.gateway.store.OperationCounts;
import io.opgate.gateway.store.OperationFilter;
import io.opgate.gateway.store.OperationStore;
import io.opgate.gateway.store.Page;
import io.opgate.gateway.store.TrackedOperation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Every read and write of operations that a client asks for goes through here, scoped to the caller's tenant: an
 * operation of another tenant is answered exactly as one that does not exist.
 */
public final class OperationService {

    private final OperationStore store;
    private final BackendRegistry backends;
    private final PollingEngine engine;
    private final HandleTracking handles;
    private final Followers followers;

    public OperationService(
            OperationStore store,
            BackendRegistry backends,
            PollingEngine engine,
            HandleTracking handles,
            Followers followers) {
        this.store = store;
        this.backends = backends;
        this.engine = engine;
        this.handles = handles;
        this.followers = followers;
    }

    /**
     * Starts tracking a backend handle, or answers the operation already tracked for it. A new handle is polled at
     * once; if the backend says it does not exist, nothing is tracked. A handle another tenant tracks answers exactly
     * as one the backend does not know (unless the backend shares handles), and {@code params} may hold only the keys
     * the backend's {@code allowed-params} lists.
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
        Set<String> allowed = backend.config().allowedParams();
        for (String param : params.keySet()) {
            if (!allowed.contains(param)) {
                throw OperationProblem.invalid("params." + param + " is not allowed on backend '" + backendName
                        + "'" + (allowed.isEmpty() ? " (it allows none)" : "; it allows " + String.join(", ", allowed))
                        + ": opgate.backends." + backendName + ".allowed-params lists what may be given");
            }
        }
        backend.adapter().validateHandle(handle).ifPresent(why -> {
            throw OperationProblem.invalid("handle is not valid for backend '" + backendName + "': " + why);
        });
        return handles.start(
                        new HandleTracking.Candidate(backend, caller.tenant(), handle, params, labels),
                        provisional -> engine.poll(backend, provisional)
                                .flatMap(outcome -> outcome instanceof PollOutcome.NotFound
                                        ? Mono.error(handleNotFound(backend, handle))
                                        : Mono.just(outcome)))
                .switchIfEmpty(Mono.error(() -> handleNotFound(backend, handle)));
    }

    /**
     * The one answer for a handle the caller cannot have: the same whether the backend does not know it or another
     * tenant tracks it, so that registration is no oracle for what other tenants track.
     */
    private static OperationProblem handleNotFound(Backend backend, String handle) {
        return new OperationProblem(
                OperationProblem.Kind.HANDLE_NOT_FOUND,
                "backend '" + backend.name() + "' does not know handle '" + handle + "'");
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
        return get(caller, id).flatMap(handles::stop);
    }

    /** See {@link Followers#follow}. */
    public Followers.Following follow(TrackedOperation op) {
        return followers.follow(op);
    }
}
