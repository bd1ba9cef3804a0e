package io.opgate.gateway.tracking;

import static io.opgate.gateway.support.ScriptedAdapter.running;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opgate.contracts.model.OperationState;
import io.opgate.contracts.spi.PollOutcome;
import io.opgate.gateway.metrics.BackendMeters;
import io.opgate.gateway.store.TrackedOperation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Throttling as an outcome of its own (CONTRACT §6): the whole backend paused, on virtual time. */
class ThrottlingTest {

    EngineHarness h;

    @AfterEach
    void close() {
        h.close();
    }

    List<String> registerWatched(int count) {
        List<String> handles = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String handle = "op" + i;
            h.lab.answer(handle, running(10));
            h.service.follow(h.register(handle));
            handles.add(handle);
        }
        return handles;
    }

    static Instant last(List<Instant> polls) {
        return polls.get(polls.size() - 1);
    }

    @Test
    void aThrottledAnswerPausesTheWholeBackendForItsRetryAfterVisiblyAndItRecovers() {
        h = new EngineHarness(PollingSettings.defaults(), Map.of());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        new BackendMeters(h.engineBackends, h.clock).bindTo(meters);
        List<String> handles = registerWatched(2);
        h.advance(Duration.ofSeconds(3));
        assertThat(meters.get("opgate.backend.throttled").gauge().value()).isZero();

        h.lab.answer(handles.get(0), new PollOutcome.Throttled("HTTP 429", Duration.ofSeconds(20)));
        h.advance(Duration.ofMillis(1_100));
        Instant asked = last(h.lab.polls(handles.get(0)));
        Backend lab = h.backend("lab");

        assertThat(lab.pausedUntil(h.clock.instant())).isEqualTo(asked.plusSeconds(20));
        assertThat(lab.pauseReason()).isEqualTo("HTTP 429 (Retry-After 20s)");
        assertThat(lab.health().reachable()).as("throttling is no failure").isTrue();
        assertThat(lab.health().lastError()).isEqualTo("throttled: HTTP 429");
        assertThat(lab.circuit().state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(meters.get("opgate.backend.throttled").gauge().value()).isEqualTo(1.0);
        assertThat(h.backend("slow").pausedUntil(h.clock.instant())).isNull();

        h.lab.answer(handles.get(0), running(10));
        h.advance(Duration.ofSeconds(40));

        List<Instant> other = h.lab.polls(handles.get(1));
        assertThat(other).noneMatch(t -> t.isAfter(asked.plusMillis(150)) && t.isBefore(asked.plusSeconds(20)));
        assertThat(other).anyMatch(t -> t.isAfter(asked.plusSeconds(20)) && t.isBefore(asked.plusSeconds(32)));
        assertThat(h.lab.polls(handles.get(0))).anyMatch(t -> t.isAfter(asked.plusSeconds(20)));
        assertThat(lab.pausedUntil(h.clock.instant())).isNull();
        assertThat(lab.health().lastError()).isNull();
        assertThat(meters.get("opgate.backend.throttled").gauge().value()).isZero();
    }

    @Test
    void withoutRetryAfterThePauseGrowsUpToTheMaximumAndStartsOverAfterAUsableAnswer() {
        h = new EngineHarness(
                PollingSettings.defaults(), Map.of("throttle-backoff", "2s", "throttle-backoff-max", "8s"));
        h.lab.answer("op0", running(10));
        TrackedOperation registered = h.register("op0");
        h.service.follow(registered);
        String handle = "op0";
        h.advance(Duration.ofSeconds(2));
        Backend lab = h.backend("lab");

        h.lab.answer(handle, PollOutcome.Throttled.of("HTTP 400 Throttling.User"));
        List<Duration> pauses = new ArrayList<>();
        Instant seen = last(h.lab.polls(handle));
        for (int i = 0; i < 200 && pauses.size() < 5; i++) {
            h.advance(Duration.ofMillis(500));
            Instant latest = last(h.lab.polls(handle));
            if (latest.isAfter(seen)) {
                seen = latest;
                pauses.add(Duration.between(latest, lab.pausedUntil(latest)));
            }
        }

        assertThat(pauses)
                .containsExactly(
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(8),
                        Duration.ofSeconds(8),
                        Duration.ofSeconds(8));
        TrackedOperation op = h.current(registered.id());
        assertThat(op.operation().state()).isEqualTo(OperationState.RUNNING);
        assertThat(op.operation().backendStatus().lastError()).startsWith("throttled: ");

        h.lab.answer(handle, running(10));
        h.advance(Duration.ofSeconds(15));
        assertThat(lab.pausedUntil(h.clock.instant())).isNull();
        List<Long> gaps = EngineHarness.gaps(h.lab.polls(handle));
        assertThat(gaps.subList(gaps.size() - 3, gaps.size()))
                .allSatisfy(g -> assertThat(g).isBetween(1_000L, 1_100L));

        h.lab.answer(handle, PollOutcome.Throttled.of("HTTP 400 Throttling.User"));
        h.advance(Duration.ofMillis(1_100));
        Instant again = last(h.lab.polls(handle));
        assertThat(lab.pausedUntil(again)).as("the backoff starts over").isEqualTo(again.plusSeconds(2));
    }

    @Test
    void aRetryAfterBeyondTheLongestPauseIsHonouredOnlyThatLongThenTheBackendIsAskedAgain() {
        h = new EngineHarness(PollingSettings.defaults(), Map.of("throttle-backoff-max", "30s"));
        List<String> handles = registerWatched(2);
        h.advance(Duration.ofSeconds(3));
        Backend lab = h.backend("lab");

        // About 31 years: what the header's nine digits allow.
        Duration forever = Duration.ofSeconds(999_999_999);
        h.lab.answer(handles.get(0), new PollOutcome.Throttled("HTTP 429", forever));
        h.lab.answer(handles.get(1), new PollOutcome.Failed("HTTP 503", forever));
        h.advance(Duration.ofMillis(1_100));
        Instant asked = last(h.lab.polls(handles.get(0)));

        assertThat(lab.pausedUntil(h.clock.instant())).isBeforeOrEqualTo(asked.plusSeconds(31));
        assertThat(lab.pauseReason()).endsWith("(Retry-After 30s)");

        h.lab.answer(handles.get(0), running(20));
        h.lab.answer(handles.get(1), running(20));
        h.advance(Duration.ofSeconds(45));

        assertThat(h.lab.polls(handles.get(0))).anyMatch(t -> t.isAfter(asked.plusSeconds(29)));
        assertThat(h.lab.polls(handles.get(1))).anyMatch(t -> t.isAfter(asked.plusSeconds(29)));
        assertThat(lab.pausedUntil(h.clock.instant())).isNull();
    }
}
