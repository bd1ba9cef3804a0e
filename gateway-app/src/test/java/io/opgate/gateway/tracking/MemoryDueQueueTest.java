package io.opgate.gateway.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class MemoryDueQueueTest {

    private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");

    private final MemoryDueQueue queue = new MemoryDueQueue();

    @Test
    void claimsWhatIsDueEarliestFirstWithItsDueTime() {
        queue.schedule("late", T.plusSeconds(2)).block();
        queue.schedule("early", T.plusSeconds(1)).block();
        queue.schedule("future", T.plusSeconds(60)).block();

        assertThat(queue.claimDueWithTimes(T.plusSeconds(5), 10).collectList().block())
                .containsExactly(
                        new DueQueue.Claim("early", T.plusSeconds(1)), new DueQueue.Claim("late", T.plusSeconds(2)));
        // Claimed operations are leased: a second claim does not hand them out again.
        assertThat(queue.claimDue(T.plusSeconds(5), 10).collectList().block()).isEmpty();
    }

    @Test
    void aRescheduledOperationIsDueAtItsNewTime() {
        queue.schedule("a", T.plusSeconds(10)).block();
        queue.scheduleEarlier("a", T.plusSeconds(3)).block();

        assertThat(queue.claimDueWithTimes(T.plusSeconds(4), 10).collectList().block())
                .containsExactly(new DueQueue.Claim("a", T.plusSeconds(3)));
    }
}
