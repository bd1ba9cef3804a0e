package io.opgate.gateway.tracking;

import static io.opgate.gateway.support.ScriptedAdapter.failed;
import static io.opgate.gateway.support.ScriptedAdapter.running;
import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.contracts.spi.PollOutcome;
import io.opgate.gateway.support.CapturedLogs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What an operator reads in the log: one INFO line per change of a backend's health and per operation that fails or
 * is lost, nothing at INFO for the operations' ordinary progress.
 */
class OperatorLogTest {

    EngineHarness h;

    @AfterEach
    void close() {
        CapturedLogs.stopCapturing();
        if (h != null) {
            h.close();
        }
    }

    @Test
    void healthChangesAreLoggedOnceEachAndProgressIsNot() {
        h = new EngineHarness(
                PollingSettings.defaults(), Map.of("circuit-failure-threshold", "3", "circuit-probe-interval", "5s"));
        List<String> handles = List.of("a", "b", "c", "d");
        handles.forEach(handle -> h.lab.answer(handle, running(10)));
        CapturedLogs.capture();
        handles.forEach(h::register);
        h.advance(Duration.ofSeconds(5));
        handles.forEach(handle -> h.lab.answer(handle, running(60)));
        h.advance(Duration.ofSeconds(5));
        handles.forEach(handle -> h.lab.answer(handle, PollOutcome.Failed.of("HTTP 500")));
        h.advance(Duration.ofSeconds(30));
        handles.forEach(handle -> h.lab.answer(handle, running(70)));
        h.advance(Duration.ofSeconds(40));
        h.lab.answer("a", new PollOutcome.Failed("HTTP 429", Duration.ofSeconds(20)));
        // Until a poll of "a" meets the 429 (its interval has grown by now), then "a" answers again.
        for (int i = 0; i < 120 && CapturedLogs.lines().stream().noneMatch(l -> l.contains("left alone")); i++) {
            h.advance(Duration.ofMillis(500));
        }
        h.lab.answer("a", running(70));
        h.advance(Duration.ofSeconds(40));
        h.lab.answer("b", failed("xDiskFull"));
        h.advance(Duration.ofSeconds(40));

        List<String> info = CapturedLogs.stopCapturing().stream()
                .filter(line -> line.startsWith("INFO io.opgate.gateway.tracking"))
                .toList();
        assertThat(info)
                .filteredOn(l -> l.contains("is unreachable"))
                .containsExactly(
                        "INFO io.opgate.gateway.tracking.Backend Backend lab is unreachable: HTTP 500",
                        "INFO io.opgate.gateway.tracking.Backend Backend lab is unreachable: HTTP 429");
        assertThat(info).filteredOn(l -> l.contains("circuit open")).hasSize(1);
        assertThat(info)
                .filteredOn(l -> l.contains("circuit closed, polling resumes"))
                .hasSize(1);
        assertThat(info).filteredOn(l -> l.contains("recovered after")).hasSize(2);
        assertThat(info)
                .filteredOn(l -> l.contains("asked to be left alone"))
                .singleElement()
                .asString()
                .contains("no polls until");
        assertThat(info)
                .filteredOn(l -> l.contains("ended FAILED"))
                .singleElement()
                .asString()
                .contains("handle b")
                .endsWith("ended FAILED: xDiskFull it broke");
        assertThat(info).noneMatch(l -> l.contains("progress") || l.contains("RUNNING"));
    }
}
