package io.opgate.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScriptTest {

    @Test
    void advancesThroughItsPhasesWithLinearProgress() {
        Script s = Script.builder()
                .queued(Duration.ofSeconds(2))
                .running(Duration.ofSeconds(4))
                .pausedFor(Duration.ofSeconds(10))
                .running(Duration.ofSeconds(4))
                .succeeds();

        assertThat(s.at(0)).isEqualTo(new Script.Position(Stage.QUEUED, 0, -1, -1));
        assertThat(s.at(4_000)).isEqualTo(new Script.Position(Stage.RUNNING, 25, 2_000, -1));
        assertThat(s.at(10_000)).isEqualTo(new Script.Position(Stage.PAUSED, 50, 2_000, -1));
        assertThat(s.at(18_000)).isEqualTo(new Script.Position(Stage.RUNNING, 75, 2_000, -1));
        assertThat(s.at(20_000)).isEqualTo(new Script.Position(Stage.SUCCEEDED, 100, 2_000, 20_000));
        assertThat(s.at(99_000)).isEqualTo(s.at(20_000));
    }

    @Test
    void aScriptWithoutPhasesIsOverAtOnce() {
        assertThat(Script.builder().vanishes().at(0).stage()).isEqualTo(Stage.VANISHED);
        assertThat(Script.builder().fails("x", "y").at(0).stage()).isEqualTo(Stage.FAILED);
    }

    @Test
    void aCancelEndsTheOperationAtThatInstantButNotAfterItsEnd() {
        SimOperation running = new SimOperation(
                "1", 1_000, Script.builder().running(Duration.ofSeconds(10)).succeeds());
        running.cancel(4_000);
        assertThat(running.at(3_999).stage()).isEqualTo(Stage.RUNNING);
        Snapshot cancelled = running.at(60_000);
        assertThat(cancelled.stage()).isEqualTo(Stage.CANCELLED);
        assertThat(cancelled.cancelRequested()).isTrue();
        assertThat(cancelled.endedAt().toEpochMilli()).isEqualTo(4_000);

        SimOperation finished = new SimOperation("2", 0, Script.builder().succeeds());
        finished.cancel(5_000);
        assertThat(finished.at(6_000).stage()).isEqualTo(Stage.SUCCEEDED);
    }

    @Test
    void randomScriptsAreAMixDominatedBySuccess() {
        Random random = new Random(7);
        Map<Stage, Integer> outcomes = new EnumMap<>(Stage.class);
        boolean sawPause = false;
        for (int i = 0; i < 2_000; i++) {
            Script s = Script.random(random);
            outcomes.merge(s.at(Long.MAX_VALUE / 2).stage(), 1, Integer::sum);
            for (long t = 0; t < 120_000 && !sawPause; t += 1_000) {
                sawPause = s.at(t).stage() == Stage.PAUSED;
            }
        }
        assertThat(outcomes.get(Stage.SUCCEEDED)).isGreaterThan(1_200);
        assertThat(outcomes).containsKeys(Stage.FAILED, Stage.CANCELLED, Stage.VANISHED);
        assertThat(sawPause).isTrue();
    }

    @Test
    void aSimulatorHoldsAHundredThousandOperations() {
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults())) {
            Random random = new Random(1);
            String last = null;
            for (int i = 0; i < 100_000; i++) {
                last = sim.create(Vendor.SOLIDFIRE, Script.random(random));
            }
            assertThat(sim.operationCount(Vendor.SOLIDFIRE)).isEqualTo(100_000);
            assertThat(last).isEqualTo("100000");
        }
    }
}
