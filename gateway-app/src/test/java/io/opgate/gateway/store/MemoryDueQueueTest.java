package io.opgate.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The single instance's queue held to the due-queue contract. */
class MemoryDueQueueTest extends DueQueueContract {

    @Override
    protected DueQueue create() {
        return new MemoryDueQueue();
    }

    @Test
    void sizeCountsScheduledAndClaimedOperationsUntilRemoved() {
        MemoryDueQueue memory = (MemoryDueQueue) queue;
        schedule("a", T0);
        schedule("b", T0.plusSeconds(60));
        claim(T0, 10);
        assertThat(memory.size()).isEqualTo(2);
        queue.remove("a").block(WAIT);
        assertThat(memory.size()).isEqualTo(1);
    }
}
