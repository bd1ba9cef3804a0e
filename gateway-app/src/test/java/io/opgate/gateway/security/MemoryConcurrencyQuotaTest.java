package io.opgate.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class MemoryConcurrencyQuotaTest {

    final MemoryConcurrencyQuota quota =
            new MemoryConcurrencyQuota(new ConcurrencyLimit("streams", 2, "event streams"));
    final Caller a = new Caller("a", Set.of(Caller.Role.READ));
    final Caller b = new Caller("b", Set.of(Caller.Role.READ));

    ConcurrencyQuota.Permit take(Caller caller) {
        return quota.acquire(caller).block(Duration.ofSeconds(1));
    }

    @Test
    void aTenantHoldsAtMostItsMaximumAndAReleaseGivesOneBackOnce() {
        ConcurrencyQuota.Permit first = take(a);
        take(a);
        StepVerifier.create(quota.acquire(a))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(LimitExceeded.class).hasMessageContaining("2 event streams");
                    assertThat(((LimitExceeded) e).retryAfter()).isPositive();
                })
                .verify();
        take(b);
        first.release().block();
        first.release().block();
        assertThat(quota.held("a")).isEqualTo(1);
        take(a);
        assertThat(quota.held("a")).isEqualTo(2);
    }

    @Test
    void aStreamHoldsItsUnitUntilItEndsOrIsCancelled() {
        Sinks.Empty<Void> end = Sinks.empty();
        var completing = quota.holdingFlux(a, () -> Flux.<String>never().takeUntilOther(end.asMono()))
                .subscribe();
        var cancelled = quota.holdingMono(a, Mono::<String>never).subscribe();
        assertThat(quota.held("a")).isEqualTo(2);
        StepVerifier.create(quota.holdingMono(a, () -> Mono.just("x")))
                .expectError(LimitExceeded.class)
                .verify();

        end.tryEmitEmpty();
        assertThat(quota.held("a")).isEqualTo(1);
        cancelled.dispose();
        assertThat(quota.held("a")).isZero();
        assertThat(completing.isDisposed()).isTrue();
        StepVerifier.create(quota.holdingMono(a, () -> Mono.error(new IllegalStateException())))
                .expectError(IllegalStateException.class)
                .verify();
        assertThat(quota.held("a")).as("a failure gives its unit back").isZero();
    }
}
