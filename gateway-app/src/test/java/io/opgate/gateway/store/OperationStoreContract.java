package io.opgate.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opgate.contracts.model.BackendStatus;
import io.opgate.contracts.model.Operation;
import io.opgate.contracts.model.OperationError;
import io.opgate.contracts.model.OperationState;
import io.opgate.contracts.model.Progress;
import io.opgate.gateway.metrics.OperationStateMeters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * What every {@link OperationStore} with its {@link ChangeFeed} must do; each store's test extends this in a few
 * lines. Each test gets a store of its own, whose feed keeps {@link #RETAINED} changes.
 */
public abstract class OperationStoreContract {

    protected static final int RETAINED = 50;
    /** History entries each test's store keeps per operation. */
    protected static final int HISTORY = 6;

    protected static final Duration WAIT = Duration.ofSeconds(10);
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    protected OperationStore store;
    protected ChangeFeed feed;

    /**
     * A new, empty store and its feed, keeping about {@code retainedChanges} changes and {@code historyLimit} history
     * entries per operation.
     */
    protected abstract StoreUnderTest create(int retainedChanges, int historyLimit);

    public record StoreUnderTest(OperationStore store, ChangeFeed feed, AutoCloseable resources) {}

    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeEach
    void open() {
        StoreUnderTest created = create(RETAINED, HISTORY);
        opened.add(created.resources());
        store = created.store();
        feed = created.feed();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable resource : opened) {
            resource.close();
        }
    }

    static TrackedOperation op(String id, String tenant, String backend, OperationState state, Instant updatedAt) {
        return op(id, tenant, backend, state, updatedAt, Map.of());
    }

    static TrackedOperation op(
            String id,
            String tenant,
            String backend,
            OperationState state,
            Instant updatedAt,
            Map<String, String> labels) {
        Operation operation = Operation.builder()
                .id(id)
                .backend(backend)
                .backendType("scripted")
                .handle("h-" + id)
                .state(state)
                .updatedAt(updatedAt)
                .labels(labels)
                .build();
        return new TrackedOperation(
                operation,
                tenant,
                Map.of("projectUuid", "p1"),
                Duration.ofMillis(500),
                0,
                null,
                null,
                state.isTerminal() ? updatedAt.plus(Duration.ofHours(1)) : null,
                0);
    }

    /** The next version of {@code op} with {@code message} as its progress, observed now. */
    static TrackedOperation progressed(TrackedOperation op, String message) {
        Operation next = op.operation().toBuilder()
                .progress(Progress.of(50.0, null, null, message))
                .version(op.operation().version() + 1)
                .observedAt(T0)
                .build();
        return op.withOperation(next);
    }

    static TrackedOperation moved(TrackedOperation op, OperationState state, Instant at) {
        Operation next = op.operation().toBuilder()
                .state(state)
                .updatedAt(at)
                .version(op.operation().version() + 1)
                .build();
        return op.withOperation(next).withExpiresAt(state.isTerminal() ? at.plus(Duration.ofHours(1)) : null);
    }

    static String unique() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    TrackedOperation insert(TrackedOperation op) {
        return store.insertIfAbsent(op).block(WAIT).operation();
    }

    List<Change> feedAfter(String cursor) {
        return feed.readAfter(cursor).collectList().block(WAIT);
    }

    @Test
    void insertStoresOnceAndAnswersTheStoredOperationAfterwards() {
        TrackedOperation first = op("a1", "t1", "lab", OperationState.RUNNING, T0);
        OperationStore.Insertion inserted = store.insertIfAbsent(first).block(WAIT);
        assertThat(inserted.inserted()).isTrue();
        assertThat(inserted.operation().revision()).isEqualTo(1);

        TrackedOperation other = op("a1", "t1", "lab", OperationState.QUEUED, T0.plusSeconds(5));
        OperationStore.Insertion again = store.insertIfAbsent(other).block(WAIT);
        assertThat(again.inserted()).isFalse();
        assertThat(again.operation().operation().state()).isEqualTo(OperationState.RUNNING);
        assertThat(store.find("a1").block(WAIT)).isEqualTo(first.withRevision(1));
        assertThat(store.find("nope").blockOptional(WAIT)).isEmpty();
    }

    @Test
    void concurrentInsertsOfOneIdStoreExactlyOne() {
        String id = "c" + unique();
        List<OperationStore.Insertion> results = Flux.range(0, 16)
                .flatMap(
                        i -> store.insertIfAbsent(op(id, "t1", "lab", OperationState.RUNNING, T0.plusMillis(i)))
                                .subscribeOn(Schedulers.parallel()),
                        16)
                .collectList()
                .block(WAIT);
        assertThat(results).filteredOn(OperationStore.Insertion::inserted).hasSize(1);
        TrackedOperation winner = results.stream()
                .filter(OperationStore.Insertion::inserted)
                .findFirst()
                .orElseThrow()
                .operation();
        assertThat(results).allSatisfy(r -> assertThat(r.operation()).isEqualTo(winner));
        assertThat(feedAfter(feed.origin())).hasSize(1);
    }

    @Test
    void keepsEveryFieldAsWritten() {
        Operation rich = Operation.builder()
                .id("rich")
                .backend("lab")
                .backendType("ontap")
                .handle("uuid-1")
                .type("volume move")
                .state(OperationState.FAILED)
                .progress(Progress.of(42.5, 17L, 40L, "moving"))
                .error(new OperationError(
                        "458784",
                        "does not support cancel",
                        JsonNodeFactory.instance.objectNode().put("code", 458784)))
                .submittedAt(T0.minusSeconds(60))
                .startedAt(T0.minusSeconds(30))
                .endedAt(T0)
                .updatedAt(T0)
                .observedAt(T0.plusMillis(123))
                .version(7)
                .labels(Map.of("run", "r1", "team", "storage"))
                .backendStatus(new BackendStatus(false, 3, "timeout"))
                .nativePayload(JsonNodeFactory.instance.objectNode().put("state", "failure"))
                .build();
        TrackedOperation tracked = new TrackedOperation(
                rich,
                "t1",
                Map.of("a", "b"),
                Duration.ofMillis(2250),
                2,
                T0.minusSeconds(5),
                new TrackedOperation.ProgressSample(T0.minusSeconds(10), 12.5),
                T0.plus(Duration.ofDays(1)),
                0);
        insert(tracked);
        assertThat(store.find("rich").block(WAIT)).isEqualTo(tracked.withRevision(1));
    }

    @Test
    void updateWritesOnlyOnTheCurrentRevisionAndCountsEachWrite() {
        TrackedOperation stored = insert(op("u1", "t1", "lab", OperationState.RUNNING, T0));
        OperationStore.Update update =
                store.update("u1", current -> progressed(current, "half")).block(WAIT);
        assertThat(update.before()).isEqualTo(stored);
        assertThat(update.after().revision()).isEqualTo(2);
        assertThat(update.after().operation().version()).isEqualTo(2);
        assertThat(update.versionChanged()).isTrue();
        assertThat(store.find("u1").block(WAIT)).isEqualTo(update.after());

        OperationStore.Update nothing = store.update("u1", current -> current).block(WAIT);
        assertThat(nothing.after()).isSameAs(nothing.before());
        assertThat(store.find("u1").block(WAIT).revision()).isEqualTo(2);

        // A write that leaves the version alone (an observation time) gets a revision but no feed entry.
        int before = feedAfter(feed.origin()).size();
        OperationStore.Update observed =
                store.update("u1", current -> current.withNotFoundStreak(1)).block(WAIT);
        assertThat(observed.after().revision()).isEqualTo(3);
        assertThat(observed.versionChanged()).isFalse();
        assertThat(feedAfter(feed.origin())).hasSize(before);

        assertThat(store.update("missing", current -> progressed(current, "x")).blockOptional(WAIT))
                .isEmpty();
    }

    @Test
    void concurrentWritersLoseNoUpdateAndVersionsStayContiguous() {
        String id = "w" + unique();
        insert(op(id, "t1", "lab", OperationState.RUNNING, T0));
        int writers = 40;
        List<Long> written = new CopyOnWriteArrayList<>();
        Flux.range(0, writers)
                .flatMap(
                        i -> store.update(id, current -> progressed(current, "writer " + i))
                                .doOnNext(u -> written.add(u.after().operation().version()))
                                .subscribeOn(Schedulers.parallel()),
                        writers)
                .blockLast(Duration.ofSeconds(30));
        TrackedOperation last = store.find(id).block(WAIT);
        assertThat(last.operation().version()).isEqualTo(1 + writers);
        assertThat(last.revision()).isEqualTo(1 + writers);
        assertThat(written)
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(2, 1 + writers)
                        .mapToObj(v -> (long) v)
                        .toList());
        List<Long> feedVersions = feedAfter(feed.origin()).stream()
                .filter(c -> c.operation().id().equals(id))
                .map(c -> c.operation().version())
                .toList();
        assertThat(feedVersions)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 1 + writers)
                        .mapToObj(v -> (long) v)
                        .toList());
    }

    @Test
    void theFeedHoldsEveryVersionInOrderThenTheRemoval() {
        String origin = feed.origin();
        insert(op("f1", "t1", "lab", OperationState.QUEUED, T0));
        store.update("f1", c -> moved(c, OperationState.RUNNING, T0.plusSeconds(1)))
                .block(WAIT);
        insert(op("f2", "t2", "lab", OperationState.QUEUED, T0));
        store.update("f1", c -> moved(c, OperationState.SUCCEEDED, T0.plusSeconds(2)))
                .block(WAIT);
        assertThat(store.remove("f1").block(WAIT)).isTrue();
        assertThat(store.remove("f1").block(WAIT)).isFalse();

        List<Change> changes = feedAfter(origin);
        assertThat(changes)
                .extracting(c -> c.operation().id() + "@" + c.operation().version() + (c.removed() ? "-" : ""))
                .containsExactly("f1@1", "f1@2", "f2@1", "f1@3", "f1@3-");
        assertThat(changes).extracting(Change::tenant).containsExactly("t1", "t1", "t2", "t1", "t1");
        for (int i = 1; i < changes.size(); i++) {
            assertThat(feed.compare(changes.get(i - 1).cursor(), changes.get(i).cursor()))
                    .isNegative();
        }
        // Resuming after any cursor gives exactly what came after it.
        assertThat(feedAfter(changes.get(2).cursor())).containsExactlyElementsOf(changes.subList(3, 5));
        assertThat(feedAfter(changes.get(4).cursor())).isEmpty();
        assertThat(feed.compare(origin, changes.get(0).cursor())).isNegative();
    }

    @Test
    void aCursorThatIsUnknownOrTooOldCannotBeResumed() {
        assertThatThrownBy(() -> feedAfter("not-a-cursor")).isInstanceOf(ChangeFeed.CursorExpired.class);
        String origin = feed.origin();
        insert(op("old", "t1", "lab", OperationState.RUNNING, T0));
        String first = feedAfter(origin).get(0).cursor();
        for (int i = 0; i < RETAINED * 6; i++) {
            store.update("old", c -> progressed(c, "step")).block(WAIT);
        }
        assertThatThrownBy(() -> feedAfter(origin)).isInstanceOf(ChangeFeed.CursorExpired.class);
        assertThatThrownBy(() -> feedAfter(first)).isInstanceOf(ChangeFeed.CursorExpired.class);
    }

    @Test
    void liveCarriesEachChangeAsItIsWritten() {
        List<Change> seen = new CopyOnWriteArrayList<>();
        Disposable live = feed.live().subscribe(seen::add);
        try {
            String id = "l" + unique();
            insert(op(id, "t1", "lab", OperationState.RUNNING, T0));
            store.update(id, c -> moved(c, OperationState.SUCCEEDED, T0.plusSeconds(1)))
                    .block(WAIT);
            store.remove(id).block(WAIT);
            await().atMost(WAIT)
                    .until(() -> seen.stream()
                                    .filter(c -> c.operation().id().equals(id))
                                    .count()
                            == 3);
            List<Change> mine =
                    seen.stream().filter(c -> c.operation().id().equals(id)).toList();
            assertThat(mine).extracting(c -> c.operation().version()).containsExactly(1L, 2L, 2L);
            assertThat(mine).extracting(Change::removed).containsExactly(false, false, true);
            await().atMost(WAIT).until(() -> mine.get(2).cursor().equals(feed.head()));
        } finally {
            live.dispose();
        }
    }

    @Test
    void pagesWalkNewestFirstThroughEveryFilterWithoutGapsOrRepeats() {
        List<TrackedOperation> all = new ArrayList<>();
        OperationState[] states = {OperationState.RUNNING, OperationState.QUEUED, OperationState.SUCCEEDED};
        for (int i = 0; i < 30; i++) {
            TrackedOperation op = op(
                    String.format("p%02d", i),
                    i % 3 == 0 ? "t2" : "t1",
                    i % 2 == 0 ? "lab" : "other",
                    states[i % 3],
                    // Pairs share a timestamp, so ties are ordered by id.
                    T0.plusSeconds(i / 2),
                    Map.of("run", i % 4 == 0 ? "even" : "odd"));
            all.add(insert(op));
        }
        List<String> everyId = walk(OperationFilter.tenant(null), 7);
        List<String> expected = all.stream()
                .sorted((a, b) -> {
                    int byTime =
                            b.operation().updatedAt().compareTo(a.operation().updatedAt());
                    return byTime != 0 ? byTime : a.id().compareTo(b.id());
                })
                .map(TrackedOperation::id)
                .toList();
        assertThat(everyId).containsExactlyElementsOf(expected);

        OperationFilter filter = new OperationFilter(
                "t1", "lab", EnumSet.of(OperationState.RUNNING, OperationState.SUCCEEDED), Map.of("run", "even"));
        assertThat(walk(filter, 2))
                .containsExactlyElementsOf(all.stream()
                        .filter(op -> filter.matches(op.tenant(), op.operation()))
                        .sorted((a, b) -> b.operation()
                                .updatedAt()
                                .compareTo(a.operation().updatedAt()))
                        .map(TrackedOperation::id)
                        .toList())
                .isNotEmpty();
        assertThat(store.list(new OperationFilter(null, null, Set.of(), Map.of()), 10, null)
                        .block(WAIT)
                        .items())
                .isEmpty();
        Page last = store.list(OperationFilter.tenant(null), 30, null).block(WAIT);
        assertThat(last.items()).hasSize(30);
        assertThat(last.nextPageToken()).isNull();
        assertThatThrownBy(
                        () -> store.list(OperationFilter.tenant(null), 5, "%%%").block(WAIT))
                .isInstanceOf(InvalidPageToken.class);
    }

    @Test
    void pagingWhileOperationsMoveNeverRepeatsAndKeepsWhatDidNotMove() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            ids.add(insert(op("m" + i, "t1", "lab", OperationState.RUNNING, T0.plusSeconds(i)))
                    .id());
        }
        Set<String> movedIds = new HashSet<>();
        List<String> seen = new ArrayList<>();
        String token = null;
        int round = 0;
        do {
            Page page = store.list(OperationFilter.tenant("t1"), 8, token).block(WAIT);
            page.items().forEach(op -> seen.add(op.id()));
            token = page.nextPageToken();
            // Between pages, some operations move to the front (a newer updatedAt) or to another state.
            String mover = ids.get((round * 7 + 3) % ids.size());
            movedIds.add(mover);
            Instant later = T0.plusSeconds(1_000 + round);
            OperationState next = round % 2 == 0 ? OperationState.RUNNING : OperationState.SUCCEEDED;
            store.update(mover, c -> c.done() ? c : moved(c, next, later)).block(WAIT);
            round++;
        } while (token != null);
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen)
                .containsAll(ids.stream().filter(id -> !movedIds.contains(id)).toList());
    }

    @Test
    void expiryForgetsDoneOperationsWhoseRetentionPassed() {
        insert(op("e1", "t1", "lab", OperationState.SUCCEEDED, T0)); // expires T0 + 1h
        insert(op("e2", "t1", "lab", OperationState.FAILED, T0.plusSeconds(600))); // T0 + 1h10m
        insert(op("e3", "t1", "lab", OperationState.RUNNING, T0));
        String origin = feed.origin();

        assertThat(store.expire(T0.plusSeconds(3599)).block(WAIT)).isZero();
        assertThat(store.expire(T0.plusSeconds(3600)).block(WAIT)).isEqualTo(1);
        assertThat(store.find("e1").blockOptional(WAIT)).isEmpty();
        assertThat(store.find("e2").blockOptional(WAIT)).isPresent();
        assertThat(walk(OperationFilter.tenant("t1"), 10)).containsExactly("e2", "e3");
        assertThat(feedAfter(origin))
                .filteredOn(Change::removed)
                .extracting(c -> c.operation().id())
                .containsExactly("e1");

        // An operation whose retention moved later is not expired by its old time.
        store.update("e2", c -> c.withExpiresAt(T0.plus(Duration.ofDays(1)))).block(WAIT);
        assertThat(store.expire(T0.plus(Duration.ofHours(2))).block(WAIT)).isZero();
        assertThat(store.expire(T0.plus(Duration.ofDays(2))).block(WAIT)).isEqualTo(1);
        assertThat(walk(OperationFilter.tenant(null), 10)).containsExactly("e3");
    }

    @Test
    void operationsWhoseRetentionEndsAtTheSameInstantAllExpire() {
        insert(op("s1", "t1", "lab", OperationState.SUCCEEDED, T0));
        insert(op("s2", "t2", "lab", OperationState.FAILED, T0));
        insert(op("s3", "t1", "other", OperationState.LOST, T0));

        assertThat(store.expire(T0.plus(Duration.ofHours(1))).block(WAIT)).isEqualTo(3);
        assertThat(walk(OperationFilter.tenant(null), 10)).isEmpty();
    }

    @Test
    void activeAndCountsFollowEveryChange() {
        insert(op("x1", "t1", "lab", OperationState.RUNNING, T0, Map.of("run", "a")));
        insert(op("x2", "t1", "other", OperationState.QUEUED, T0, Map.of("run", "b")));
        insert(op("x3", "t2", "lab", OperationState.UNKNOWN, T0));
        insert(op("x4", "t1", "lab", OperationState.SUCCEEDED, T0));
        assertThat(store.activeCountByBackend().block(WAIT))
                .containsEntry("lab", 2L)
                .containsEntry("other", 1L);
        assertThat(active(OperationFilter.tenant(null))).containsExactlyInAnyOrder("x1", "x2", "x3");
        assertThat(active(OperationFilter.tenant("t1"))).containsExactlyInAnyOrder("x1", "x2");
        assertThat(active(new OperationFilter(null, "lab", null, Map.of()))).containsExactlyInAnyOrder("x1", "x3");
        assertThat(active(new OperationFilter("t1", null, null, Map.of("run", "b"))))
                .containsExactly("x2");

        store.update("x1", c -> moved(c, OperationState.FAILED, T0.plusSeconds(1)))
                .block(WAIT);
        store.remove("x2").block(WAIT);
        store.remove("x4").block(WAIT);
        assertThat(store.activeCountByBackend().block(WAIT)).containsEntry("lab", 1L);
        assertThat(store.activeCountByBackend().block(WAIT).getOrDefault("other", 0L))
                .isZero();
        assertThat(active(OperationFilter.tenant(null))).containsExactly("x3");
    }

    @Test
    void historyRecordsTransitionsMilestonesAndErrorsOldestFirst() {
        insert(op("h1", "t1", "lab", OperationState.UNKNOWN, T0));
        store.update("h1", c -> next(c, OperationState.RUNNING, Progress.of(10.0, null, null, null), null, 1))
                .block(WAIT);
        // Within the same quarter and without a message: no entry.
        store.update("h1", c -> next(c, OperationState.RUNNING, Progress.of(20.0, null, null, null), null, 2))
                .block(WAIT);
        store.update("h1", c -> next(c, OperationState.RUNNING, Progress.of(30.0, null, null, null), null, 3))
                .block(WAIT);
        store.update("h1", c -> next(c, OperationState.RUNNING, Progress.of(35.0, null, null, "copying"), null, 4))
                .block(WAIT);
        // Only the ETA changes: a new version, no entry.
        store.update(
                        "h1",
                        c -> next(
                                c,
                                OperationState.RUNNING,
                                Progress.of(35.0, null, null, "copying").withEtaSeconds(40L),
                                null,
                                5))
                .block(WAIT);
        // An observation alone (same version) writes the operation but adds no entry.
        store.update(
                        "h1",
                        c -> c.withOperation(c.operation().toBuilder()
                                .observedAt(T0.plusSeconds(9))
                                .build()))
                .block(WAIT);
        store.update(
                        "h1",
                        c -> next(
                                c,
                                OperationState.FAILED,
                                Progress.of(35.0, null, null, "copying"),
                                OperationError.of("xVolumeGone", "Volume 7 does not exist"),
                                6))
                .block(WAIT);

        List<HistoryEntry> history = store.history("h1").block(WAIT);
        assertThat(history)
                .extracting(HistoryEntry::version, HistoryEntry::state, HistoryEntry::at)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1L, OperationState.UNKNOWN, T0),
                        org.assertj.core.groups.Tuple.tuple(2L, OperationState.RUNNING, T0.plusSeconds(1)),
                        org.assertj.core.groups.Tuple.tuple(4L, OperationState.RUNNING, T0.plusSeconds(3)),
                        org.assertj.core.groups.Tuple.tuple(5L, OperationState.RUNNING, T0.plusSeconds(4)),
                        org.assertj.core.groups.Tuple.tuple(7L, OperationState.FAILED, T0.plusSeconds(6)));
        assertThat(history.get(0).progress()).isNull();
        assertThat(history.get(2).progress()).isEqualTo(new HistoryEntry.Step(30.0, null));
        assertThat(history.get(3).progress()).isEqualTo(new HistoryEntry.Step(35.0, "copying"));
        assertThat(history.get(4).error())
                .isEqualTo(new HistoryEntry.Failure("xVolumeGone", "Volume 7 does not exist"));
        assertThat(history.subList(0, 4)).allSatisfy(e -> assertThat(e.error()).isNull());

        store.remove("h1").block(WAIT);
        assertThat(store.history("h1").block(WAIT)).isEmpty();
        insert(op("h1", "t1", "lab", OperationState.QUEUED, T0.plusSeconds(60)));
        assertThat(store.history("h1").block(WAIT))
                .extracting(HistoryEntry::state)
                .containsExactly(OperationState.QUEUED);
        assertThat(store.history("never").block(WAIT)).isEmpty();
    }

    @Test
    void historyKeepsTheNewestEntriesUpToItsBound() {
        insert(op("b1", "t1", "lab", OperationState.RUNNING, T0));
        for (int i = 1; i <= HISTORY + 4; i++) {
            int step = i;
            store.update(
                            "b1",
                            c -> next(
                                    c,
                                    OperationState.RUNNING,
                                    Progress.of(1.0, null, null, "step " + step),
                                    null,
                                    step))
                    .block(WAIT);
        }
        List<HistoryEntry> history = store.history("b1").block(WAIT);
        assertThat(history).hasSize(HISTORY);
        assertThat(history)
                .extracting(e -> e.progress().message())
                .containsExactly("step 5", "step 6", "step 7", "step 8", "step 9", "step 10");
    }

    @Test
    void countsFollowEveryChangePerTenantAndLabel() {
        insert(op("n1", "t1", "lab", OperationState.RUNNING, T0, Map.of("run", "a", "team", "x")));
        insert(op("n2", "t1", "other", OperationState.RUNNING, T0, Map.of("run", "b")));
        insert(op("n3", "t2", "lab", OperationState.QUEUED, T0, Map.of("run", "a")));
        insert(op("n4", "t1", "lab", OperationState.SUCCEEDED, T0));

        OperationCounts all = counts(null, null);
        assertThat(all.states(null))
                .containsEntry(OperationState.RUNNING, 2L)
                .containsEntry(OperationState.QUEUED, 1L)
                .containsEntry(OperationState.SUCCEEDED, 1L)
                .containsEntry(OperationState.FAILED, 0L)
                .hasSize(OperationState.values().length);
        assertThat(all.states("lab")).containsEntry(OperationState.RUNNING, 1L);
        assertThat(all.backends()).isEqualTo(Map.of("lab", 3L, "other", 1L));
        assertThat(counts("t1", null).backends()).isEqualTo(Map.of("lab", 2L, "other", 1L));
        assertThat(counts("t1", Map.entry("run", "a")).states(null))
                .containsEntry(OperationState.RUNNING, 1L)
                .containsEntry(OperationState.QUEUED, 0L);
        assertThat(counts(null, Map.entry("run", "a")).backends()).isEqualTo(Map.of("lab", 2L));
        assertThat(counts("t2", Map.entry("team", "x")).backends()).isEmpty();

        store.update("n1", c -> moved(c, OperationState.FAILED, T0.plusSeconds(1)))
                .block(WAIT);
        // A write that keeps the state moves no count.
        store.update("n2", c -> progressed(c, "half")).block(WAIT);
        assertThat(counts("t1", Map.entry("team", "x")).states("lab"))
                .containsEntry(OperationState.RUNNING, 0L)
                .containsEntry(OperationState.FAILED, 1L);
        assertThat(counts(null, null).states(null))
                .containsEntry(OperationState.RUNNING, 1L)
                .containsEntry(OperationState.FAILED, 1L);
        assertThat(store.countByState().block(WAIT))
                .isEqualTo(counts(null, null).states(null));

        store.remove("n1").block(WAIT);
        store.remove("n2").block(WAIT);
        store.remove("n3").block(WAIT);
        store.remove("n4").block(WAIT);
        assertThat(counts(null, null).byBackend()).isEmpty();
        assertThat(counts("t1", Map.entry("run", "a")).byBackend()).isEmpty();
    }

    @Test
    void theStateGaugeReportsEveryStateFromTheStoresCountsTerminalOnesToo() {
        insert(op("g1", "t1", "lab", OperationState.RUNNING, T0));
        insert(op("g2", "t2", "lab", OperationState.RUNNING, T0));
        insert(op("g3", "t1", "other", OperationState.QUEUED, T0));
        insert(op("g4", "t1", "lab", OperationState.SUCCEEDED, T0));
        insert(op("g5", "t2", "other", OperationState.LOST, T0));
        store.update("g2", c -> moved(c, OperationState.FAILED, T0.plusSeconds(1)))
                .block(WAIT);
        store.remove("g3").block(WAIT);

        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (OperationStateMeters gauges =
                new OperationStateMeters(store, Duration.ofMillis(20), Schedulers.parallel())) {
            gauges.bindTo(meters);
            gauges.start();
            Map<String, Double> expected = new java.util.HashMap<>();
            for (OperationState state : OperationState.values()) {
                expected.put(state.name().toLowerCase(java.util.Locale.ROOT), 0.0);
            }
            expected.putAll(Map.of("running", 1.0, "failed", 1.0, "succeeded", 1.0, "lost", 1.0));
            await().atMost(WAIT).untilAsserted(() -> {
                Map<String, Double> reported = new java.util.HashMap<>();
                meters.find("opgate.operations")
                        .gauges()
                        .forEach(g -> reported.put(g.getId().getTag("state"), g.value()));
                assertThat(reported).isEqualTo(expected);
            });
        }
    }

    OperationCounts counts(String tenant, Map.Entry<String, String> label) {
        return store.counts(new CountScope(tenant, label)).block(WAIT);
    }

    /** The next version of {@code op}, {@code seconds} after T0. */
    static TrackedOperation next(
            TrackedOperation op, OperationState state, Progress progress, OperationError error, int seconds) {
        Operation next = op.operation().toBuilder()
                .state(state)
                .progress(progress)
                .error(error)
                .updatedAt(T0.plusSeconds(seconds))
                .version(op.operation().version() + 1)
                .build();
        return op.withOperation(next).withExpiresAt(state.isTerminal() ? T0.plus(Duration.ofHours(1)) : null);
    }

    List<String> active(OperationFilter filter) {
        return store.active(filter).map(TrackedOperation::id).collectList().block(WAIT);
    }

    List<String> walk(OperationFilter filter, int pageSize) {
        List<String> ids = new ArrayList<>();
        String token = null;
        do {
            Page page = store.list(filter, pageSize, token).block(WAIT);
            assertThat(page.items().size()).isLessThanOrEqualTo(pageSize);
            page.items().forEach(op -> ids.add(op.id()));
            token = page.nextPageToken();
        } while (token != null);
        return ids;
    }
}
