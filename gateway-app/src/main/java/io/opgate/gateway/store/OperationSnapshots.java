package io.opgate.gateway.store;

import io.opgate.contracts.model.Operation;
import reactor.core.publisher.Mono;

/**
 * Where the poll endpoint reads one operation: straight from the store, or from a replica-local copy that the change
 * feed keeps up to date ({@link FeedCoherentSnapshots}). A snapshot may lack the raw payload.
 */
@FunctionalInterface
public interface OperationSnapshots {

    /** The operation and its tenant, or empty when it does not exist. */
    Mono<Snapshot> find(String id);

    /** One operation as last read, with the tenant it belongs to. */
    record Snapshot(String tenant, Operation operation) {}

    /** Every read goes to the store: right for a store that is already in this process's memory. */
    static OperationSnapshots of(OperationStore store) {
        return id -> store.find(id).map(op -> new Snapshot(op.tenant(), op.operation()));
    }
}
