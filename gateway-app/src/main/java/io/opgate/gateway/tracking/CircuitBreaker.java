package io.opgate.gateway.tracking;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Whether this instance may send a poll to one backend. After {@code threshold} failed polls in a row, across all of
 * the backend's operations, the circuit opens: no poll goes out until the probe interval has passed, then exactly one
 * (half-open) whose answer decides: a usable answer closes the circuit, another failure opens it again for one more
 * interval. A dead backend thus gets one request per probe interval instead of one per operation and interval.
 */
public final class CircuitBreaker {

    /** The state {@code GET /v1/backends} shows. */
    public enum State {
        CLOSED,
        OPEN,
        HALF_OPEN;

        /** {@code closed}, {@code open} or {@code half-open}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final int threshold;
    private final Duration probeInterval;
    private State state = State.CLOSED;
    private int failures;
    private @Nullable Instant probeAt;

    public CircuitBreaker(int threshold, Duration probeInterval) {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be at least 1");
        }
        this.threshold = threshold;
        this.probeInterval = probeInterval;
    }

    /**
     * Asks to send one poll now: true when it may go. Only one caller is let through while half-open; its outcome must
     * be reported with {@link #onResult}.
     */
    public synchronized boolean tryAcquire(Instant now) {
        if (state == State.CLOSED) {
            return true;
        }
        if (state == State.OPEN && probeAt != null && !now.isBefore(probeAt)) {
            state = State.HALF_OPEN;
            return true;
        }
        return false;
    }

    /** The outcome of a poll that was let through: {@code usable} when the backend gave an answer that counts. */
    public synchronized void onResult(boolean usable, Instant now) {
        if (usable) {
            state = State.CLOSED;
            failures = 0;
            probeAt = null;
            return;
        }
        failures++;
        if (state == State.HALF_OPEN || failures >= threshold) {
            state = State.OPEN;
            probeAt = now.plus(probeInterval);
        }
    }

    /**
     * The outcome of a poll that was let through and throttled. Throttling says nothing about failures (the
     * backend-wide pause deals with it), so the count of failures in a row stands; a half-open probe that was
     * throttled has decided nothing and makes way for another one an interval later.
     */
    public synchronized void onThrottled(Instant now) {
        if (state == State.HALF_OPEN) {
            state = State.OPEN;
            probeAt = now.plus(probeInterval);
        }
    }

    public synchronized State state() {
        return state;
    }

    /** When the next probe may go while open; null while closed or half-open. */
    public synchronized @Nullable Instant probeAt() {
        return state == State.OPEN ? probeAt : null;
    }
}
