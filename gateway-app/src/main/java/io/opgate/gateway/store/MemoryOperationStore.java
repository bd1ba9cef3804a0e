package io.opgate.gateway.store;

import io.opgate.contracts.model.Operation;
import io.opgate.contracts.model.OperationState;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The store of a single instance: operations in a map, with one sorted index per tenant and state (and one per state
 * across tenants) so that a page is a merge of a few index walks, whatever the number of operations. Every write holds
 * the feed's lock and appends to the feed only once the map holds the result, so whoever reacts to a change reads the
 * store and finds it agreeing (a cancel right after a read that said "done" answers 409), and the feed's order is
 * the order of the writes.
 */
public final class MemoryOperationStore implements OperationStore {

    private static final String ALL_TENANTS = "\u0000*";

    private final Map<String, TrackedOperation> operations = new ConcurrentHashMap<>();
    private final Map<String, EnumMap<OperationState, NavigableSet<IndexKey>>> indexes = new ConcurrentHashMap<>();
    private final NavigableSet<ExpiryKey> expiries = new ConcurrentSkipListSet<>();
    private final Map<String, AtomicLong> activeByBackend = new ConcurrentHashMap<>();
    private final Map<OperationState, AtomicLong> byState = new EnumMap<>(OperationState.class);
    private final Map<String, ArrayDeque<HistoryEntry>> histories = new HashMap<>();
    private final Map<String, Map<String, EnumMap<OperationState, Long>>> counts = new HashMap<>();
    private final MemoryChangeFeed feed;
    private final int historyLimit;

    public MemoryOperationStore(MemoryChangeFeed feed) {
        this(feed, OperationHistory.DEFAULT_MAX_ENTRIES);
    }

    /** @param historyLimit the most history entries kept per operation */
    public MemoryOperationStore(MemoryChangeFeed feed, int historyLimit) {
        this.feed = feed;
        this.historyLimit = historyLimit;
        for (OperationState state : OperationState.values()) {
            byState.put(state, new AtomicLong());
        }
    }

    public ChangeFeed feed() {
        return feed;
    }

    @Override
    public Mono<TrackedOperation> find(String id) {
        return Mono.fromSupplier(() -> operations.get(id));
    }

    @Override
    public Mono<Insertion> insertIfAbsent(TrackedOperation operation) {
        return Mono.fromSupplier(() -> {
            synchronized (feed) {
                boolean[] inserted = {false};
                TrackedOperation stored = operations.compute(operation.id(), (id, existing) -> {
                    if (existing != null) {
                        return existing;
                    }
                    inserted[0] = true;
                    TrackedOperation fresh = operation.withRevision(1);
                    indexed(null, fresh);
                    return fresh;
                });
                if (inserted[0]) {
                    feed.append(stored.tenant(), stored.operation(), false);
                }
                return new Insertion(stored, inserted[0]);
            }
        });
    }

    @Override
    public Mono<Update> update(String id, UnaryOperator<TrackedOperation> change) {
        return Mono.fromSupplier(() -> {
            synchronized (feed) {
                Update[] update = {null};
                operations.computeIfPresent(id, (key, before) -> {
                    TrackedOperation after = change.apply(before);
                    if (after == before) {
                        update[0] = new Update(before, before);
                        return before;
                    }
                    after = after.withRevision(before.revision() + 1);
                    indexed(before, after);
                    update[0] = new Update(before, after);
                    return after;
                });
                Update done = update[0];
                if (done != null
                        && done.after().operation().version()
                                != done.before().operation().version()) {
                    feed.append(done.after().tenant(), done.after().operation(), false);
                }
                return done;
            }
        });
    }

    @Override
    public Mono<Boolean> remove(String id) {
        return Mono.fromSupplier(() -> removeNow(id));
    }

    private boolean removeNow(String id) {
        synchronized (feed) {
            TrackedOperation[] removed = {null};
            operations.computeIfPresent(id, (key, existing) -> {
                indexed(existing, null);
                removed[0] = existing;
                return null;
            });
            if (removed[0] != null) {
                feed.append(removed[0].tenant(), removed[0].operation(), true);
            }
            return removed[0] != null;
        }
    }

