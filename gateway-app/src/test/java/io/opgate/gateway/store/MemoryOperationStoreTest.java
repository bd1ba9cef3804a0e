package io.opgate.gateway.store;

/** The memory store held to the store contract. */
class MemoryOperationStoreTest extends OperationStoreContract {

    @Override
    protected StoreUnderTest create(int retainedChanges) {
        MemoryChangeFeed feed = new MemoryChangeFeed(retainedChanges);
        return new StoreUnderTest(new MemoryOperationStore(feed), feed, () -> {});
    }
}
