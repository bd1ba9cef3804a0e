package io.opgate.gateway.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.contracts.spi.BackendConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackendLimitsTest {

    @Test
    void readsTheBackendsKeys() {
        BackendLimits limits = BackendLimits.of(BackendConfig.of(
                "b",
                Map.of(
                        "circuit-failure-threshold", "7",
                        "circuit-probe-interval", "1500ms",
                        "max-requests-per-second", "12.5")));
        assertThat(limits).isEqualTo(new BackendLimits(7, Duration.ofMillis(1500), 12.5));
        assertThat(BackendLimits.of(BackendConfig.of("b", Map.of()))).isEqualTo(BackendLimits.defaults());
    }

    @Test
    void namesEveryBadKey() {
        assertThat(BackendLimits.problems(BackendConfig.of(
                        "b",
                        Map.of(
                                "circuit-failure-threshold", "0",
                                "circuit-probe-interval", "soon",
                                "max-requests-per-second", "-3"))))
                .containsExactlyInAnyOrder(
                        "opgate.backends.b.circuit-failure-threshold must be a whole number of at least 1, was '0'",
                        "opgate.backends.b.circuit-probe-interval is not a duration (e.g. 5s): 'soon'",
                        "opgate.backends.b.max-requests-per-second must be a positive number, was '-3'");
    }

    @Test
    void aThrottleBackoffUpToItsMaximumIsAcceptedAndALongerOneNamed() {
        assertThat(BackendLimits.problems(
                        BackendConfig.of("b", Map.of("throttle-backoff", "2m", "throttle-backoff-max", "2m"))))
                .isEmpty();
        assertThat(BackendLimits.problems(BackendConfig.of("b", Map.of("throttle-backoff", "3m"))))
                .containsExactly("opgate.backends.b.throttle-backoff (PT3M) must not be longer than"
                        + " throttle-backoff-max (PT2M)");
        assertThat(BackendLimits.problems(BackendConfig.of("b", Map.of("throttle-backoff-max", "1s"))))
                .containsExactly("opgate.backends.b.throttle-backoff (PT2S) must not be longer than"
                        + " throttle-backoff-max (PT1S)");
    }

    @Test
    void aRequestRateMustBeAPositiveFiniteNumber() {
        for (String bad : new String[] {"0", "Infinity", "many"}) {
            assertThat(BackendLimits.problems(BackendConfig.of("b", Map.of("max-requests-per-second", bad))))
                    .as(bad)
                    .containsExactly(
                            "opgate.backends.b.max-requests-per-second must be a positive number, was '" + bad + "'");
        }
        assertThat(BackendLimits.of(BackendConfig.of("b", Map.of("max-requests-per-second", "0.5")))
                        .maxRequestsPerSecond())
                .isEqualTo(0.5);
    }
}
