package io.opgate.gateway.store;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * A replica-local copy of the operations the poll endpoint reads, so that a read of a remote store costs a map lookup.
 * Every change passes through the change feed, and this replica reads the feed in order: a copy is replaced by each
 * change the moment the feed reader has it, and dropped with a removal, so once a change's event has been read no read
 * answers anything older. {@code observedAt} and {@code backendStatus} change without a version, and so without an
 * event; a copy is therefore read again from the store once it is {@code refreshAfter} old, which bounds how stale
 * those two fields can be.
 *
 * <p>A copy enters only by a read of the store; a change that arrives while such a read is under way wins if it is
 * newer, and a removal meanwhile keeps the read's answer out. While the feed reader is not following the feed (Redis
 * lost, or not read yet), every read goes to the store and nothing is kept; losing the feed drops every copy.
 */
public final class FeedCoherentSnapshots implements OperationSnapshots, AutoCloseable {

    private final OperationStore store;
    private final ChangeFeed feed;
    private final BooleanSupplier following;
    private final long refreshNanos;
    private final int maxEntries;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();
    private Disposable reading = () -> {};
    private volatile boolean listening;

    /** @param following whether the feed reader currently follows the feed without a gap */
    public FeedCoherentSnapshots(
            OperationStore store, ChangeFeed feed, BooleanSupplier following, Limits limits, LongSupplier nanoTime) {
        this.store = store;
        this.feed = feed;
        this.following = following;
        this.refreshNanos = limits.refreshAfter().toNanos();
        this.maxEntries = limits.maxEntries();
        this.nanoTime = nanoTime;
    }

    /**
     * How long and how many copies are kept.
     *
     * @param refreshAfter how old a copy may get before it is read again ({@code observedAt}, {@code backendStatus})
     * @param maxEntries copies kept at most; reads beyond go to the store
     */
    public record Limits(Duration refreshAfter, int maxEntries) {}

    public void start() {
        listening = true;
        reading = feed.live().subscribe(this::apply, e -> stopListening(), this::stopListening);
    }

    /** Without the feed no copy can be trusted: forget them all and read the store from now on. */
    private void stopListening() {
        listening = false;
        clear();
    }

    @Override
    public Mono<Snapshot> find(String id) {
        if (!listening || !following.getAsBoolean()) {
            return read(id);
        }
        if (slots.get(id) instanceof Copy copy && nanoTime.getAsLong() - copy.readAt() < refreshNanos) {
            return Mono.just(copy.snapshot());
        }
        return Mono.defer(() -> {
            Loading mine = new Loading();
            Slot claimed = slots.compute(id, (key, current) -> current instanceof Loading other ? other : mine);
            if (claimed != mine) {
                // Someone else is reading it: this read goes to the store and keeps nothing.
                return read(id);
            }
            long startedAt = nanoTime.getAsLong();
            return read(id).map(loaded -> settle(id, mine, loaded, startedAt))
                    .switchIfEmpty(Mono.fromRunnable(() -> settle(id, mine, null, startedAt)))
                    .doOnError(e -> slots.remove(id, mine))
                    .doOnCancel(() -> slots.remove(id, mine));
        });
    }

    private Mono<Snapshot> read(String id) {
        return store.find(id).map(op -> new Snapshot(op.tenant(), op.operation().withoutNative()));
    }

    /** Ends this replica's read of {@code id}: keeps the newer of what was read and what the feed brought meanwhile. */
    private Snapshot settle(String id, Loading mine, @Nullable Snapshot loaded, long startedAt) {
        Snapshot[] answer = {loaded};
        slots.compute(id, (key, current) -> {
            if (current != mine || mine.invalid) {
                return current == mine ? null : current;
            }
            Snapshot newest = newer(loaded, mine.latest);
            answer[0] = newest;
            if (newest == null || slots.size() > maxEntries) {
                return null;
            }
            return new Copy(newest, startedAt);
        });
        return answer[0] != null ? answer[0] : loaded;
    }

    private static @Nullable Snapshot newer(@Nullable Snapshot a, @Nullable Snapshot b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return b.operation().version() > a.operation().version() ? b : a;
    }

    void apply(Change change) {
        slots.computeIfPresent(change.operation().id(), (id, slot) -> {
            if (slot instanceof Loading loading) {
                loading.record(change);
                return loading;
            }
            if (change.removed()) {
                return null;
            }
            // A read of the store may already have a version the feed reader has not reached: never go back.
            Copy copy = (Copy) slot;
            if (change.operation().version() <= copy.snapshot().operation().version()) {
                return copy;
            }
            return new Copy(new Snapshot(change.tenant(), change.operation().withoutNative()), nanoTime.getAsLong());
        });
    }

    /** Forgets every copy: the feed was lost, so changes may have been missed. */
    public void clear() {
        for (String id : slots.keySet()) {
            slots.computeIfPresent(id, (key, slot) -> {
                if (slot instanceof Loading loading) {
                    loading.invalid = true;
                    return loading;
                }
                return null;
            });
        }
    }

    /** Copies kept now. */
    public int size() {
        return slots.size();
    }

    @Override
    public void close() {
        reading.dispose();
    }

    private sealed interface Slot permits Copy, Loading {}

    private record Copy(Snapshot snapshot, long readAt) implements Slot {}

    /** A read of the store under way; only touched inside the map's per-key compute, so plain fields suffice. */
    private static final class Loading implements Slot {
        @Nullable
        Snapshot latest;

        boolean invalid;

        void record(Change change) {
            if (change.removed()) {
                invalid = true;
            } else {
                latest = new Snapshot(change.tenant(), change.operation().withoutNative());
            }
        }
    }
}
