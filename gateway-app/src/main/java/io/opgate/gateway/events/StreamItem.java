package io.opgate.gateway.events;

import io.opgate.contracts.model.Operation;
import io.opgate.gateway.store.Change;

/** What a stream of all operations sends, in order, before it is written as Server-Sent Events (CONTRACT §3). */
public sealed interface StreamItem {

    /** The client's cursor cannot be resumed from: it is to drop what it knows, and a snapshot follows. */
    StreamItem RESET = new Reset();

    /** An operation that is not done, in the snapshot that starts a stream; the stream goes on after {@code cursor}. */
    record Snapshot(String cursor, Operation operation) implements StreamItem {}

    /** A change the client has not been sent yet, in the snapshot or before its cursor. */
    record Changed(Change change) implements StreamItem {}

    /** See {@link #RESET}. */
    record Reset() implements StreamItem {}
}
