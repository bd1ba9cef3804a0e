package io.opgate.gateway.tracking;

import static io.opgate.gateway.support.ScriptedAdapter.running;
import static io.opgate.gateway.support.ScriptedAdapter.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.contracts.model.GatewayErrorCode;
import io.opgate.contracts.model.OperationState;
import io.opgate.contracts.spi.AdapterCapabilities;
import io.opgate.contracts.spi.PollOutcome;
import io.opgate.gateway.store.TrackedOperation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine on a backend that polls many: batches, with every per-operation rule of single polls kept. */
class PollManyEngineTest {

    private static final PollingSettings FIVE_SECONDS = new PollingSettings(
            Duration.ofMillis(500),
            Duration.ofSeconds(5),
            Duration.ofSeconds(1),
            Duration.ofSeconds(10),
            Duration.ofMinutes(10),
            3,
            Duration.ofHours(1),
            Duration.ofMillis(100));

    private EngineHarness h =
            new EngineHarness(FIVE_SECONDS, Map.of(), new AdapterCapabilities(false, false, true, 50));

    @AfterEach
    void close() {
        h.close();
    }

    private List<TrackedOperation> registerSpread(int count) {
        List<TrackedOperation> ops = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            h.lab.answer("h" + i, running(10));
            ops.add(h.register("h" + i));
            h.advance(Duration.ofMillis(37));
        }
        return ops;
    }

    /** Poll-many calls made while {@code during} runs. */
    private List<List<String>> batchesDuring(Duration during) {
        int before = h.lab.batches().size();
        h.advance(during);
        List<List<String>> all = h.lab.batches();
        return all.subList(before, all.size());
    }

    @Test
    void operationsRegisteredAtDifferentTimesComeDueTogetherAtTheSteadyInterval() {
        registerSpread(120);
        h.advance(Duration.ofMinutes(1));

        List<List<String>> batches = batchesDuring(Duration.ofSeconds(30));
        // 120 operations every 5 s in batches of at most 50: 3 requests per interval, 6 intervals.
        assertThat(batches).hasSizeLessThanOrEqualTo(6 * 3);
        assertThat(batches).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(50));
        assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(120 * 6);
        assertThat(h.lab.maxInFlight()).isLessThanOrEqualTo(2);
    }

    @Test
    void manyOperationsGoOutInFullBatchesSpreadOverTheIntervalNotInOneBurst() {
        for (int i = 0; i < 500; i++) {
            h.lab.answer("h" + i, running(10));
            h.register("h" + i);
            h.advance(Duration.ofMillis(10));
        }
        h.advance(Duration.ofMinutes(1));
        int before = h.lab.batches().size();
        h.advance(Duration.ofSeconds(10));

        // 500 operations every 5 s: 20 requests in 10 s, however they are timed.
        List<List<String>> batches =
                h.lab.batches().subList(before, h.lab.batches().size());
        assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(500 * 2);
        assertThat(batches).hasSizeLessThanOrEqualTo(2 * 11);
        // Brought onto the same multiple of the interval, all 500 would be polled at one instant.
        Map<Instant, Integer> polledAt = new HashMap<>();
        Instant from = h.clock.instant().minusSeconds(10);
        for (int i = 0; i < 500; i++) {
            h.lab.polls("h" + i).stream()
                    .filter(at -> at.isAfter(from))
                    .forEach(at -> polledAt.merge(at, 1, Integer::sum));
        }
        assertThat(polledAt.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(100));
    }

    @Test
    void theBatchSizeSettingOverridesTheAdapters() {
        h.close();
        h = new EngineHarness(
                FIVE_SECONDS, Map.of("batch-size", "10"), new AdapterCapabilities(false, false, true, 50));
        registerSpread(25);
        h.advance(Duration.ofMinutes(1));
        List<List<String>> batches = batchesDuring(Duration.ofSeconds(5));
        assertThat(batches).hasSize(3).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(10));
    }

    @Test
    void registrationStaysASinglePoll() {
        h.lab.answer("h1", running(10));
        h.register("h1");
        assertThat(h.lab.polls("h1")).hasSize(1);
        assertThat(h.lab.batches()).isEmpty();
    }

    @Test
    void eachOperationGetsTheOutcomeOfItsOwnHandle() {
        List<TrackedOperation> ops = registerSpread(3);
        h.lab.answer("h0", succeeded());
        h.lab.answer("h1", ScriptedAdapter_failed());
        h.advance(Duration.ofSeconds(10));

        assertThat(h.current(ops.get(0).id()).operation().state()).isEqualTo(OperationState.SUCCEEDED);
        assertThat(h.current(ops.get(1).id()).operation().state()).isEqualTo(OperationState.FAILED);
        assertThat(h.current(ops.get(2).id()).operation().state()).isEqualTo(OperationState.RUNNING);
    }

    private static PollOutcome ScriptedAdapter_failed() {
        return io.opgate.gateway.support.ScriptedAdapter.failed("E42");
    }

    @Test
    void aTerminalOperationIsNeverPolledAgain() {
        List<TrackedOperation> ops = registerSpread(2);
        h.lab.answer("h0", succeeded());
        h.advance(Duration.ofSeconds(10));
        int polls = h.lab.polls("h0").size();
        h.lab.answer("h0", running(99));
        h.advance(Duration.ofMinutes(1));

        assertThat(h.lab.polls("h0")).hasSize(polls);
        assertThat(h.current(ops.get(0).id()).operation().state()).isEqualTo(OperationState.SUCCEEDED);
        assertThat(h.lab.batches().get(h.lab.batches().size() - 1)).containsExactly("h1");
    }

    @Test
    void notFoundBecomesLostOnlyAfterTheGraceAndOnlyForThatOperation() {
        List<TrackedOperation> ops = registerSpread(2);
        h.lab.answer("h0", new PollOutcome.NotFound("not in the job list", null));
        // Each "not found" goes back to the initial interval: three batches pass within about two seconds.
        h.advance(Duration.ofMillis(400));
        int seen = h.lab.polls("h0").size();
        h.advance(Duration.ofMillis(500));
        assertThat(h.current(ops.get(0).id()).operation().state()).isEqualTo(OperationState.RUNNING);
        h.advance(Duration.ofSeconds(5));

        assertThat(h.lab.polls("h0").size()).isGreaterThanOrEqualTo(seen + 2);
        TrackedOperation lost = h.current(ops.get(0).id());
        assertThat(lost.operation().state()).isEqualTo(OperationState.LOST);
        assertThat(lost.operation().error().code()).isEqualTo(GatewayErrorCode.HANDLE_NOT_FOUND);
        assertThat(h.current(ops.get(1).id()).operation().state()).isEqualTo(OperationState.RUNNING);
    }

    @Test
    void aWatchedOperationIsPolledAtTheWatchedInterval() {
        List<TrackedOperation> ops = registerSpread(2);
        h.advance(Duration.ofMinutes(1));
        h.service.follow(h.current(ops.get(0).id()));
        int start = h.lab.polls("h0").size();
        int other = h.lab.polls("h1").size();
        h.advance(Duration.ofSeconds(10));

        List<Long> gaps = EngineHarness.gaps(h.lab.polls("h0"))
                .subList(start, h.lab.polls("h0").size() - 1);
        assertThat(gaps).hasSizeGreaterThanOrEqualTo(8).allSatisfy(g -> assertThat(g)
                .isBetween(900L, 1100L));
        assertThat(h.lab.polls("h1").size() - other).isBetween(2, 3);
    }

    @Test
    void noHandleIsInTwoRequestsAtOnce() {
        registerSpread(60);
        h.lab.latency(Duration.ofSeconds(3));
        int start = h.lab.batches().size();
        h.advance(Duration.ofMinutes(2));

        // With a 3 s answer time and a 5 s interval batches overlap; a handle still has one request at a time.
        List<List<String>> batches =
                h.lab.batches().subList(start, h.lab.batches().size());
        assertThat(batches).isNotEmpty();
        for (List<String> batch : batches) {
            assertThat(new HashSet<>(batch)).hasSize(batch.size());
        }
        for (int i = 0; i < 60; i++) {
            List<Instant> polls = h.lab.polls("h" + i);
            List<Long> gaps = EngineHarness.gaps(polls.subList(polls.size() - 10, polls.size()));
            assertThat(gaps).allSatisfy(g -> assertThat(g).isGreaterThanOrEqualTo(3000L));
        }
    }

    @Test
    void retryAfterPausesTheWholeBackend() {
        registerSpread(5);
        h.advance(Duration.ofSeconds(30));
        for (int i = 0; i < 5; i++) {
            h.lab.answer("h" + i, new PollOutcome.Failed("HTTP 429", Duration.ofSeconds(20)));
        }
        h.advance(Duration.ofSeconds(5));
        int batches = h.lab.batches().size();
        h.advance(Duration.ofSeconds(19));
        assertThat(h.lab.batches()).hasSize(batches);
        for (int i = 0; i < 5; i++) {
            h.lab.answer("h" + i, running(10));
        }
        h.advance(Duration.ofSeconds(15));
        assertThat(h.lab.batches().size()).isGreaterThan(batches);
    }

    @Test
    void aRetryAfterOnOneHandleOfABatchPausesTheWholeBackend() {
        registerSpread(5);
        h.advance(Duration.ofSeconds(30));
        for (int i = 0; i < 5; i++) {
            h.lab.answer("h" + i, PollOutcome.Failed.of("HTTP 500"));
        }
        h.lab.answer("h2", new PollOutcome.Failed("HTTP 503", Duration.ofSeconds(20)));
        h.advance(Duration.ofSeconds(5));
        int batches = h.lab.batches().size();
        h.advance(Duration.ofSeconds(14));

        assertThat(h.lab.batches()).hasSize(batches);
        assertThat(h.backend("lab").pauseReason()).startsWith("HTTP 503");
    }

    @Test
    void aBatchWithOneUsableAnswerKeepsTheBackendReachable() {
        List<TrackedOperation> ops = registerSpread(5);
        h.advance(Duration.ofSeconds(30));
        for (int i = 1; i < 5; i++) {
            h.lab.answer("h" + i, PollOutcome.Failed.of("HTTP 500"));
        }
        h.advance(Duration.ofSeconds(5));

        assertThat(h.backend("lab").health().reachable()).isTrue();
        assertThat(h.current(ops.get(1).id()).operation().backendStatus().lastError())
                .isEqualTo("HTTP 500");
    }

    @Test
    void aBatchThatGetsNoAnswerInTimeFailsEachOperationSayingSo() {
        List<TrackedOperation> ops = registerSpread(3);
        h.advance(Duration.ofMinutes(1));
        h.lab.latency(Duration.ofMinutes(1));
        h.advance(Duration.ofSeconds(16));

        assertThat(ops).allSatisfy(op -> assertThat(
                        h.current(op.id()).operation().backendStatus().lastError())
                .isEqualTo("no answer within PT10S"));
        assertThat(h.backend("lab").health().consecutiveFailures()).isEqualTo(1);
        assertThat(h.current(ops.get(0).id()).operation().state()).isEqualTo(OperationState.RUNNING);
    }

    @Test
    void aBatchAbandonedByShutdownLeavesNothingInFlight() {
        registerSpread(3);
        h.advance(Duration.ofMinutes(1));
        h.lab.latency(Duration.ofSeconds(4));
        int batches = h.lab.batches().size();
        h.advance(Duration.ofSeconds(6));
        assertThat(h.lab.batches()).hasSize(batches + 1);
        assertThat(h.backend("lab").inFlight()).isEqualTo(1);

        h.engine.close();

        assertThat(h.backend("lab").inFlight()).isZero();
    }

    @Test
    void atTheSteadyIntervalABatchGoesOutOnTheIntervalsGrid() {
        registerSpread(3);
        h.advance(Duration.ofMinutes(1));
        int start = h.lab.polls("h0").size();
        h.advance(Duration.ofSeconds(30));

        List<Instant> steady =
                h.lab.polls("h0").subList(start, h.lab.polls("h0").size());
        assertThat(steady).hasSize(6).allSatisfy(at -> assertThat(at.toEpochMilli() % 5_000)
                .isZero());
    }

    @Test
    void repeatedFailedBatchesOpenTheCircuit() {
        registerSpread(5);
        for (int i = 0; i < 5; i++) {
            h.lab.answer("h" + i, PollOutcome.Failed.of("HTTP 500"));
        }
        h.advance(Duration.ofMinutes(2));
        int before = h.lab.batches().size();
        h.advance(Duration.ofMinutes(1));

        // Open after 5 failed requests: one probe per 5 s probe interval, however many operations are due.
        assertThat(h.lab.batches().size() - before).isBetween(10, 13);
        assertThat(h.backend("lab").circuit().state().label()).isNotEqualTo("closed");
        assertThat(h.current(h.register("h0").id()).operation().backendStatus().reachable())
                .isFalse();
    }

    @Test
    void twoOperationsOfOneHandleShareOneRequestAndItsOutcome() {
        // Two tenants tracking one handle is allowed only on a backend that shares its handles (#15).
        h.close();
        h = new EngineHarness(
                FIVE_SECONDS, Map.of("shared-handles", "true"), new AdapterCapabilities(false, false, true, 50));
        h.lab.answer("shared", running(10));
        TrackedOperation mine = h.register("shared");
        TrackedOperation theirs = h.service
                .register(
                        new io.opgate.gateway.security.Caller(
                                "other", Set.of(io.opgate.gateway.security.Caller.Role.WRITE)),
                        "lab",
                        "shared",
                        Map.of(),
                        Map.of())
                .block()
                .operation();
        h.advance(Duration.ofSeconds(30));
        h.lab.answer("shared", succeeded());
        h.advance(Duration.ofSeconds(6));

        assertThat(mine.id()).isNotEqualTo(theirs.id());
        assertThat(h.current(mine.id()).operation().state()).isEqualTo(OperationState.SUCCEEDED);
        assertThat(h.current(theirs.id()).operation().state()).isEqualTo(OperationState.SUCCEEDED);
        assertThat(h.lab.batches()).allSatisfy(b -> assertThat(b).containsExactly("shared"));
    }
}
