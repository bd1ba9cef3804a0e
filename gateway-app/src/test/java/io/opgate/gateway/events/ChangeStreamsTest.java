package io.opgate.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.contracts.model.Operation;
import io.opgate.contracts.model.OperationState;
import io.opgate.gateway.store.Change;
import io.opgate.gateway.store.ChangeFeed;
import io.opgate.gateway.store.ForwardingChangeFeed;
import io.opgate.gateway.store.MemoryChangeFeed;
import io.opgate.gateway.store.MemoryOperationStore;
import io.opgate.gateway.store.OperationFilter;
import io.opgate.gateway.store.TrackedOperation;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class ChangeStreamsTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String TENANT = "tenant";
    private static final OperationFilter ALL = OperationFilter.tenant(TENANT);

    /** Three changes kept: a cursor four changes old has expired. */
    private final MemoryChangeFeed feed = new MemoryChangeFeed(3);

    private final MemoryOperationStore store = new MemoryOperationStore(feed);
    private final EventHub hub = new EventHub(feed);

    ChangeStreamsTest() {
        hub.start();
    }

    @AfterEach
    void close() {
        hub.close();
    }

    @Test
    void aResumedStreamSendsOnlyTheChangesAfterTheCursorThenLiveOnes() {
        insert("a");
        String cursor = feed.head();
        insert("b");
        advance("a", OperationState.RUNNING);

        StepVerifier.create(new ChangeStreams(hub, feed, store).all(ALL, cursor))
                .assertNext(item -> assertChanged(item, "b", 1))
                .assertNext(item -> assertChanged(item, "a", 2))
                .then(() -> advance("b", OperationState.RUNNING))
                .assertNext(item -> assertChanged(item, "b", 2))
                .thenCancel()
                .verify(WAIT);
    }

    @Test
    void anExpiredCursorGivesAResetThenTheSnapshotAtTheHeadThenLaterChanges() {
        insert("a");
        String expired = feed.head();
        insert("b");
        advance("a", OperationState.RUNNING);
        advance("a", OperationState.RUNNING);
        advance("b", OperationState.SUCCEEDED);
        String head = feed.head();

        StepVerifier.create(new ChangeStreams(hub, feed, store).all(ALL, expired))
                .expectNext(StreamItem.RESET)
                .assertNext(item -> assertThat(item).isEqualTo(new StreamItem.Snapshot(head, current("a"))))
                .then(() -> advance("a", OperationState.SUCCEEDED))
                .assertNext(item -> assertChanged(item, "a", 4))
                .thenCancel()
                .verify(WAIT);
    }

    @Test
    void aStreamWithoutCursorStartsWithTheSnapshotOfWhatIsNotDone() {
        insert("a");
        insert("b");
        advance("b", OperationState.FAILED);

        StepVerifier.create(new ChangeStreams(hub, feed, store).all(ALL, null))
                .assertNext(item -> assertThat(item).isEqualTo(new StreamItem.Snapshot(feed.head(), current("a"))))
                .thenCancel()
                .verify(WAIT);
    }

    /**
     * A write that lands between reading the feed's head and reading the snapshot is in both: the snapshot already has
     * its version, so its change is not sent again.
     */
    @Test
    void aLiveChangeNoNewerThanTheSnapshotsVersionIsNotSent() {
        insert("a");
        ChangeFeed racing = new Racing(feed, () -> advance("a", OperationState.RUNNING));

        StepVerifier.create(new ChangeStreams(hub, racing, store).all(ALL, null))
                .assertNext(item -> assertThat(
                                ((StreamItem.Snapshot) item).operation().version())
                        .isEqualTo(2))
                .then(() -> advance("a", OperationState.RUNNING))
                .assertNext(item -> assertChanged(item, "a", 3))
                .thenCancel()
                .verify(WAIT);
    }

    /** A write that lands as the feed is read after the cursor is both read and queued: it is sent once. */
    @Test
    void aChangeReadAfterTheCursorIsNotSentAgainLive() {
        insert("a");
        String cursor = feed.head();
        ChangeFeed racing = new Racing(feed, () -> advance("a", OperationState.RUNNING));

        StepVerifier.create(new ChangeStreams(hub, racing, store).all(ALL, cursor))
                .assertNext(item -> assertChanged(item, "a", 2))
                .then(() -> advance("a", OperationState.RUNNING))
                .assertNext(item -> assertChanged(item, "a", 3))
                .thenCancel()
                .verify(WAIT);
    }

    @Test
    void aStreamOfAnotherTenantIsSentNothingOfThisOne() {
        StepVerifier.create(new ChangeStreams(hub, feed, store).all(OperationFilter.tenant("other"), null))
                .then(() -> insert("a"))
                .expectNoEvent(Duration.ofMillis(100))
                .thenCancel()
                .verify(WAIT);
    }

    @Test
    void anOperationsStreamEndsAfterTheTerminalVersion() {
        Flux<Change> changes = Flux.just(
                change(operation("a", 2, OperationState.SUCCEEDED)), change(operation("a", 3, OperationState.FAILED)));

        StepVerifier.create(ChangeStreams.operation(
                        Mono.just(operation("a", 1, OperationState.RUNNING)), changes.concatWith(Flux.never()), null))
                .assertNext(op -> assertThat(op.version()).isEqualTo(1))
                .assertNext(op -> assertThat(op.version()).isEqualTo(2))
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void anOperationsStreamSkipsTheVersionsTheClientHas() {
        Flux<Change> changes = Flux.just(
                change(operation("a", 2, OperationState.RUNNING)),
                change(operation("a", 3, OperationState.RUNNING)),
                change(operation("a", 2, OperationState.RUNNING)),
                change(operation("a", 4, OperationState.RUNNING)));

        StepVerifier.create(ChangeStreams.operation(Mono.just(operation("a", 2, OperationState.RUNNING)), changes, 2L)
                        .map(Operation::version))
                .expectNext(3L, 4L)
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void aClientThatHasTheTerminalVersionIsSentNothing() {
        StepVerifier.create(ChangeStreams.operation(
                        Mono.just(operation("a", 5, OperationState.SUCCEEDED)), Flux.never(), 5L))
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void anOperationsStreamEndsWhenTheOperationIsRemoved() {
        Operation running = operation("a", 1, OperationState.RUNNING);
        Flux<Change> changes =
                Flux.just(new Change("", TENANT, running, true), change(operation("a", 2, OperationState.RUNNING)));

        StepVerifier.create(ChangeStreams.operation(Mono.just(running), changes.concatWith(Flux.never()), null))
                .expectNext(running)
                .expectComplete()
                .verify(WAIT);
    }

    private static void assertChanged(StreamItem item, String id, long version) {
        assertThat(item).isInstanceOf(StreamItem.Changed.class);
        Operation op = ((StreamItem.Changed) item).change().operation();
        assertThat(op.id()).isEqualTo(id);
        assertThat(op.version()).isEqualTo(version);
    }

    private static Operation operation(String id, long version, OperationState state) {
        return ConflatingQueueTest.change(0, id, version, state).operation();
    }

    private static Change change(Operation op) {
        return new Change("", TENANT, op, false);
    }

    private void insert(String id) {
        TrackedOperation op = new TrackedOperation(
                operation(id, 1, OperationState.QUEUED),
                TENANT,
                Map.of(),
                Duration.ofSeconds(1),
                0,
                null,
                null,
                null,
                0);
        store.insertIfAbsent(op).block(WAIT);
    }

    private void advance(String id, OperationState state) {
        store.update(id, t -> {
                    Operation before = t.operation();
                    return t.withOperation(before.toBuilder()
                            .state(state)
                            .version(before.version() + 1)
                            .build());
                })
                .block(WAIT);
    }

    private Operation current(String id) {
        return store.find(id).map(TrackedOperation::operation).block(WAIT);
    }

    /** The feed, where a write lands as it is read: after the head is read, before the changes after a cursor are. */
    private static final class Racing extends ForwardingChangeFeed {

        private final Runnable write;

        Racing(ChangeFeed feed, Runnable write) {
            super(feed);
            this.write = write;
        }

        @Override
        public Flux<Change> readAfter(String cursor) {
            return Flux.defer(() -> {
                write.run();
                return super.readAfter(cursor);
            });
        }

        @Override
        public @Nullable String head() {
            String head = super.head();
            write.run();
            return head;
        }
    }
}
