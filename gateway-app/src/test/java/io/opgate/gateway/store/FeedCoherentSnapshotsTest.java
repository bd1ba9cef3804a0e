package io.opgate.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.contracts.model.OperationState;
import io.opgate.gateway.store.OperationSnapshots.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** The replica-local copy over the memory store and its feed: never older than the last change the feed brought. */
class FeedCoherentSnapshotsTest {

    static final Duration WAIT = Duration.ofSeconds(5);
    static final Duration REFRESH = Duration.ofSeconds(1);
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    final MemoryChangeFeed feed = new MemoryChangeFeed(100);
    final GatedStore store = new GatedStore(new MemoryOperationStore(feed));
    final AtomicBoolean following = new AtomicBoolean(true);
    /** Like {@link System#nanoTime}, counted from an arbitrary origin rather than from zero. */
    final AtomicLong nanos = new AtomicLong(7_000_000_000_000L);

    final FeedCoherentSnapshots snapshots = new FeedCoherentSnapshots(
            store, feed, following::get, new FeedCoherentSnapshots.Limits(REFRESH, 1_000), nanos::get);

    {
        snapshots.start();
    }

    @AfterEach
    void close() {
        snapshots.close();
    }

    TrackedOperation stored(String id) {
        TrackedOperation op = OperationStoreContract.op(id, "t1", "lab", OperationState.RUNNING, T0);
        store.insertIfAbsent(op).block(WAIT);
        return op;
    }

    void progress(String id, String message) {
        store.update(id, op -> OperationStoreContract.progressed(op, message)).block(WAIT);
    }

    @Nullable
    Snapshot read(String id) {
        return snapshots.find(id).block(WAIT);
    }

    @Test
    void aReadKeepsACopyThatLaterReadsAnswerWithoutTheStore() {
        stored("a");
        Snapshot first = read("a");
        assertThat(first.tenant()).isEqualTo("t1");
        assertThat(first.operation().nativePayload())
                .as("copies hold the summary only")
                .isNull();
        int reads = store.finds.get();
        assertThat(read("a")).isSameAs(first);
        assertThat(store.finds.get()).isEqualTo(reads);
        assertThat(snapshots.size()).isEqualTo(1);
    }

    @Test
    void aChangeReplacesTheCopyTheMomentTheFeedBringsIt() {
        stored("a");
        read("a");
        int reads = store.finds.get();
        progress("a", "half way");
        Snapshot after = read("a");
        assertThat(after.operation().version()).isEqualTo(2);
        assertThat(after.operation().progress().message()).isEqualTo("half way");
        assertThat(store.finds.get()).as("the change came from the feed").isEqualTo(reads);
    }

    @Test
    void aRemovalDropsTheCopy() {
        stored("a");
        read("a");
        store.remove("a").block(WAIT);
        assertThat(read("a")).isNull();
        assertThat(snapshots.size()).isZero();
    }

    @Test
    void anOlderChangeNeverReplacesANewerCopy() {
        TrackedOperation v1 = stored("a");
        progress("a", "v2");
        Snapshot v2 = read("a");
        snapshots.apply(new Change("late", "t1", v1.operation(), false));
        assertThat(read("a")).isSameAs(v2);
    }

    @Test
    void aChangeThatArrivesDuringTheStoreReadWinsWhenNewer() {
        stored("a");
        Sinks.One<Void> gate = store.gateNextFind();
        Mono<Snapshot> pending = snapshots.find("a").cache();
        pending.subscribe();
        // The store read has v1 in hand; the feed brings v2 before it completes.
        progress("a", "v2");
        gate.tryEmitEmpty();
        assertThat(pending.block(WAIT).operation().version()).isEqualTo(2);
        assertThat(read("a").operation().version()).as("the copy kept").isEqualTo(2);
    }

    @Test
    void aRemovalDuringTheStoreReadKeepsTheReadOutOfTheCopy() {
        stored("a");
        Sinks.One<Void> gate = store.gateNextFind();
        Mono<Snapshot> pending = snapshots.find("a").cache();
        pending.subscribe();
        store.remove("a").block(WAIT);
        gate.tryEmitEmpty();
        pending.block(WAIT);
        assertThat(snapshots.size()).isZero();
        assertThat(read("a")).as("gone, not resurrected from the copy").isNull();
    }

    @Test
    void fieldsThatChangeWithoutAnEventAreReadAgainAfterTheRefreshPeriod() {
        stored("a");
        Snapshot first = read("a");
        Instant later = T0.plusSeconds(30);
        // observedAt changes without a new version, so without a feed entry.
        store.update(
                        "a",
                        op -> op.withOperation(
                                op.operation().toBuilder().observedAt(later).build()))
                .block(WAIT);
        assertThat(read("a")).isSameAs(first);
        nanos.addAndGet(REFRESH.toNanos());
        assertThat(read("a").operation().observedAt()).isEqualTo(later);
    }

