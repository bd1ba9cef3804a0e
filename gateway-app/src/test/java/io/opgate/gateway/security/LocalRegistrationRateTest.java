package io.opgate.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class LocalRegistrationRateTest {

    final AtomicLong nanos = new AtomicLong();
    final LocalRegistrationRate rate = new LocalRegistrationRate(2, 3, new TimeMeter() {
        @Override
        public long currentTimeNanos() {
            return nanos.get();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    });
    final Caller a = new Caller("a", Set.of(Caller.Role.WRITE));
    final Caller b = new Caller("b", Set.of(Caller.Role.WRITE));

    void taken(Caller caller) {
        StepVerifier.create(rate.acquire(caller)).verifyComplete();
    }

    LimitExceeded refused(Caller caller) {
        LimitExceeded[] refusal = {null};
        StepVerifier.create(rate.acquire(caller))
                .expectErrorSatisfies(e -> refusal[0] = (LimitExceeded) e)
                .verify();
        return refusal[0];
    }

    @Test
    void aBurstThenTheSustainedRatePerTenant() {
        for (int i = 0; i < 3; i++) {
            taken(a);
        }
        assertThat(refused(a).retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(refused(a).getMessage()).contains("too many registrations");
        taken(b);

        nanos.addAndGet(Duration.ofMillis(500).toNanos());
        taken(a);
        refused(a);

        nanos.addAndGet(Duration.ofHours(1).toNanos());
        for (int i = 0; i < 3; i++) {
            taken(a);
        }
        assertThat(refused(a)).as("a long pause refills only up to the burst").isNotNull();
    }

    @Test
    void aSlowRateTellsHowLongUntilTheNextToken() {
        LocalRegistrationRate slow = new LocalRegistrationRate(0.1, 1, TimeMeter.SYSTEM_NANOTIME);
        StepVerifier.create(slow.acquire(a)).verifyComplete();
        StepVerifier.create(slow.acquire(a))
                .expectErrorSatisfies(e -> assertThat(((LimitExceeded) e).retryAfter())
                        .isBetween(Duration.ofSeconds(9), Duration.ofSeconds(10)))
                .verify();
    }
}
