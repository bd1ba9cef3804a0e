package io.opgate.gateway.tracking;

import java.time.Duration;
import java.time.Instant;

/**
 * A request budget: {@code rate} tokens per second, at most {@code burst} saved up. A caller reserves a token and is
 * told how long to wait before using it; reservations never wait longer than the caller accepts.
 */
public final class TokenBucket {

    private final double rate;
    private final double burst;
    private double tokens;
    private long refilledAtNanos;
    private boolean started;

    /** {@code rate} tokens per second; the bucket starts full with {@code max(1, rate)} tokens. */
    public TokenBucket(double rate) {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("rate must be positive");
        }
        this.rate = rate;
        this.burst = Math.max(1.0, rate);
        this.tokens = burst;
    }

    /**
     * Takes a token if one is available within {@code maxWait}: answers how long to wait before using it (zero when
     * at once), or, when it would take longer, takes nothing and answers the (longer) wait as a negative duration.
     */
    public synchronized Duration reserve(Instant now, Duration maxWait) {
        refill(now);
        double missing = 1.0 - tokens;
        long waitNanos = missing <= 0 ? 0 : (long) Math.ceil(missing / rate * 1e9);
        if (waitNanos > maxWait.toNanos()) {
            return Duration.ofNanos(waitNanos).negated();
        }
        tokens -= 1.0;
        return Duration.ofNanos(waitNanos);
    }

    private void refill(Instant now) {
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        if (started && nanos > refilledAtNanos) {
            tokens = Math.min(burst, tokens + (nanos - refilledAtNanos) / 1e9 * rate);
        }
        if (!started || nanos > refilledAtNanos) {
            refilledAtNanos = nanos;
            started = true;
        }
    }
}