    /**
     * Moves {@code id} between index entries, counts and history; called inside the operation's compute while holding
     * the feed's lock, so writes are serial.
     */
    private void indexed(@Nullable TrackedOperation before, @Nullable TrackedOperation after) {
        recordHistory(before, after);
        if (before != null) {
            count(before, -1);
        }
        if (after != null) {
            count(after, 1);
        }
        if (before != null) {
            IndexKey key = IndexKey.of(before.operation());
            index(before.tenant(), before.operation().state()).remove(key);
            index(ALL_TENANTS, before.operation().state()).remove(key);
            if (before.expiresAt() != null) {
                expiries.remove(new ExpiryKey(before.expiresAt(), before.id()));
            }
            if (!before.done()) {
                active(before.operation().backend()).decrementAndGet();
            }
            byState.get(before.operation().state()).decrementAndGet();
        }
        if (after != null) {
            IndexKey key = IndexKey.of(after.operation());
            index(after.tenant(), after.operation().state()).add(key);
            index(ALL_TENANTS, after.operation().state()).add(key);
            if (after.expiresAt() != null) {
                expiries.add(new ExpiryKey(after.expiresAt(), after.id()));
            }
            if (!after.done()) {
                active(after.operation().backend()).incrementAndGet();
            }
            byState.get(after.operation().state()).incrementAndGet();
        }
    }

    private void recordHistory(@Nullable TrackedOperation before, @Nullable TrackedOperation after) {
        if (after == null) {
            histories.remove(before.id());
            return;
        }
        HistoryEntry entry = OperationHistory.entryFor(before == null ? null : before.operation(), after.operation());
        if (entry != null) {
            ArrayDeque<HistoryEntry> history = histories.computeIfAbsent(after.id(), id -> new ArrayDeque<>());
            history.addLast(entry);
            while (history.size() > historyLimit) {
                history.removeFirst();
            }
        }
    }

    private void count(TrackedOperation op, long delta) {
        for (CountScope scope : CountScope.of(op)) {
            Map<String, EnumMap<OperationState, Long>> byBackend =
                    counts.computeIfAbsent(scope.key(), k -> new HashMap<>());
            EnumMap<OperationState, Long> byState =
                    byBackend.computeIfAbsent(op.operation().backend(), b -> new EnumMap<>(OperationState.class));
            long n = byState.merge(op.operation().state(), delta, Long::sum);
            // Empty tables go, so that labels used once do not pile up.
            if (n == 0) {
                byState.remove(op.operation().state());
                if (byState.isEmpty()) {
                    byBackend.remove(op.operation().backend());
                    if (byBackend.isEmpty()) {
                        counts.remove(scope.key());
                    }
                }
            }
        }
    }

    @Override
    public Mono<List<HistoryEntry>> history(String id) {
        return Mono.fromSupplier(() -> {
            synchronized (feed) {
                ArrayDeque<HistoryEntry> history = histories.get(id);
                return history == null ? List.<HistoryEntry>of() : List.copyOf(history);
            }
        });
    }

    @Override
    public Mono<OperationCounts> counts(CountScope scope) {
        return Mono.fromSupplier(() -> {
            synchronized (feed) {
                Map<String, Map<OperationState, Long>> copy = new HashMap<>();
                counts.getOrDefault(scope.key(), Map.of()).forEach((backend, states) -> copy.put(backend, states));
                return new OperationCounts(copy);
            }
        });
    }

    private AtomicLong active(String backend) {
        return activeByBackend.computeIfAbsent(backend, b -> new AtomicLong());
    }

    private NavigableSet<IndexKey> index(String scope, OperationState state) {
        return indexes.computeIfAbsent(scope, s -> {
                    EnumMap<OperationState, NavigableSet<IndexKey>> byState = new EnumMap<>(OperationState.class);
                    for (OperationState each : OperationState.values()) {
                        byState.put(each, new ConcurrentSkipListSet<>());
                    }
                    return byState;
                })
                .get(state);
    }

    @Override
    public Mono<Page> list(OperationFilter filter, int pageSize, @Nullable String pageToken) {
        return Mono.fromSupplier(() -> page(filter, pageSize, pageToken == null ? null : PageToken.decode(pageToken)));
    }

