package io.opgate.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.contracts.model.Operation;
import io.opgate.contracts.model.OperationState;
import io.opgate.gateway.store.Change;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class ConflatingQueueTest {

    static Change change(long cursor, String id, long version, OperationState state) {
        Operation op = Operation.builder()
                .id(id)
                .backend("b")
                .backendType("t")
                .handle(id)
                .state(state)
                .version(version)
                .updatedAt(Instant.EPOCH)
                .build();
        return new Change(Long.toString(cursor), "tenant", op, false);
    }

    @Test
    void aClientThatFallsBehindGetsTheNewestVersionOfEachOperationWithIncreasingCursors() {
        ConflatingQueue queue = new ConflatingQueue(c -> true, () -> {}, new ConflatingQueue.Totals());
        queue.offer(change(1, "a", 1, OperationState.RUNNING));
        queue.offer(change(2, "b", 1, OperationState.RUNNING));
        queue.offer(change(3, "a", 2, OperationState.RUNNING));
        queue.offer(change(4, "a", 3, OperationState.SUCCEEDED));

        StepVerifier.create(queue.flux(), 0)
                .thenRequest(2)
                .assertNext(c -> assertThat(c.cursor()).isEqualTo("2"))
                .assertNext(c -> {
                    assertThat(c.cursor()).isEqualTo("4");
                    assertThat(c.operation().version()).isEqualTo(3);
                })
                .thenCancel()
                .verify();
        assertThat(queue.conflated()).isEqualTo(2);
    }

    @Test
    void nothingIsSentBeyondWhatTheClientAskedFor() {
        ConflatingQueue queue = new ConflatingQueue(c -> true, () -> {}, new ConflatingQueue.Totals());
        for (int i = 1; i <= 5; i++) {
            queue.offer(change(i, "op" + i, 1, OperationState.RUNNING));
        }
        StepVerifier.create(queue.flux(), 1)
                .expectNextCount(1)
                .expectNoEvent(java.time.Duration.ofMillis(50))
                .thenRequest(4)
                .expectNextCount(4)
                .thenCancel()
                .verify();
    }

    @Test
    void aRemovalDoesNotReplaceTheTerminalChangeBeforeIt() {
        ConflatingQueue queue = new ConflatingQueue(c -> true, () -> {}, new ConflatingQueue.Totals());
        queue.offer(change(1, "a", 2, OperationState.FAILED));
        Change done = change(1, "a", 2, OperationState.FAILED);
        queue.offer(new Change("2", "tenant", done.operation(), true));
        StepVerifier.create(queue.flux())
                .assertNext(c -> assertThat(c.removed()).isFalse())
                .assertNext(c -> assertThat(c.removed()).isTrue())
                .thenCancel()
                .verify();
    }

    @Test
    void endingSendsWhatIsPendingThenCompletesAndCancellingReleases() {
        AtomicBoolean released = new AtomicBoolean();
        ConflatingQueue queue = new ConflatingQueue(c -> true, () -> released.set(true), new ConflatingQueue.Totals());
        queue.offer(change(1, "a", 1, OperationState.RUNNING));
        queue.end();
        StepVerifier.create(queue.flux()).expectNextCount(1).verifyComplete();
        assertThat(released).isTrue();
    }
}
