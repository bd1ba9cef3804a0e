package io.opgate.gateway.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    static final Duration HOLD = Duration.ofSeconds(1);

    @Test
    void startsFullThenPacesAtTheRate() {
        TokenBucket bucket = new TokenBucket(4);
        for (int i = 0; i < 4; i++) {
            assertThat(bucket.reserve(T0, HOLD)).isZero();
        }
        assertThat(bucket.reserve(T0, HOLD)).isEqualTo(Duration.ofMillis(250));
        assertThat(bucket.reserve(T0, HOLD)).isEqualTo(Duration.ofMillis(500));
        assertThat(bucket.reserve(T0, HOLD)).isEqualTo(Duration.ofMillis(750));
        assertThat(bucket.reserve(T0, HOLD)).isEqualTo(Duration.ofMillis(1000));
    }

    @Test
    void refusesAWaitLongerThanAcceptedAndTakesNothing() {
        TokenBucket bucket = new TokenBucket(1);
        assertThat(bucket.reserve(T0, HOLD)).isZero();
        assertThat(bucket.reserve(T0, Duration.ofMillis(500)))
                .isEqualTo(Duration.ofSeconds(1).negated());
        // Nothing was taken by the refusal: the next token is still one second away, not two.
        assertThat(bucket.reserve(T0, HOLD)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void savesUpNoMoreThanTheBurst() {
        TokenBucket bucket = new TokenBucket(2);
        assertThat(bucket.reserve(T0, HOLD)).isZero();
        Instant later = T0.plus(Duration.ofHours(1));
        assertThat(bucket.reserve(later, HOLD)).isZero();
        assertThat(bucket.reserve(later, HOLD)).isZero();
        assertThat(bucket.reserve(later, HOLD)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aRateBelowOneAllowsOneRequestPerPeriod() {
        TokenBucket bucket = new TokenBucket(0.5);
        assertThat(bucket.reserve(T0, HOLD)).isZero();
        assertThat(bucket.reserve(T0.plusSeconds(1), Duration.ofMillis(500)))
                .isEqualTo(Duration.ofSeconds(1).negated());
        assertThat(bucket.reserve(T0.plusSeconds(2), HOLD)).isZero();
    }

    @Test
    void requestsFasterThanTheRateEachWaitForTheirOwnToken() {
        TokenBucket bucket = new TokenBucket(1);
        assertThat(bucket.reserve(T0, HOLD)).isZero();
        assertThat(bucket.reserve(T0.plusMillis(500), HOLD)).isEqualTo(Duration.ofMillis(500));
        assertThat(bucket.reserve(T0.plusMillis(1000), HOLD)).isEqualTo(Duration.ofMillis(1000));
        assertThat(bucket.reserve(T0.plusMillis(1500), HOLD))
                .as("the next token is at 3 s, longer than the hold")
                .isEqualTo(Duration.ofMillis(1500).negated());
    }

    @Test
    void aRateOfZeroIsRefused() {
        assertThatThrownBy(() -> new TokenBucket(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rate must be positive");
    }
}
