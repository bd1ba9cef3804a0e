package io.opgate.gateway.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.contracts.model.OperationState;
import io.opgate.contracts.model.Progress;
import io.opgate.gateway.store.TrackedOperation.ProgressSample;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class EtaEstimatorTest {

    static final Instant T0 = Instant.parse("2025-01-13T06:56:56Z");

    final EtaEstimator estimator = new EtaEstimator();

    /** Feeds readings one after the other, as successive polls do: each estimate is the next call's previous. */
    final class Run {
        @Nullable
        ProgressSample sample;

        Progress previous = Progress.NONE;

        @Nullable
        Long read(long atMillis, Progress observed, OperationState state) {
            EtaEstimator.Estimate estimate =
                    estimator.estimate(sample, previous, observed, state, T0.plusMillis(atMillis));
            sample = estimate.sample();
            previous = estimate.progress();
            return previous.etaSeconds();
        }

        @Nullable
        Long running(long atMillis, double percent) {
            return read(atMillis, percent(percent), OperationState.RUNNING);
        }
    }

    static Progress percent(double percent) {
        return Progress.of(percent, null, null, "copying");
    }

    static Progress counted(long completed, long total) {
        return Progress.of(null, completed, total, null);
    }

    @Test
    void noEstimateUntilTwoSecondsOfProgressHaveBeenSeen() {
        Run run = new Run();

        assertThat(run.running(0, 10)).isNull();
        assertThat(run.running(1_000, 20)).isNull();
        assertThat(run.running(1_999, 25)).isNull();
        // 20 points in 2 s since the first reading: 10 points/s, 70 points left.
        assertThat(run.running(2_000, 30)).isEqualTo(7L);
    }

    @Test
    void theRateIsTheAverageSinceTheFirstReadingOfTheRunAndTheEstimateRoundsUp() {
        Run run = new Run();
        run.running(0, 0);
        run.running(2_000, 40);

        // 45 points in 9 s: 5 points/s, 55 left: 11 s. A burst at the start does not make it optimistic.
        assertThat(run.running(9_000, 45)).isEqualTo(11L);
        // 50 points in 10 s, 50 left: exactly 10 s; 51 points in 10 s, 49 left: 9.6 s, shown as 10.
        assertThat(run.running(10_000, 50)).isEqualTo(10L);
        assertThat(run.running(10_000, 51)).isEqualTo(10L);
    }

    @Test
    void completedOverTotalServesWhenTheBackendGivesNoPercent() {
        Run run = new Run();

        assertThat(run.read(0, counted(25, 200), OperationState.RUNNING)).isNull();
        // 12.5 % to 50 % in 3 s: 12.5 points/s, 50 points left.
        assertThat(run.read(3_000, counted(100, 200), OperationState.RUNNING)).isEqualTo(4L);
        assertThat(run.previous.completed()).isEqualTo(100L);
        assertThat(run.previous.total()).isEqualTo(200L);
    }

    @Test
    void withoutPercentOrCountersThereIsNoEstimate() {
        Run run = new Run();

        assertThat(run.read(0, Progress.of(null, 5L, null, "step 5"), OperationState.RUNNING))
                .isNull();
        assertThat(run.read(5_000, Progress.of(null, 9L, null, "step 9"), OperationState.RUNNING))
                .isNull();
        assertThat(run.sample).isNull();
    }

    @Test
    void unchangedProgressKeepsThePreviousEstimateSoThatTheVersionDoesNotMove() {
        Run run = new Run();
        run.running(0, 10);
        assertThat(run.running(2_000, 30)).isEqualTo(7L);

        // Ten seconds later with the same 30 %: recomputing would give 35 s; the estimate stays as it was.
        assertThat(run.running(12_000, 30)).isEqualTo(7L);
        // As soon as the progress moves, the slower average shows: 30 points in 15 s, 60 left.
        assertThat(run.running(15_000, 40)).isEqualTo(30L);
    }

    @Test
    void progressWithoutAGainGivesNoEstimate() {
        Run run = new Run();
        run.running(0, 10);

        // The message changed, the share did not: no rate has been seen yet.
        assertThat(run.read(5_000, Progress.of(10d, null, null, "still copying"), OperationState.RUNNING))
                .isNull();
    }

    @Test
    void leavingRunningClearsTheEstimateAndTheNextRunStartsAfresh() {
        Run run = new Run();
        run.running(0, 10);
        assertThat(run.running(2_000, 30)).isEqualTo(7L);

        assertThat(run.read(3_000, percent(35), OperationState.PAUSED)).isNull();
        assertThat(run.sample).isNull();

        // Resumed 60 s later: the pause does not count into the rate, and 2 s of new evidence are needed again.
        assertThat(run.running(63_000, 40)).isNull();
        assertThat(run.sample).isEqualTo(new ProgressSample(T0.plusSeconds(63), 40));
        assertThat(run.running(64_000, 50)).isNull();
        assertThat(run.running(65_000, 60)).isEqualTo(4L);
    }

    @Test
    void aTerminalStateHasNoEstimate() {
        Run run = new Run();
        run.running(0, 10);
        run.running(2_000, 30);

        assertThat(run.read(3_000, percent(100), OperationState.SUCCEEDED)).isNull();
        assertThat(run.read(3_000, percent(60), OperationState.FAILED)).isNull();
        assertThat(run.sample).isNull();
    }

    @Test
    void progressGoingBackwardsStartsANewRun() {
        Run run = new Run();
        run.running(0, 50);
        assertThat(run.running(2_000, 60)).isEqualTo(8L);

        // The backend restarted the work (a retry, a new phase): the old rate says nothing about it.
        assertThat(run.running(3_000, 5)).isNull();
        assertThat(run.sample).isEqualTo(new ProgressSample(T0.plusSeconds(3), 5));
        assertThat(run.running(5_000, 25)).isEqualTo(8L);
    }

    @Test
    void progressBackAtTheRunsFirstReadingIsNoGainAndKeepsTheRun() {
        Run run = new Run();
        run.running(0, 10);
        run.running(1_000, 20);

        assertThat(run.running(3_000, 10))
                .as("nothing gained since the first reading")
                .isNull();
        // 20 points in 5 s since the first reading, not in 2 s since the dip: 4 points/s, 70 left.
        assertThat(run.running(5_000, 30)).isEqualTo(18L);
    }
}
