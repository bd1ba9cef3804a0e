package io.opgate.simulator;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An operation as it stands at one instant, vendor-neutral; each vendor API renders it.
 *
 * @param cancelRequested the operation ended because a client cancelled it, not by its script
 */
record Snapshot(
        Stage stage,
        int percent,
        Instant submittedAt,
        @Nullable Instant startedAt,
        @Nullable Instant endedAt,
        boolean cancelRequested) {}
