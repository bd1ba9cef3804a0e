package io.opgate.gateway.security;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * A token bucket per tenant for registrations: each registration polls a backend at once, so a burst of them is a
 * burst of backend calls. The buckets are Bucket4j's.
 */
public interface RegistrationRate {

    /** Takes one registration from the caller's tenant's bucket; errors with {@link LimitExceeded} when it is empty. */
    Mono<Void> acquire(Caller caller);

    /**
     * {@code burst} tokens at most, refilled one by one at {@code perSecond} (greedily: a token as soon as it is due,
     * not a second's worth at once).
     */
    static BucketConfiguration bucket(double perSecond, int burst) {
        Duration perToken = Duration.ofNanos(Math.max(1, Math.round(1e9 / perSecond)));
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(burst).refillGreedy(1, perToken))
                .build();
    }

    /** Nothing when a token was taken, else the refusal telling when the next one is due (whole seconds, at least 1). */
    static Mono<Void> answer(ConsumptionProbe probe) {
        if (probe.isConsumed()) {
            return Mono.empty();
        }
        long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
        return Mono.error(
                new LimitExceeded("too many registrations from this tenant; slow down", Duration.ofSeconds(seconds)));
    }
}
