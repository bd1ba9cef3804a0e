package io.opgate.gateway.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.gateway.support.BoundSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackendLimitsTest {

    @Test
    void readsTheBackendsKeys() {
        BackendLimits limits = BackendLimits.of(BoundSettings.of(Map.of(
                "circuit-failure-threshold", "7",
                "circuit-probe-interval", "1500ms",
                "max-requests-per-second", "12.5")));
        assertThat(limits).isEqualTo(new BackendLimits(7, Duration.ofMillis(1500), 12.5));
        assertThat(BackendLimits.of(BoundSettings.of(Map.of()))).isEqualTo(BackendLimits.defaults());
        assertThat(BackendLimits.defaults())
                .isEqualTo(
                        new BackendLimits(5, Duration.ofSeconds(5), 0, Duration.ofSeconds(2), Duration.ofMinutes(2)));
    }

    @Test
    void theThrottlePauseDoublesUpToItsMost() {
        BackendLimits limits =
                BackendLimits.of(BoundSettings.of(Map.of("throttle-backoff", "1s", "throttle-backoff-max", "5s")));
        assertThat(limits.throttlePause(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(limits.throttlePause(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(limits.throttlePause(4)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aThrottleBackoffUpToItsMaximumIsAcceptedAndALongerOneNamed() {
        assertThat(problems(Map.of("throttle-backoff", "2m", "throttle-backoff-max", "2m")))
                .isEmpty();
        assertThat(problems(Map.of("throttle-backoff", "3m")))
                .containsExactly("opgate.backends.b.throttle-backoff (PT3M) must not be longer than"
                        + " throttle-backoff-max (PT2M)");
        assertThat(problems(Map.of("throttle-backoff-max", "1s")))
                .containsExactly("opgate.backends.b.throttle-backoff (PT2S) must not be longer than"
                        + " throttle-backoff-max (PT1S)");
    }

    @Test
    void aFractionalRequestRateIsKept() {
        assertThat(BackendLimits.of(BoundSettings.of(Map.of("max-requests-per-second", "0.5")))
                        .maxRequestsPerSecond())
                .isEqualTo(0.5);
    }

    private static List<String> problems(Map<String, String> settings) {
        return BoundSettings.of(settings).problems("opgate.backends.b.", false);
    }
}
