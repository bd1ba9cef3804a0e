package io.opgate.gateway.store;

import io.opgate.contracts.model.OperationState;

/** The single instance's trackers held to the handle-trackers contract. */
class MemoryHandleTrackersTest extends HandleTrackersContract {

    private final MemoryOperationStore store = new MemoryOperationStore(new MemoryChangeFeed(10));

    @Override
    protected HandleTrackers create() {
        return new MemoryHandleTrackers(store);
    }

    @Override
    protected void stored(String id) {
        store.insertIfAbsent(OperationStoreContract.op(id, "any", "lab", OperationState.RUNNING, T0))
                .block(WAIT);
    }
}
