package io.opgate.simulator;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Fault injection for one vendor's API, changeable at any time from any thread.
 *
 * <p>A rate {@code r} hits a share {@code r} of requests spread evenly and deterministically: with
 * {@code errorRate(0.5)} every second request fails, with {@code 1.0} every one. Each kind counts
 * requests on its own; when several hit the same request, a reset wins over an error, and an error
 * over garbage. Latency delays every request, faulty or not. IAM token requests are not affected.
 */
public final class Faults {
    private volatile Duration latency = Duration.ZERO;
    private volatile double errorRate;
    private volatile @Nullable Duration retryAfter;
    private volatile double garbageRate;
    private volatile double resetRate;
    private volatile boolean down;

    private final AtomicLong errorTicks = new AtomicLong();
    private final AtomicLong garbageTicks = new AtomicLong();
    private final AtomicLong resetTicks = new AtomicLong();
    private final AtomicLong errorsSent = new AtomicLong();
    private final AtomicLong garbageSent = new AtomicLong();

    /** What to do to one request. */
    enum Action {
        NONE,
        RESET,
        ERROR_503,
        ERROR_500,
        TRUNCATED_JSON,
        HTML_PAGE
    }

    Faults() {}

    /** Delays every answer by this long. */
    public Faults latency(Duration latency) {
        if (latency.isNegative()) {
            throw new IllegalArgumentException("negative latency");
        }
        this.latency = latency;
        return this;
    }

    /** Answers this share of requests with a 5xx, alternating 503 and 500. */
    public Faults errorRate(double rate) {
        this.errorRate = rate(rate);
        return this;
    }

    /** Adds {@code Retry-After} (in seconds) to the 503 answers; null removes it. */
    public Faults retryAfter(@Nullable Duration retryAfter) {
        this.retryAfter = retryAfter;
        return this;
    }

    /** Answers this share of requests with garbage, alternating a truncated JSON body and an HTML page. */
    public Faults garbageRate(double rate) {
        this.garbageRate = rate(rate);
        return this;
    }

    /** Resets the TCP connection (SO_LINGER 0, then close) for this share of requests. */
    public Faults resetRate(double rate) {
        this.resetRate = rate(rate);
        return this;
    }

    /** While down, every request is answered with a TCP reset. */
    public Faults down(boolean down) {
        this.down = down;
        return this;
    }

    /** No faults any more, and the even spreading starts over. */
    public Faults clear() {
        latency = Duration.ZERO;
        errorRate = 0;
        retryAfter = null;
        garbageRate = 0;
        resetRate = 0;
        down = false;
        errorTicks.set(0);
        garbageTicks.set(0);
        resetTicks.set(0);
        errorsSent.set(0);
        garbageSent.set(0);
        return this;
    }

    public Duration latency() {
        return latency;
    }

    public double errorRate() {
        return errorRate;
    }

    public @Nullable Duration retryAfter() {
        return retryAfter;
    }

    public double garbageRate() {
        return garbageRate;
    }

    public double resetRate() {
        return resetRate;
    }

    public boolean down() {
        return down;
    }

    Action decide() {
        if (down) {
            return Action.RESET;
        }
        boolean reset = hits(resetTicks, resetRate);
        boolean error = hits(errorTicks, errorRate);
        boolean garbage = hits(garbageTicks, garbageRate);
        if (reset) {
            return Action.RESET;
        }
        if (error) {
            return errorsSent.getAndIncrement() % 2 == 0 ? Action.ERROR_503 : Action.ERROR_500;
        }
        if (garbage) {
            return garbageSent.getAndIncrement() % 2 == 0 ? Action.TRUNCATED_JSON : Action.HTML_PAGE;
        }
        return Action.NONE;
    }

    // Request n is hit when the running total of the rate crosses an integer: exact shares, no randomness.
    private static boolean hits(AtomicLong ticks, double rate) {
        if (rate <= 0) {
            return false;
        }
        long n = ticks.getAndIncrement();
        return Math.floor((n + 1) * rate) > Math.floor(n * rate);
    }

    private static double rate(double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("rate must be within 0..1: " + rate);
        }
        return rate;
    }

    @Override
    public String toString() {
        return "Faults[latency=" + latency + ", errorRate=" + errorRate + ", retryAfter=" + retryAfter
                + ", garbageRate=" + garbageRate + ", resetRate=" + resetRate + ", down=" + down + "]";
    }
}
