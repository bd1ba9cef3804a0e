package io.opgate.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DueQueue} must do, alone (what several replicas sharing one queue do is the Redis queue's own
 * test); each queue's test extends this in a few lines. Each test gets a queue of its own.
 */
public abstract class DueQueueContract {

    protected static final Duration WAIT = Duration.ofSeconds(10);
    protected static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    protected DueQueue queue;

    /** A new, empty queue; a lease, where the queue has one, lasts longer than any test's clock moves. */
    protected abstract DueQueue create();

    @BeforeEach
    void open() {
        queue = create();
    }

    protected List<DueQueue.Claim> claim(Instant now, int max) {
        return queue.claimDue(now, max).collectList().block(WAIT);
    }

    protected void schedule(String id, Instant at) {
        queue.schedule(id, at).block(WAIT);
    }

    @Test
    void claimsWhatIsDueEarliestFirstEachWithTheTimeItWasDue() {
        schedule("late", T0.plusSeconds(2));
        schedule("early", T0.plusMillis(1_001));
        schedule("future", T0.plusSeconds(60));

        assertThat(claim(T0.plusSeconds(5), 10))
                .containsExactly(
                        new DueQueue.Claim("early", T0.plusMillis(1_001), false),
                        new DueQueue.Claim("late", T0.plusSeconds(2), false));
    }

    @Test
    void aClaimTakesNoMoreThanAskedAndLeavesTheRestDue() {
        schedule("a", T0.minusSeconds(3));
        schedule("b", T0.minusSeconds(2));
        schedule("c", T0.minusSeconds(1));

        assertThat(claim(T0, 2)).extracting(DueQueue.Claim::id).containsExactly("a", "b");
        assertThat(claim(T0, 2)).containsExactly(new DueQueue.Claim("c", T0.minusSeconds(1), false));
    }

    @Test
    void aClaimedOperationIsNotHandedOutAgainUntilItIsScheduled() {
        schedule("x", T0);
        assertThat(claim(T0, 10)).extracting(DueQueue.Claim::id).containsExactly("x");
        assertThat(claim(T0.plusSeconds(1), 10)).isEmpty();

        schedule("x", T0.plusSeconds(2));
        assertThat(claim(T0.plusSeconds(2), 10)).containsExactly(new DueQueue.Claim("x", T0.plusSeconds(2), false));
    }

    @Test
    void schedulingAgainReplacesTheDueTime() {
        schedule("x", T0.plusSeconds(1));
        schedule("x", T0.plusSeconds(7));

        assertThat(claim(T0.plusSeconds(6), 10)).isEmpty();
        assertThat(claim(T0.plusSeconds(7), 10)).containsExactly(new DueQueue.Claim("x", T0.plusSeconds(7), false));
    }

    @Test
    void earlierSchedulingMovesOnlyKnownUnclaimedOperationsDueLater() {
        schedule("far", T0.plusSeconds(30));
        schedule("near", T0.plusMillis(100));
        schedule("claimed", T0);
        claim(T0, 10);

        queue.scheduleEarlier("far", T0.plusSeconds(1)).block(WAIT);
        queue.scheduleEarlier("near", T0.plusSeconds(1)).block(WAIT);
        queue.scheduleEarlier("claimed", T0).block(WAIT);
        queue.scheduleEarlier("unknown", T0).block(WAIT);

        assertThat(claim(T0.plusSeconds(1), 10))
                .containsExactly(
                        new DueQueue.Claim("near", T0.plusMillis(100), false),
                        new DueQueue.Claim("far", T0.plusSeconds(1), false));
        assertThat(claim(T0.plusSeconds(29), 10)).isEmpty();
    }

    @Test
    void aRemovedOperationIsNeverDueAgainClaimedOrNot() {
        schedule("waiting", T0);
        schedule("claimed", T0.minusSeconds(1));
        claim(T0.minusSeconds(1), 1);

        queue.remove("waiting").block(WAIT);
        queue.remove("claimed").block(WAIT);
        queue.remove("unknown").block(WAIT);

        assertThat(claim(T0.plus(Duration.ofDays(1)), 10)).isEmpty();
    }
}
