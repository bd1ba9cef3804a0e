package io.opgate.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.contracts.model.OperationState;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/** The memory store held to the store contract. */
class MemoryOperationStoreTest extends OperationStoreContract {

    @Override
    protected StoreUnderTest create(int retainedChanges, int historyLimit) {
        MemoryChangeFeed feed = new MemoryChangeFeed(retainedChanges);
        return new StoreUnderTest(new MemoryOperationStore(feed, historyLimit), feed, () -> {});
    }

    @Test
    void whoeverReactsToAChangeFindsItInTheStore() {
        List<String> disagreements = new CopyOnWriteArrayList<>();
        Disposable reacting = feed.live().subscribe(change -> {
            TrackedOperation found = store.find(change.operation().id()).block();
            long stored = found == null ? -1 : found.operation().version();
            if (change.removed() ? found != null : stored != change.operation().version()) {
                disagreements.add(change.operation().id() + " changed to "
                        + change.operation().version() + (change.removed() ? " (removed)" : "") + ", store had "
                        + stored);
            }
        });
        try {
            TrackedOperation op = op("a", "t1", "lab", OperationState.RUNNING, T0);
            store.insertIfAbsent(op).block(WAIT);
            for (int i = 0; i < 5; i++) {
                store.update("a", current -> progressed(current, "step")).block(WAIT);
            }
            store.remove("a").block(WAIT);
        } finally {
            reacting.dispose();
        }
        assertThat(disagreements).isEmpty();
    }
}
