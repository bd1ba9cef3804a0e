package io.opgate.gateway.tracking;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * When the next poll is due. The interval starts at the initial interval, grows ×1.5 (with ±10 % jitter, so that
 * operations registered together spread out) up to the maximum, and returns to the initial interval whenever the
 * normalized content changes: an operation that moves is likely to move again soon.
 */
public final class PollIntervals {

    static final double GROWTH = 1.5;

    private final PollingSettings settings;
    private final DoubleSupplier jitter;

    public PollIntervals(PollingSettings settings) {
        this(settings, () -> 0.9 + 0.2 * ThreadLocalRandom.current().nextDouble());
    }

    /** {@code jitter} supplies factors around 1.0 (tests pass a constant). */
    public PollIntervals(PollingSettings settings, DoubleSupplier jitter) {
        this.settings = settings;
        this.jitter = jitter;
    }

    public Duration initial() {
        return settings.initialInterval();
    }

    /** The longest interval. */
    public Duration max() {
        return settings.maxInterval();
    }

    /** The interval while someone watches the operation. */
    public Duration watched() {
        return settings.watchedInterval();
    }

    /** The interval after {@code current} when nothing changed. */
    public Duration grown(Duration current) {
        long millis = (long) (current.toMillis() * GROWTH * jitter.getAsDouble());
        long capped = Math.min(
                Math.max(millis, settings.initialInterval().toMillis()),
                settings.maxInterval().toMillis());
        return Duration.ofMillis(capped);
    }

    /**
     * How long to wait before the next poll: the interval, capped at the watched interval while someone watches, but
     * never shorter than {@code asked}: the {@code Retry-After} the backend gave with its answer, whatever the outcome,
     * as far as it is honoured ({@link BackendLimits#honoured}).
     */
    public Duration delay(Duration interval, boolean watched, @Nullable Duration asked) {
        Duration delay =
                watched && interval.compareTo(settings.watchedInterval()) > 0 ? settings.watchedInterval() : interval;
        if (asked != null && asked.compareTo(delay) > 0) {
            delay = asked;
        }
        return delay;
    }
}
