package io.opgate.contracts.model;

import org.jspecify.annotations.Nullable;

/**
 * How far an operation has come. Every field may be null when the backend does not say.
 *
 * @param percent 0–100
 * @param completed units of work done, in the backend's own unit
 * @param total units of work in all
 * @param message the backend's latest human-readable progress message
 * @param etaSeconds the gateway's estimate of the seconds left, null until there is enough evidence
 */
public record Progress(
        @Nullable Double percent,
        @Nullable Long completed,
        @Nullable Long total,
        @Nullable String message,
        @Nullable Long etaSeconds) {

    public static final Progress NONE = new Progress(null, null, null, null, null);

    public Progress {
        if (percent != null) {
            if (percent.isNaN()) {
                percent = null;
            } else {
                percent = Math.max(0d, Math.min(100d, percent));
            }
        }
    }

    public static Progress of(
            @Nullable Double percent, @Nullable Long completed, @Nullable Long total, @Nullable String message) {
        return new Progress(percent, completed, total, message, null);
    }

    public Progress withEtaSeconds(@Nullable Long eta) {
        return new Progress(percent, completed, total, message, eta);
    }

    /**
     * The completed share of the work in percent: {@link #percent()} when given, else completed/total when both are
     * known and total is positive (kept within 0–100), else null.
     */
    public @Nullable Double effectivePercent() {
        if (percent != null) {
            return percent;
        }
        if (completed != null && total != null && total > 0) {
            // A backend's counters may be off (a negative count, more done than in all): the share stays 0–100.
            return Math.max(0d, Math.min(100d, 100d * completed / total));
        }
        return null;
    }
}
