package io.opgate.simulator;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One simulated operation: a handle, its creation time and its script. Its state is computed at
 * read time from the clock, so no timers run; only a client's cancel is stored.
 */
final class SimOperation {
    private static final long NOT_CANCELLED = Long.MIN_VALUE;

    private final String handle;
    private final long createdAt;
    private final Script script;
    private volatile long cancelledAt = NOT_CANCELLED;

    SimOperation(String handle, long createdAtMillis, Script script) {
        this.handle = handle;
        this.createdAt = createdAtMillis;
        this.script = script;
    }

    String handle() {
        return handle;
    }

    Script script() {
        return script;
    }

    long createdAtMillis() {
        return createdAt;
    }

    Snapshot at(long nowMillis) {
        long cancel = cancelledAt;
        if (cancel != NOT_CANCELLED && nowMillis >= cancel) {
            Script.Position atCancel = script.at(cancel - createdAt);
            if (!atCancel.stage().terminal()) {
                return new Snapshot(
                        Stage.CANCELLED,
                        atCancel.percent(),
                        Instant.ofEpochMilli(createdAt),
                        instant(atCancel.startedAfter()),
                        Instant.ofEpochMilli(cancel),
                        true);
            }
        }
        Script.Position p = script.at(Math.max(0, nowMillis - createdAt));
        return new Snapshot(
                p.stage(),
                p.percent(),
                Instant.ofEpochMilli(createdAt),
                instant(p.startedAfter()),
                instant(p.endedAfter()),
                false);
    }

    /** Records a client's cancel; the first one wins. The caller checks that it may be cancelled. */
    void cancel(long nowMillis) {
        if (cancelledAt == NOT_CANCELLED) {
            cancelledAt = nowMillis;
        }
    }

    long queuedRemaining(long nowMillis) {
        return script.queuedRemaining(Math.max(0, nowMillis - createdAt));
    }

    private @Nullable Instant instant(long offset) {
        return offset < 0 ? null : Instant.ofEpochMilli(createdAt + offset);
    }
}
