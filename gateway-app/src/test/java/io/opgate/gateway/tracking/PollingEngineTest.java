package io.opgate.gateway.tracking;

import static io.opgate.gateway.support.ScriptedAdapter.failed;
import static io.opgate.gateway.support.ScriptedAdapter.running;
import static io.opgate.gateway.support.ScriptedAdapter.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.opgate.contracts.model.GatewayErrorCode;
import io.opgate.contracts.model.OperationState;
import io.opgate.contracts.spi.PollOutcome;
import io.opgate.gateway.store.TrackedOperation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PollingEngineTest {

    private final EngineHarness h = new EngineHarness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void intervalGrowsByHalfUpToTheMaximum() {
        h.lab.answer("h1", running(10));
        h.register("h1");
        h.advance(Duration.ofMinutes(3));

        List<Long> gaps = EngineHarness.gaps(h.lab.polls("h1"));
        // Registration poll, then 500, 750, 1125, 1687, 2531, 3796, 5695, 8542, 12814, 19221, 28832, then 30 s.
        long[] expected = {500, 750, 1125, 1687, 2531, 3796, 5695, 8542, 12814, 19221, 28832, 30000, 30000};
        for (int i = 0; i < expected.length; i++) {
            assertThat(gaps.get(i)).as("gap %d", i).isBetween(expected[i], expected[i] + 100);
        }
        assertThat(gaps.subList(expected.length, gaps.size()))
                .allSatisfy(g -> assertThat(g).isBetween(30000L, 30100L));
    }

    @Test
    void aChangeReturnsToTheInitialInterval() {
        h.lab.answer("h1", running(10));
        h.register("h1");
        h.advance(Duration.ofSeconds(20));
        int before = h.lab.polls("h1").size();
        h.lab.answer("h1", running(50));
        h.advance(Duration.ofSeconds(30));
        List<Long> gaps = EngineHarness.gaps(h.lab.polls("h1"));
        // The first poll after the change sees it; the next one comes after the initial interval again.
        assertThat(gaps.get(before)).isBetween(500L, 600L);
    }

    @Test
    void watchingCapsTheIntervalAndReleasingRestoresIt() {
        h.lab.answer("h1", running(10));
        TrackedOperation op = h.register("h1");
        h.advance(Duration.ofMinutes(2));
        Followers.Following watch = h.service.follow(h.current(op.id()));
        int start = h.lab.polls("h1").size();
        h.advance(Duration.ofSeconds(10));
        List<Long> watched = EngineHarness.gaps(h.lab.polls("h1"))
                .subList(start, h.lab.polls("h1").size() - 1);
        assertThat(watched).hasSizeGreaterThanOrEqualTo(8).allSatisfy(g -> assertThat(g)
                .isBetween(1000L, 1100L));

        watch.close();
        int released = h.lab.polls("h1").size();
        h.advance(Duration.ofSeconds(60));
        assertThat(h.lab.polls("h1").size() - released).isLessThanOrEqualTo(3);
    }

    @Test
    void retryAfterIsHonoured() {
        h.lab.answer("h1", running(10));
        h.service.follow(h.register("h1"));
        h.lab.answer("h1", new PollOutcome.Failed("HTTP 503", Duration.ofSeconds(20)));
        h.advance(Duration.ofMillis(600));
        assertThat(h.lab.polls("h1")).hasSize(2);
        // Watched, so it would be polled every second, but the backend asked for 20 s.
        h.advance(Duration.ofMillis(19_800));
        assertThat(h.lab.polls("h1")).hasSize(2);
        h.advance(Duration.ofMillis(200));
        assertThat(h.lab.polls("h1")).hasSize(3);
    }

    @Test
    void failuresBackOffWithoutChangingTheState() {
        h.lab.answer("h1", running(10));
        TrackedOperation op = h.register("h1");
        h.lab.answer("h1", PollOutcome.Failed.of("HTTP 500"));
        h.advance(Duration.ofMinutes(1));

        TrackedOperation now = h.current(op.id());
        assertThat(now.operation().state()).isEqualTo(OperationState.RUNNING);
        assertThat(now.operation().version()).isEqualTo(op.operation().version());
        assertThat(now.operation().backendStatus().reachable()).isFalse();
        // Polls that the open circuit held back count as failures too: the backend is no more reachable for them.
        assertThat(now.operation().backendStatus().consecutiveFailures())
                .isGreaterThanOrEqualTo(h.lab.polls("h1").size() - 1);
        assertThat(now.operation().backendStatus().lastError()).endsWith("HTTP 500");
        List<Long> gaps = EngineHarness.gaps(h.lab.polls("h1"));
        assertThat(gaps.get(gaps.size() - 1)).isGreaterThan(gaps.get(0) * 10);
    }

    @Test
    void notFoundBecomesLostOnlyAfterTheGrace() {
        h.lab.answer("h1", running(10));
        TrackedOperation op = h.register("h1");
        h.lab.answer("h1", new PollOutcome.NotFound("xDBNoSuchPath", null));
        h.advance(Duration.ofMillis(1100));
        assertThat(h.lab.polls("h1")).hasSize(3);
        assertThat(h.current(op.id()).operation().state()).isEqualTo(OperationState.RUNNING);

        h.advance(Duration.ofMillis(600));
        TrackedOperation lost = h.current(op.id());
        assertThat(lost.operation().state()).isEqualTo(OperationState.LOST);
        assertThat(lost.operation().error().code()).isEqualTo(GatewayErrorCode.HANDLE_NOT_FOUND);
        assertThat(lost.operation().version()).isEqualTo(op.operation().version() + 1);
    }

    @Test
    void aNotFoundStreakIsBrokenByAnAnswer() {
        h.lab.answer("h1", running(10));
        TrackedOperation op = h.register("h1");
        for (int i = 0; i < 5; i++) {
            h.lab.answer("h1", new PollOutcome.NotFound("gone?", null));
            h.advance(Duration.ofMillis(1100));
            h.lab.answer("h1", running(10));
            h.advance(Duration.ofMillis(600));
        }
        assertThat(h.current(op.id()).operation().state()).isEqualTo(OperationState.RUNNING);
    }

    @Test
    void unreachableForTheGiveUpPeriodBecomesLost() {
        h.lab.answer("h1", running(10));
        TrackedOperation op = h.register("h1");
        h.lab.answer("h1", PollOutcome.Failed.of("connection refused"));
        h.advance(Duration.ofMinutes(9));
        assertThat(h.current(op.id()).operation().state()).isEqualTo(OperationState.RUNNING);
        h.advance(Duration.ofMinutes(2));
        TrackedOperation lost = h.current(op.id());
        assertThat(lost.operation().state()).isEqualTo(OperationState.LOST);
        assertThat(lost.operation().error().code()).isEqualTo(GatewayErrorCode.BACKEND_UNREACHABLE);
    }

    @Test
    void aTerminalStateIsFinalAndEndsPolling() {
        h.lab.answer("h1", running(10));
        TrackedOperation op = h.register("h1");
        h.lab.answer("h1", succeeded());
        h.advance(Duration.ofSeconds(1));
        int polls = h.lab.polls("h1").size();
        h.lab.answer("h1", running(20));
        h.service.follow(h.current(op.id()));
        h.advance(Duration.ofMinutes(5));

        assertThat(h.lab.polls("h1")).hasSize(polls);
        assertThat(h.current(op.id()).operation().state()).isEqualTo(OperationState.SUCCEEDED);
        assertThat(h.queue.size()).isZero();
    }

    @Test
    void theVersionGrowsByOneExactlyWhenTheContentChanges() {
        h.lab.answer("h1", running(10));
        TrackedOperation op = h.register("h1");
        assertThat(op.operation().version()).isEqualTo(1);
        h.advance(Duration.ofSeconds(5));
        assertThat(h.current(op.id()).operation().version()).isEqualTo(1);
        h.lab.answer("h1", running(20));
        h.advance(Duration.ofSeconds(10));
        assertThat(h.current(op.id()).operation().version()).isEqualTo(2);
        h.lab.answer("h1", failed("xBoom"));
        h.advance(Duration.ofSeconds(10));
        TrackedOperation done = h.current(op.id());
        assertThat(done.operation().version()).isEqualTo(3);
        assertThat(done.operation().error().code()).isEqualTo("xBoom");
    }

    @Test
    void aBackendNeverRunsMoreThanItsConcurrencyAndEachOperationOnePollAtATime() {
        for (int i = 0; i < 10; i++) {
            h.lab.answer("c" + i, running(i));
            TrackedOperation op = h.register("c" + i);
            h.service.follow(op);
        }
        h.lab.latency(Duration.ofSeconds(3));
        h.advance(Duration.ofMinutes(2));

        assertThat(h.lab.maxInFlight()).isEqualTo(2);
        assertThat(h.lab.maxInFlightPerHandle()).isEqualTo(1);
        for (int i = 0; i < 10; i++) {
            assertThat(h.lab.polls("c" + i).size()).as("c%d polled", i).isGreaterThan(4);
        }
    }

    @Test
    void aSlowBackendDoesNotDelayAnother() {
        h.slow.answer("s1", running(1)).answer("s2", running(1)).answer("s3", running(1));
        h.register("slow", "s1");
        h.register("slow", "s2");
        h.register("slow", "s3");
        h.slow.latency(Duration.ofSeconds(60));
        h.lab.answer("f1", running(1));
        TrackedOperation fast = h.register("f1");
        h.service.follow(fast);
        h.advance(Duration.ofSeconds(30));
        // Watched: one poll a second, whatever the other backend does.
        assertThat(h.lab.polls("f1")).hasSizeGreaterThanOrEqualTo(28);
    }

    /** Registers h1, running at 10 %, whose polls after the registration's take {@code latency} each. */
    private TrackedOperation registerThenSlow(Duration latency) {
        h.lab.answer("h1", running(10));
        TrackedOperation op = h.register("h1");
        h.lab.latency(latency);
        return op;
    }

    @Test
    void aPollThatNeverAnswersTimesOutAsAFailure() {
        TrackedOperation op = registerThenSlow(Duration.ofHours(1));
        h.advance(Duration.ofSeconds(12));
        TrackedOperation now = h.current(op.id());
        assertThat(now.operation().backendStatus().lastError()).contains("no answer within");
        assertThat(now.operation().state()).isEqualTo(OperationState.RUNNING);
    }

    @Test
    void doneOperationsAreForgottenWithinAMinuteAfterRetention() {
        h.lab.answer("h1", running(10));
        TrackedOperation op = h.register("h1");
        h.advance(Duration.ofSeconds(150));
        h.lab.answer("h1", succeeded());
        h.advance(Duration.ofSeconds(60));
        Instant expiresAt = h.current(op.id()).expiresAt();
        assertThat(expiresAt).isNotNull();

        h.advance(Duration.between(h.clock.instant(), expiresAt).minusSeconds(1));
        assertThat(h.current(op.id())).isNotNull();
        h.advance(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(h.current(op.id())).isNull();
    }

    @Test
    void aPollAbandonedByShutdownLeavesNothingInFlightAndNothingPollsAfterwards() {
        TrackedOperation op = registerThenSlow(Duration.ofSeconds(5));
        h.advance(Duration.ofMillis(600));
        assertThat(h.lab.polls("h1")).hasSize(2);
        assertThat(h.backend("lab").inFlight()).isEqualTo(1);

        h.engine.close();
        int polled = h.lab.polls("h1").size();
        h.advance(Duration.ofMinutes(1));

        assertThat(h.backend("lab").inFlight()).isZero();
        assertThat(h.lab.polls("h1")).hasSize(polled);
        assertThat(h.current(op.id()).operation().progress().percent()).isEqualTo(10.0);
    }

    @Test
    void pollsHeldBackTogetherComeBackWithinHalfAgainOfTheWaitSpreadOut() {
        Duration wait = Duration.ofSeconds(10);
        List<Duration> spread = java.util.stream.IntStream.range(0, 100)
                .mapToObj(i -> PollingEngine.spread("op-" + i, wait))
                .toList();

        assertThat(spread).allSatisfy(d -> assertThat(d)
                .isBetween(wait, wait.multipliedBy(3).dividedBy(2)));
        assertThat(spread.stream().distinct().count()).isGreaterThan(50);
        assertThat(PollingEngine.spread("op-7", wait)).isEqualTo(spread.get(7));
    }

    @Test
    void pollLagIsHowLongAfterItsDueTimeAPollStarts() {
        h.lab.answer("h1", running(10));
        h.register("h1");
        h.advance(Duration.ofSeconds(5));
        Timer lag = h.meters.get("opgate.poll.lag").timer();
        assertThat(lag.count()).isEqualTo(h.lab.polls("h1").size() - 1);
        // Due times are found by a 100 ms tick: no poll starts later than one tick after it is due.
        assertThat(lag.max(TimeUnit.MILLISECONDS)).isLessThanOrEqualTo(100);
    }

    @Test
    void pollLagCountsTheWaitForAFullLane() {
        for (String handle : List.of("s1", "s2", "s3", "s4")) {
            h.slow.answer(handle, running(10));
            h.register("slow", handle);
        }
        // The four are due together; the lane polls two at a time, and each poll now takes 2 s.
        h.slow.latency(Duration.ofSeconds(2));
        h.advance(Duration.ofSeconds(3));
        Timer lag = h.meters.get("opgate.poll.lag").timer();
        assertThat(lag.count()).isEqualTo(4);
        assertThat(lag.max(TimeUnit.MILLISECONDS)).isBetween(2000.0, 2100.0);
    }
}
