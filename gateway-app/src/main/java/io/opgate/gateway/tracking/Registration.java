package io.opgate.gateway.tracking;

import io.opgate.gateway.store.TrackedOperation;

/**
 * The answer to a registration.
 *
 * @param operation the tracked operation
 * @param created whether this registration started tracking it (false: it was already tracked)
 */
public record Registration(TrackedOperation operation, boolean created) {}
