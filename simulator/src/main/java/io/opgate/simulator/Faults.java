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
 * over throttling, throttling over a foreign 404, and that over garbage. Latency delays every request,
 * faulty or not. IAM token requests are not affected.
 *
 * <p>Some faults are one vendor's own behaviour: {@link #rejectTokens} and {@link #errorAnswerRate}
 * only for Huawei CloudTest, {@link #asyncHandleDoesNotExist} only for SolidFire.
 */
public final class Faults {
    private volatile Duration latency = Duration.ZERO;
    private volatile double errorRate;
    private volatile @Nullable Duration retryAfter;
    private volatile double garbageRate;
    private volatile double resetRate;
    private volatile boolean down;
    private volatile double throttleRate;
    private volatile double foreign404Rate;
    private volatile double errorAnswerRate;
    private volatile boolean rejectTokens;
    private volatile boolean asyncHandleDoesNotExist;

    private final AtomicLong errorTicks = new AtomicLong();
    private final AtomicLong garbageTicks = new AtomicLong();
    private final AtomicLong resetTicks = new AtomicLong();
    private final AtomicLong throttleTicks = new AtomicLong();
    private final AtomicLong foreign404Ticks = new AtomicLong();
    private final AtomicLong errorAnswerTicks = new AtomicLong();
    private final AtomicLong errorsSent = new AtomicLong();
    private final AtomicLong garbageSent = new AtomicLong();

    /** What to do to one request. */
    enum Action {
        NONE,
        RESET,
        ERROR_503,
        ERROR_500,
        TRUNCATED_JSON,
        HTML_PAGE,
        THROTTLE,
        FOREIGN_404
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

    /**
     * Answers this share of requests the way the vendor throttles: HTTP 429 with its own error body, and for
     * Alibaba HTTP 400 {@code Throttling.User}; with {@link #retryAfter} when set.
     */
    public Faults throttleRate(double rate) {
        this.throttleRate = rate(rate);
        return this;
    }

    /**
     * Answers this share of requests with a 404 that is not the backend's: an nginx HTML page, as a proxy
     * or ingress with a wrong route sends it.
     */
    public Faults foreign404Rate(double rate) {
        this.foreign404Rate = rate(rate);
        return this;
    }

    /**
     * Huawei CloudTest only: answers this share of progress requests with HTTP 200 and the wrapped shape's
     * outer {@code "status":"error"}, an error object and no {@code result.value}.
     */
    public Faults errorAnswerRate(double rate) {
        this.errorAnswerRate = rate(rate);
        return this;
    }

    /**
     * Huawei CloudTest only: rejects every token with 401 {@code APIG.0301}, as its API gateway answers a
     * token that has expired (a static token does after 24 hours).
     */
    public Faults rejectTokens(boolean reject) {
        this.rejectTokens = reject;
        return this;
    }

    /**
     * SolidFire only: an unknown handle is answered with {@code xAsyncHandleDoesNotExist}, as a live
     * cluster does, instead of the documented {@code xDBNoSuchPath}.
     */
    public Faults asyncHandleDoesNotExist(boolean live) {
        this.asyncHandleDoesNotExist = live;
        return this;
    }

    /** Adds {@code Retry-After} (in seconds) to the 503 and throttling answers; null removes it. */
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
        throttleRate = 0;
        foreign404Rate = 0;
        errorAnswerRate = 0;
        rejectTokens = false;
        asyncHandleDoesNotExist = false;
        throttleTicks.set(0);
        foreign404Ticks.set(0);
        errorAnswerTicks.set(0);
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

    public double throttleRate() {
        return throttleRate;
    }

    public double foreign404Rate() {
        return foreign404Rate;
    }

    public double errorAnswerRate() {
        return errorAnswerRate;
    }

    public boolean rejectTokens() {
        return rejectTokens;
    }

    public boolean asyncHandleDoesNotExist() {
        return asyncHandleDoesNotExist;
    }

    /** Whether this progress answer is to be a wrapped error answer (Huawei CloudTest). */
    boolean nextAnswerIsError() {
        return hits(errorAnswerTicks, errorAnswerRate);
    }

    Action decide() {
        if (down) {
            return Action.RESET;
        }
        boolean reset = hits(resetTicks, resetRate);
        boolean error = hits(errorTicks, errorRate);
        boolean garbage = hits(garbageTicks, garbageRate);
        boolean throttle = hits(throttleTicks, throttleRate);
        boolean foreign404 = hits(foreign404Ticks, foreign404Rate);
        if (reset) {
            return Action.RESET;
        }
        if (error) {
            return errorsSent.getAndIncrement() % 2 == 0 ? Action.ERROR_503 : Action.ERROR_500;
        }
        if (throttle) {
            return Action.THROTTLE;
        }
        if (foreign404) {
            return Action.FOREIGN_404;
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
                + ", garbageRate=" + garbageRate + ", resetRate=" + resetRate + ", down=" + down
                + ", throttleRate=" + throttleRate + ", foreign404Rate=" + foreign404Rate + ", errorAnswerRate="
                + errorAnswerRate + ", rejectTokens=" + rejectTokens + ", asyncHandleDoesNotExist="
                + asyncHandleDoesNotExist + "]";
    }
}
