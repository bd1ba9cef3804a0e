package io.opgate.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * How a simulated operation advances: phases measured from its creation with the simulator's
 * clock, then an outcome. The state at any instant is computed from the script, so operations need
 * no timers. Immutable and cheap, so that a benchmark can hold a hundred thousand of them.
 *
 * <pre>{@code
 * Script.builder().queued(Duration.ofSeconds(2)).running(Duration.ofSeconds(30)).succeeds();
 * Script.builder().running(Duration.ofSeconds(5)).fails("xBulkVolumeScriptFailure", "Bulk volume job failed");
 * }</pre>
 */
public final class Script {

    enum PhaseKind {
        QUEUED,
        RUNNING,
        PAUSED
    }

    enum Outcome {
        SUCCEED,
        FAIL,
        CANCEL,
        VANISH
    }

    /** Where the script stands at some time after creation; times are millis since creation, -1 if none. */
    record Position(Stage stage, int percent, long startedAfter, long endedAfter) {}

    // Phases packed into two arrays rather than a list of objects: this is the per-operation cost.
    private final byte[] kinds;
    private final long[] millis;
    private final long runningTotal;
    private final Outcome outcome;
    private final @Nullable String failureCode;
    private final @Nullable String failureMessage;
    private final @Nullable String type;
    private final boolean cancellable;
    private final boolean wrapped;

    private Script(Builder b, Outcome outcome, @Nullable String failureCode, @Nullable String failureMessage) {
        int n = b.kinds.size();
        this.kinds = new byte[n];
        this.millis = new long[n];
        long running = 0;
        for (int i = 0; i < n; i++) {
            kinds[i] = (byte) b.kinds.get(i).ordinal();
            millis[i] = b.millis.get(i);
            if (b.kinds.get(i) == PhaseKind.RUNNING) {
                running += millis[i];
            }
        }
        this.runningTotal = running;
        this.outcome = outcome;
        this.failureCode = failureCode;
        this.failureMessage = failureMessage;
        this.type = b.type;
        this.cancellable = b.cancellable;
        this.wrapped = b.wrapped;
    }

    /** Starts a script; without phases the operation ends as soon as it is created. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A realistic mix for the demo: mostly successes after a short queue and up to a minute of work,
     * some failures, some pauses, a few cancellations and vanishing handles; some operations cannot
     * be cancelled and about half of the Huawei ones answer in the wrapped shape.
     */
    public static Script random(RandomGenerator random) {
        Builder b = builder()
                .queued(Duration.ofMillis(random.nextLong(0, 5_000)))
                .running(Duration.ofMillis(random.nextLong(3_000, 60_000)))
                .cancellable(random.nextInt(5) != 0)
                .wrappedAnswer(random.nextBoolean());
        int roll = random.nextInt(100);
        if (roll < 70) {
            return b.succeeds();
        } else if (roll < 82) {
            return b.fails();
        } else if (roll < 90) {
            return b.pausedFor(Duration.ofMillis(random.nextLong(5_000, 30_000)))
                    .running(Duration.ofMillis(random.nextLong(1_000, 10_000)))
                    .succeeds();
        } else if (roll < 95) {
            return b.cancelled();
        } else {
            return b.vanishes();
        }
    }

    Position at(long elapsedMillis) {
        long t = 0;
        long runDone = 0;
        long started = -1;
        for (int i = 0; i < kinds.length; i++) {
            PhaseKind kind = PhaseKind.values()[kinds[i]];
            long length = millis[i];
            boolean inside = elapsedMillis < t + length;
            if (kind == PhaseKind.RUNNING) {
                if (started < 0) {
                    started = t;
                }
                runDone += inside ? elapsedMillis - t : length;
            }
            if (inside) {
                Stage stage =
                        switch (kind) {
                            case QUEUED -> Stage.QUEUED;
                            case RUNNING -> Stage.RUNNING;
                            case PAUSED -> Stage.PAUSED;
                        };
                return new Position(stage, percent(runDone), started, -1);
            }
            t += length;
        }
        Stage end =
                switch (outcome) {
                    case SUCCEED -> Stage.SUCCEEDED;
                    case FAIL -> Stage.FAILED;
                    case CANCEL -> Stage.CANCELLED;
                    case VANISH -> Stage.VANISHED;
                };
        return new Position(end, percent(runDone), started < 0 ? t : started, t);
    }

