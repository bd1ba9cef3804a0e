package io.opgate.gateway.security;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per tenant for registrations: each registration polls a backend at once, so a burst of them is a
 * burst of backend calls. Held in memory on each instance; with several instances the rate is per instance.
 */
public final class RegistrationRateLimiter {

    private final double perNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * @param perSecond tokens added per second
     * @param burst the most tokens a bucket holds
     * @param nanoTime a monotonic clock, {@link System#nanoTime()} outside tests
     */
    public RegistrationRateLimiter(double perSecond, int burst, LongSupplier nanoTime) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.nanoTime = nanoTime;
    }

    /**
     * Takes one registration from the caller's tenant's bucket.
     *
     * @throws LimitExceeded when the bucket is empty
     */
    public void acquire(Caller caller) {
        Bucket bucket = buckets.computeIfAbsent(caller.tenant(), t -> new Bucket(burst, nanoTime.getAsLong()));
        long waitNanos;
        synchronized (bucket) {
            long now = nanoTime.getAsLong();
            bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.refilledAt) * perNano);
            bucket.refilledAt = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return;
            }
            waitNanos = (long) Math.ceil((1 - bucket.tokens) / perNano);
        }
        throw new LimitExceeded(
                "too many registrations from this tenant; slow down",
                Duration.ofSeconds(Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L)));
    }

    private static final class Bucket {
        double tokens;
        long refilledAt;

        Bucket(double tokens, long refilledAt) {
            this.tokens = tokens;
            this.refilledAt = refilledAt;
        }
    }
}
