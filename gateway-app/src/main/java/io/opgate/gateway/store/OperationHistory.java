package io.opgate.gateway.store;

import io.opgate.contracts.model.Operation;
import io.opgate.contracts.model.OperationError;
import io.opgate.contracts.model.Progress;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which writes an operation's history records, the same for every store: the first version, then each version that
 * changes the state or the error, crosses a quarter of progress (25, 50, 75, 100 %), or brings a new progress
 * message. ETA updates, percent moves within a quarter and timestamps alone make no entry, so that a chatty backend
 * does not push the state changes out of the bounded history.
 */
public final class OperationHistory {

    /** Entries kept per operation unless configured otherwise. */
    public static final int DEFAULT_MAX_ENTRIES = 50;

    /** Longest message an entry keeps. */
    public static final int MAX_MESSAGE = 200;

    private OperationHistory() {}

    /** The entry that a write from {@code before} (null for an insertion) to {@code after} adds, or null. */
    public static @Nullable HistoryEntry entryFor(@Nullable Operation before, Operation after) {
        if (before == null) {
            return entry(after, step(after.progress()));
        }
        if (before.version() == after.version()) {
            return null;
        }
        boolean stateChanged = before.state() != after.state();
        boolean errorChanged = !sameError(before.error(), after.error());
        boolean progressMoved = quarter(after.progress()) != quarter(before.progress())
                        && after.progress().effectivePercent() != null
                || (after.progress().message() != null
                        && !Objects.equals(
                                before.progress().message(), after.progress().message()));
        if (!stateChanged && !errorChanged && !progressMoved) {
            return null;
        }
        return entry(after, step(after.progress()));
    }

    private static HistoryEntry entry(Operation op, HistoryEntry.@Nullable Step step) {
        OperationError error = op.error();
        return new HistoryEntry(
                op.updatedAt(),
                op.version(),
                op.state(),
                step,
                error == null ? null : new HistoryEntry.Failure(error.code(), cut(error.message())));
    }

    private static HistoryEntry.@Nullable Step step(Progress progress) {
        Double percent = progress.effectivePercent();
        String message = cut(progress.message());
        return percent == null && message == null ? null : new HistoryEntry.Step(percent, message);
    }

    /** 0 below 25 %, 1 from 25 %, … 4 at 100 %; -1 when unknown. */
    private static int quarter(Progress progress) {
        Double percent = progress.effectivePercent();
        return percent == null ? -1 : (int) Math.floor(percent / 25);
    }

    private static boolean sameError(@Nullable OperationError a, @Nullable OperationError b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.code().equals(b.code()) && Objects.equals(a.message(), b.message());
    }

    private static @Nullable String cut(@Nullable String text) {
        return text == null || text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE - 1) + "…";
    }
}