    private int percent(long runDone) {
        return runningTotal == 0 ? 100 : (int) Math.min(100, runDone * 100 / runningTotal);
    }

    /** Millis from creation until the operation is queued no more (for queue positions). */
    long queuedRemaining(long elapsedMillis) {
        long t = 0;
        for (int i = 0; i < kinds.length && kinds[i] == PhaseKind.QUEUED.ordinal(); i++) {
            t += millis[i];
        }
        return Math.max(0, t - elapsedMillis);
    }

    @Nullable
    String failureCode() {
        return failureCode;
    }

    @Nullable
    String failureMessage() {
        return failureMessage;
    }

    @Nullable
    String type() {
        return type;
    }

    boolean cancellable() {
        return cancellable;
    }

    boolean wrapped() {
        return wrapped;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Script[");
        for (int i = 0; i < kinds.length; i++) {
            s.append(PhaseKind.values()[kinds[i]].name().toLowerCase())
                    .append(' ')
                    .append(millis[i])
                    .append("ms, ");
        }
        return s.append(outcome.name().toLowerCase()).append(']').toString();
    }

    /** Builds a {@link Script}: phases in the order given, then one outcome method. */
    public static final class Builder {
        // About 292 million years: long enough to mean "forever", short enough to add up safely.
        private static final long MAX_PHASE = Long.MAX_VALUE / 1024;

        private final List<PhaseKind> kinds = new ArrayList<>(3);
        private final List<Long> millis = new ArrayList<>(3);
        private @Nullable String type;
        private boolean cancellable = true;
        private boolean wrapped;

        private Builder() {}

        /** Waits in the backend's queue for this long (progress 0). */
        public Builder queued(Duration duration) {
            return phase(PhaseKind.QUEUED, duration);
        }

        /** Runs for this long; progress grows linearly to 100% over all running phases together. */
        public Builder running(Duration duration) {
            return phase(PhaseKind.RUNNING, duration);
        }

        /** Pauses for this long with progress held (ONTAP shows {@code paused}; the others keep running). */
        public Builder pausedFor(Duration duration) {
            return phase(PhaseKind.PAUSED, duration);
        }

        /** What kind of work it is: SolidFire {@code resultType}, ONTAP {@code description}, Huawei {@code name}. */
        public Builder type(String type) {
            this.type = Objects.requireNonNull(type, "type");
            return this;
        }

        /** Whether ONTAP accepts a cancel for it (true by default); refusals answer code 458784. */
        public Builder cancellable(boolean cancellable) {
            this.cancellable = cancellable;
            return this;
        }

        /** Huawei only: answer in the wrapped shape {@code {"status","result":{"value":{...}}}}. */
        public Builder wrappedAnswer(boolean wrapped) {
            this.wrapped = wrapped;
            return this;
        }

        /** Ends in success. */
        public Script succeeds() {
            return new Script(this, Outcome.SUCCEED, null, null);
        }

        /** Ends in failure with the vendor's own code (e.g. a SolidFire error name) and message. */
        public Script fails(String code, String message) {
            return new Script(
                    this,
                    Outcome.FAIL,
                    Objects.requireNonNull(code, "code"),
                    Objects.requireNonNull(message, "message"));
        }

        /** Ends in failure with a code and message typical of each vendor. */
        public Script fails() {
            return new Script(this, Outcome.FAIL, null, null);
        }

        /** Ends cancelled (Huawei reports {@code cancelled: true}; the other vendors report a failure). */
        public Script cancelled() {
            return new Script(this, Outcome.CANCEL, null, null);
        }

        /** The handle disappears when the phases are over: "not found" from then on. */
        public Script vanishes() {
            return new Script(this, Outcome.VANISH, null, null);
        }

        private Builder phase(PhaseKind kind, Duration duration) {
            if (duration.isNegative()) {
                throw new IllegalArgumentException("negative duration: " + duration);
            }
            long ms = duration.compareTo(Duration.ofMillis(MAX_PHASE)) > 0 ? MAX_PHASE : duration.toMillis();
            kinds.add(kind);
            millis.add(ms);
            return this;
        }
    }
}
