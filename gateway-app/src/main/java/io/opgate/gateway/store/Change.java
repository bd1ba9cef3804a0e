package io.opgate.gateway.store;

import io.opgate.contracts.model.Operation;

/**
 * One entry of the change feed: an operation's new content, or its removal.
 *
 * @param cursor the feed's opaque, ordered position of this change
 * @param tenant the operation's tenant
 * @param operation the operation after the change (for a removal, as it was last)
 * @param removed whether the operation was forgotten (deleted or past retention)
 */
public record Change(String cursor, String tenant, Operation operation, boolean removed) {}
