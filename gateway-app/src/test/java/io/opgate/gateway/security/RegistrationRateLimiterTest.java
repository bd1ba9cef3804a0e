package io.opgate.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RegistrationRateLimiterTest {

    final AtomicLong nanos = new AtomicLong();
    final RegistrationRateLimiter limiter = new RegistrationRateLimiter(2, 3, nanos::get);
    final Caller a = new Caller("a", Set.of(Caller.Role.WRITE));
    final Caller b = new Caller("b", Set.of(Caller.Role.WRITE));

    @Test
    void aBurstThenTheSustainedRatePerTenant() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire(a);
        }
        assertThatThrownBy(() -> limiter.acquire(a))
                .isInstanceOf(LimitExceeded.class)
                .extracting(e -> ((LimitExceeded) e).retryAfter())
                .isEqualTo(Duration.ofSeconds(1));
        limiter.acquire(b);

        nanos.addAndGet(Duration.ofMillis(500).toNanos());
        limiter.acquire(a);
        assertThatThrownBy(() -> limiter.acquire(a)).isInstanceOf(LimitExceeded.class);

        nanos.addAndGet(Duration.ofHours(1).toNanos());
        for (int i = 0; i < 3; i++) {
            limiter.acquire(a);
        }
        assertThatThrownBy(() -> limiter.acquire(a))
                .as("a long pause refills only up to the burst")
                .isInstanceOf(LimitExceeded.class);
    }

    @Test
    void theStreamQuotaCountsOpenStreamsPerTenant() {
        StreamQuota quota = new StreamQuota(2);
        var first = quota.acquire(a);
        quota.acquire(a);
        assertThatThrownBy(() -> quota.acquire(a)).isInstanceOf(LimitExceeded.class);
        quota.acquire(b);
        first.dispose();
        first.dispose();
        assertThat(quota.open("a")).isEqualTo(1);
        quota.acquire(a);
        assertThat(quota.open("a")).isEqualTo(2);
    }
}