    private Page page(OperationFilter filter, int pageSize, @Nullable IndexKey after) {
        String scope = filter.tenant() == null ? ALL_TENANTS : filter.tenant();
        PriorityQueue<Cursor> merge = new PriorityQueue<>(Comparator.comparing(Cursor::current));
        for (OperationState state : filter.states()) {
            NavigableSet<IndexKey> index = index(scope, state);
            Iterator<IndexKey> walk = (after == null ? index : index.tailSet(after, false)).iterator();
            if (walk.hasNext()) {
                merge.add(new Cursor(walk.next(), walk));
            }
        }
        List<TrackedOperation> items = new ArrayList<>(Math.min(pageSize, 64));
        IndexKey last = null;
        while (!merge.isEmpty() && items.size() < pageSize) {
            Cursor cursor = merge.poll();
            IndexKey key = cursor.current;
            TrackedOperation op = operations.get(key.id());
            // An index entry may be stale for an instant while its operation moves; trust only a current one.
            if (op != null && IndexKey.of(op.operation()).equals(key) && filter.matches(op.tenant(), op.operation())) {
                items.add(op);
                last = key;
            }
            if (cursor.walk.hasNext()) {
                cursor.current = cursor.walk.next();
                merge.add(cursor);
            }
        }
        String next = items.size() == pageSize && !merge.isEmpty() && last != null ? PageToken.encode(last) : null;
        return new Page(items, next);
    }

    @Override
    public Flux<TrackedOperation> active(OperationFilter filter) {
        return Flux.defer(() -> {
            String scope = filter.tenant() == null ? ALL_TENANTS : filter.tenant();
            List<TrackedOperation> result = new ArrayList<>();
            for (OperationState state : filter.states()) {
                if (state.isTerminal()) {
                    continue;
                }
                for (IndexKey key : index(scope, state)) {
                    TrackedOperation op = operations.get(key.id());
                    if (op != null && !op.done() && filter.matches(op.tenant(), op.operation())) {
                        result.add(op);
                    }
                }
            }
            return Flux.fromIterable(result);
        });
    }

    @Override
    public Mono<Map<String, Long>> activeCountByBackend() {
        return Mono.fromSupplier(() -> {
            Map<String, Long> counts = new HashMap<>();
            activeByBackend.forEach((backend, count) -> counts.put(backend, count.get()));
            return counts;
        });
    }

    @Override
    public Mono<Map<OperationState, Long>> countByState() {
        return Mono.fromSupplier(() -> {
            Map<OperationState, Long> counts = new EnumMap<>(OperationState.class);
            byState.forEach((state, count) -> counts.put(state, count.get()));
            return counts;
        });
    }

    @Override
    public Mono<Long> expire(Instant now) {
        return Mono.fromSupplier(() -> {
            long expired = 0;
            for (ExpiryKey key = first(); key != null && !key.at().isAfter(now); key = first()) {
                expiries.remove(key);
                TrackedOperation op = operations.get(key.id());
                if (op != null && key.at().equals(op.expiresAt()) && removeNow(key.id())) {
                    expired++;
                }
            }
            return expired;
        });
    }

    private @Nullable ExpiryKey first() {
        return expiries.isEmpty() ? null : expiries.first();
    }

    /** Index order: newest {@code updatedAt} first, then by id. */
    record IndexKey(long updatedAtMillis, String id) implements Comparable<IndexKey> {

        static IndexKey of(Operation operation) {
            return new IndexKey(operation.updatedAt().toEpochMilli(), operation.id());
        }

        @Override
        public int compareTo(IndexKey other) {
            int byTime = Long.compare(other.updatedAtMillis, updatedAtMillis);
            return byTime != 0 ? byTime : id.compareTo(other.id);
        }
    }

    private record ExpiryKey(Instant at, String id) implements Comparable<ExpiryKey> {
        @Override
        public int compareTo(ExpiryKey other) {
            int byTime = at.compareTo(other.at);
            return byTime != 0 ? byTime : id.compareTo(other.id);
        }
    }

    private static final class Cursor {
        IndexKey current;
        final Iterator<IndexKey> walk;

        Cursor(IndexKey current, Iterator<IndexKey> walk) {
            this.current = current;
            this.walk = walk;
        }

        IndexKey current() {
            return current;
        }
    }
}
