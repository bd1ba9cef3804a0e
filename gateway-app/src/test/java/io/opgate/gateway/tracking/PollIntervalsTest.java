package io.opgate.gateway.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PollIntervalsTest {

    static final PollingSettings SETTINGS = new PollingSettings(
            Duration.ofSeconds(2),
            Duration.ofSeconds(60),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            Duration.ofDays(1),
            3,
            Duration.ofHours(1),
            Duration.ofMillis(100));

    final PollIntervals intervals = new PollIntervals(SETTINGS, () -> 1.0);

    @Test
    void theSettingsIntervalsComeFromOnePlace() {
        assertThat(intervals.initial()).isEqualTo(Duration.ofSeconds(2));
        assertThat(intervals.max()).isEqualTo(Duration.ofSeconds(60));
        assertThat(intervals.watched()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void anUnchangedOperationWaitsHalfAsLongAgainEachTimeUpToTheMaximum() {
        assertThat(intervals.grown(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(3));
        assertThat(intervals.grown(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(15));
        assertThat(intervals.grown(Duration.ofSeconds(50))).isEqualTo(Duration.ofSeconds(60));
        // Never below the initial interval, whatever it is given.
        assertThat(intervals.grown(Duration.ofMillis(100))).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void theJitterSpreadsAGrownIntervalByAtMostATenth() {
        PollIntervals jittered = new PollIntervals(SETTINGS);
        for (int i = 0; i < 200; i++) {
            assertThat(jittered.grown(Duration.ofSeconds(10)))
                    .isBetween(Duration.ofMillis(13_500), Duration.ofMillis(16_500));
        }
        assertThat(new PollIntervals(SETTINGS, () -> 0.9).grown(Duration.ofSeconds(10)))
                .isEqualTo(Duration.ofMillis(13_500));
    }

    @Test
    void aWatchedOperationWaitsAtMostTheWatchedInterval() {
        assertThat(intervals.delay(Duration.ofSeconds(30), true, null)).isEqualTo(Duration.ofSeconds(5));
        assertThat(intervals.delay(Duration.ofSeconds(30), false, null)).isEqualTo(Duration.ofSeconds(30));
        assertThat(intervals.delay(Duration.ofSeconds(3), true, null)).isEqualTo(Duration.ofSeconds(3));
        assertThat(intervals.delay(Duration.ofSeconds(5), true, null)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aRetryAfterLongerThanTheIntervalWins() {
        Duration asksTen = Duration.ofSeconds(10);
        assertThat(intervals.delay(Duration.ofSeconds(30), true, asksTen)).isEqualTo(Duration.ofSeconds(10));
        assertThat(intervals.delay(Duration.ofSeconds(3), false, asksTen)).isEqualTo(Duration.ofSeconds(10));
        assertThat(intervals.delay(Duration.ofSeconds(30), false, asksTen)).isEqualTo(Duration.ofSeconds(30));
        assertThat(intervals.delay(Duration.ofSeconds(10), false, asksTen)).isEqualTo(Duration.ofSeconds(10));
        assertThat(intervals.delay(Duration.ofSeconds(3), false, null)).isEqualTo(Duration.ofSeconds(3));
    }
}