    @Test
    void whileTheFeedIsNotFollowedReadsGoToTheStoreAndNothingIsKept() {
        stored("a");
        following.set(false);
        read("a");
        read("a");
        assertThat(snapshots.size()).isZero();
        assertThat(store.finds.get()).isEqualTo(2);
    }

    @Test
    void losingTheFeedForgetsEveryCopy() {
        stored("a");
        stored("b");
        read("a");
        read("b");
        snapshots.clear();
        assertThat(snapshots.size()).isZero();
    }

    @Test
    void copiesStopAtTheLimitAndFurtherReadsStillAnswer() {
        FeedCoherentSnapshots small = new FeedCoherentSnapshots(
                store, feed, following::get, new FeedCoherentSnapshots.Limits(REFRESH, 2), nanos::get);
        small.start();
        try {
            for (int i = 0; i < 5; i++) {
                stored("op" + i);
                assertThat(small.find("op" + i).block(WAIT).operation().id()).isEqualTo("op" + i);
            }
            assertThat(small.size()).isEqualTo(2);
        } finally {
            small.close();
        }
    }

    @Test
    void aFeedThatEndsLeavesNoCopyToTrust() {
        Sinks.Many<Change> live = Sinks.many().multicast().directBestEffort();
        ChangeFeed ending = new ForwardingChangeFeed(feed) {
            @Override
            public Flux<Change> live() {
                return live.asFlux();
            }
        };
        FeedCoherentSnapshots copies = new FeedCoherentSnapshots(
                store, ending, following::get, new FeedCoherentSnapshots.Limits(REFRESH, 10), nanos::get);
        copies.start();
        try {
            stored("a");
            copies.find("a").block(WAIT);
            assertThat(copies.size()).isEqualTo(1);
            live.tryEmitError(new IllegalStateException("feed gone"));
            assertThat(copies.size()).isZero();
            int reads = store.finds.get();
            copies.find("a").block(WAIT);
            copies.find("a").block(WAIT);
            assertThat(store.finds.get() - reads)
                    .as("every read goes to the store")
                    .isEqualTo(2);
            assertThat(copies.size()).isZero();
        } finally {
            copies.close();
        }
    }

    @Test
    void anUnknownIdIsEmptyAndLeavesNothingBehind() {
        assertThat(read("nothing")).isNull();
        assertThat(snapshots.size()).isZero();
    }

    /** The memory store, counting finds, whose next find can be held until the test lets it complete. */
    static final class GatedStore implements OperationStore {

        final OperationStore delegate;
        final java.util.concurrent.atomic.AtomicInteger finds = new java.util.concurrent.atomic.AtomicInteger();
        volatile Sinks.@Nullable One<Void> gate;

        GatedStore(OperationStore delegate) {
            this.delegate = delegate;
        }

        Sinks.One<Void> gateNextFind() {
            Sinks.One<Void> next = Sinks.one();
            gate = next;
            return next;
        }

        @Override
        public Mono<TrackedOperation> find(String id) {
            finds.incrementAndGet();
            Sinks.One<Void> held = gate;
            gate = null;
            Mono<TrackedOperation> read = delegate.find(id).cache();
            if (held == null) {
                return read;
            }
            // Read now, answer when let go: the answer is what the store held when the read was made.
            read.subscribe();
            return held.asMono().then(read);
        }

        @Override
        public Mono<Insertion> insertIfAbsent(TrackedOperation operation) {
            return delegate.insertIfAbsent(operation);
        }

        @Override
        public Mono<Update> update(String id, UnaryOperator<TrackedOperation> change) {
            return delegate.update(id, change);
        }

        @Override
        public Mono<Boolean> remove(String id) {
            return delegate.remove(id);
        }

        @Override
        public Mono<Page> list(OperationFilter filter, int pageSize, @Nullable String pageToken) {
            return delegate.list(filter, pageSize, pageToken);
        }

        @Override
        public Flux<TrackedOperation> active(OperationFilter filter) {
            return delegate.active(filter);
        }

        @Override
        public Mono<java.util.List<HistoryEntry>> history(String id) {
            return delegate.history(id);
        }

        @Override
        public Mono<OperationCounts> counts(CountScope scope) {
            return delegate.counts(scope);
        }

        @Override
        public Mono<Map<String, Long>> activeCountByBackend() {
            return delegate.activeCountByBackend();
        }

        @Override
        public Mono<Map<io.opgate.contracts.model.OperationState, Long>> countByState() {
            return delegate.countByState();
        }

        @Override
        public Mono<Long> expire(Instant now) {
            return delegate.expire(now);
        }
    }
}
