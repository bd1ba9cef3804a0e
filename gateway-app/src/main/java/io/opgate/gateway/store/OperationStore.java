package io.opgate.gateway.store;

import io.opgate.contracts.model.OperationState;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps tracked operations. Every write that changes an operation's {@code version} also appends that change to the
 * store's {@link ChangeFeed}, atomically with the write, in version order per operation.
 */
public interface OperationStore {

    /** The operation, or empty when unknown. */
    Mono<TrackedOperation> find(String id);

    /** Stores {@code operation} unless one with its id exists; answers what is stored afterwards and which it is. */
    Mono<Insertion> insertIfAbsent(TrackedOperation operation);

    /**
     * Applies {@code change} to the stored operation and stores the result, retrying on a concurrent write; empty when
     * the operation is unknown. {@code change} may run more than once and must not have side effects. Returning the
     * argument unchanged writes nothing.
     */
    Mono<Update> update(String id, UnaryOperator<TrackedOperation> change);

    /** Forgets the operation; true when it existed. */
    Mono<Boolean> remove(String id);

    /** A page of the operations that match, newest {@code updatedAt} first; cost grows with the page, not the store. */
    Mono<Page> list(OperationFilter filter, int pageSize, @org.jspecify.annotations.Nullable String pageToken);

    /** Every operation that is not done and matches; for re-sending snapshots on a feed reset. */
    Flux<TrackedOperation> active(OperationFilter filter);

    /**
     * The operation's history, oldest first: the last entries up to the store's bound, written with the versions
     * that made them ({@link OperationHistory}); empty when the operation is unknown. Removing an operation forgets
     * its history.
     */
    Mono<List<HistoryEntry>> history(String id);

    /**
     * Operations in {@code scope} per backend and state, from counts the store keeps as it writes (a call costs what
     * the scope's table holds, never a walk of the operations).
     */
    Mono<OperationCounts> counts(CountScope scope);

    /** Active (not done) operations per backend. */
    Mono<java.util.Map<String, Long>> activeCountByBackend();

    /**
     * Operations per state over every tenant, every state present (zero when none), terminal states included, for the
     * {@code opgate.operations} gauge: from the counts the store keeps as it writes, never a walk of the operations.
     */
    Mono<Map<OperationState, Long>> countByState();

    /** A count of zero for every state. */
    static Map<OperationState, Long> zeroPerState() {
        Map<OperationState, Long> counts = new EnumMap<>(OperationState.class);
        for (OperationState state : OperationState.values()) {
            counts.put(state, 0L);
        }
        return counts;
    }

    /** Forgets the done operations whose retention has passed; answers how many. */
    Mono<Long> expire(java.time.Instant now);

    /**
     * What an insertion did.
     *
     * @param operation what is stored now
     * @param inserted whether it is the given one (false: one with that id already existed)
     */
    record Insertion(TrackedOperation operation, boolean inserted) {}

    /**
     * What an update did.
     *
     * @param before the operation before
     * @param after the operation after (the same instance as {@code before} when nothing was written)
     */
    record Update(TrackedOperation before, TrackedOperation after) {
        public boolean versionChanged() {
            return after.operation().version() != before.operation().version();
        }
    }
}
