package io.opgate.gateway.tracking;

import static io.opgate.gateway.support.ScriptedAdapter.running;
import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.contracts.model.OperationState;
import io.opgate.contracts.spi.PollOutcome;
import io.opgate.gateway.store.TrackedOperation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine's circuit breaker, backend-wide Retry-After and request budget, on virtual time. */
class BackendGuardsTest {

    static final int OPERATIONS = 20;

    EngineHarness h;
    final List<String> ids = new ArrayList<>();

    @AfterEach
    void close() {
        h.close();
    }

    List<String> registerWatched(int count) {
        List<String> handles = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String handle = "op" + i;
            h.lab.answer(handle, running(10));
            TrackedOperation op = h.register(handle);
            h.service.follow(op);
            ids.add(op.id());
            handles.add(handle);
        }
        return handles;
    }

    int pollsBetween(List<String> handles, Instant from, Instant to) {
        return (int) handles.stream()
                .flatMap(handle -> h.lab.polls(handle).stream())
                .filter(t -> !t.isBefore(from) && t.isBefore(to))
                .count();
    }

    @Test
    void aFailingBackendIsProbedNotHammeredAndRecoversWithoutABurst() {
        h = new EngineHarness(
                PollingSettings.defaults(), Map.of("circuit-failure-threshold", "3", "circuit-probe-interval", "5s"));
        List<String> handles = registerWatched(OPERATIONS);
        h.advance(Duration.ofSeconds(10));
        Instant healthyFrom = h.clock.instant();
        h.advance(Duration.ofSeconds(10));
        int healthyPolls = pollsBetween(handles, healthyFrom, h.clock.instant());

        handles.forEach(handle -> h.lab.answer(handle, PollOutcome.Failed.of("HTTP 500")));
        Instant faultFrom = h.clock.instant();
        h.advance(Duration.ofSeconds(60));
        int faultPolls = pollsBetween(handles, faultFrom, h.clock.instant());

        // Watched operations are polled every second: 20 a second while healthy.
        assertThat(healthyPolls).isBetween(190, 210);
        // Three failures open the circuit, then one probe per 5 s: 3 + 12, where 1,200 would go out unguarded.
        assertThat(faultPolls).isBetween(12, 16);
        assertThat(h.backend("lab").circuit().state()).isEqualTo(CircuitBreaker.State.OPEN);
        TrackedOperation held = h.current(ids.get(OPERATIONS - 1));
        assertThat(held.operation().state()).isEqualTo(OperationState.RUNNING);
        assertThat(held.operation().backendStatus().reachable()).isFalse();
        assertThat(held.operation().backendStatus().lastError())
                .isEqualTo("circuit open after repeated failures: HTTP 500");

        // The same answer as before the fault: nothing changed, so nothing calls for the initial interval either.
        handles.forEach(handle -> h.lab.answer(handle, running(10)));
        Instant recoveryFrom = h.clock.instant();
        h.advance(Duration.ofSeconds(6));
        assertThat(h.backend("lab").circuit().state()).isEqualTo(CircuitBreaker.State.CLOSED);
        Instant closedAt = recoveryFrom;
        h.advance(Duration.ofSeconds(10));
        // Back to the healthy cadence, never faster: no operation is polled twice within its watched interval.
        for (String handle : handles) {
            List<Long> gaps = EngineHarness.gaps(h.lab.polls(handle).stream()
                    .filter(t -> t.isAfter(closedAt))
                    .toList());
            assertThat(gaps).allSatisfy(g -> assertThat(g).isGreaterThanOrEqualTo(1000L));
        }
        int recoveredPolls = pollsBetween(handles, h.clock.instant().minusSeconds(5), h.clock.instant());
        assertThat(recoveredPolls).isBetween(90, 110);
    }

    @Test
    void aRetryAfterFromOneOperationPausesTheWholeBackend() {
        h = new EngineHarness(PollingSettings.defaults(), Map.of());
        List<String> handles = registerWatched(2);
        h.advance(Duration.ofSeconds(3));
        h.lab.answer(handles.get(0), new PollOutcome.Failed("HTTP 429", Duration.ofSeconds(20)));
        h.advance(Duration.ofMillis(1_100));
        Instant asked =
                h.lab.polls(handles.get(0)).get(h.lab.polls(handles.get(0)).size() - 1);
        h.lab.answer(handles.get(0), running(10));
        h.advance(Duration.ofSeconds(40));

        // The other operation was not polled while the backend asked to be left alone, and is polled again after.
        List<Instant> other = h.lab.polls(handles.get(1));
        assertThat(other).noneMatch(t -> t.isAfter(asked.plusMillis(150)) && t.isBefore(asked.plusSeconds(20)));
        assertThat(other).anyMatch(t -> t.isAfter(asked.plusSeconds(20)) && t.isBefore(asked.plusSeconds(32)));
        assertThat(h.lab.polls(handles.get(0))).anyMatch(t -> t.isAfter(asked.plusSeconds(20)));
        assertThat(h.backend("lab").circuit().state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void theRequestBudgetCapsPollsPerSecondAndReachesEveryOperation() {
        h = new EngineHarness(PollingSettings.defaults(), Map.of("max-requests-per-second", "2"));
        List<String> handles = registerWatched(OPERATIONS);
        Instant from = h.clock.instant();
        h.advance(Duration.ofSeconds(30));

        int polls = pollsBetween(handles, from.plusMillis(1), h.clock.instant());
        // 2 a second (and a full bucket of 2 at the start), where 600 would go out without a budget.
        assertThat(polls).isBetween(50, 62);
        for (String handle : handles) {
            assertThat(h.lab.polls(handle).stream().filter(t -> t.isAfter(from)))
                    .as("%s polled within the budget", handle)
                    .isNotEmpty();
        }
    }

    @Test
    void aSlowBackendsCircuitDoesNotTouchAnotherBackend() {
        h = new EngineHarness(PollingSettings.defaults(), Map.of("circuit-failure-threshold", "2"));
        h.slow.answer("s1", PollOutcome.Failed.of("connection refused"));
        h.register("slow", "s1");
        List<String> handles = registerWatched(1);
        h.advance(Duration.ofSeconds(30));
        assertThat(h.backend("slow").circuit().state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(h.backend("lab").circuit().state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(h.lab.polls(handles.get(0))).hasSizeGreaterThanOrEqualTo(29);
    }

    @Test
    void aThrottledProbeLeavesTheCircuitOpenForTheNextProbe() {
        h = new EngineHarness(
                PollingSettings.defaults(), Map.of("circuit-failure-threshold", "3", "circuit-probe-interval", "5s"));
        List<String> handles = registerWatched(1);
        h.lab.answer(handles.get(0), PollOutcome.Failed.of("HTTP 500"));
        h.advance(Duration.ofSeconds(4));
        assertThat(h.backend("lab").circuit().state()).isEqualTo(CircuitBreaker.State.OPEN);

        h.lab.answer(handles.get(0), PollOutcome.Throttled.of("HTTP 429"));
        h.advance(Duration.ofSeconds(6));
        assertThat(h.backend("lab").circuit().state()).isEqualTo(CircuitBreaker.State.OPEN);
        h.lab.answer(handles.get(0), running(50));
        h.advance(Duration.ofSeconds(10));

        assertThat(h.backend("lab").circuit().state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(h.current(ids.get(0)).operation().progress().percent()).isEqualTo(50.0);
    }
}
