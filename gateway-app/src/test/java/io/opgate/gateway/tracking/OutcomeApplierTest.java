package io.opgate.gateway.tracking;

import static io.opgate.gateway.support.ScriptedAdapter.observed;
import static io.opgate.gateway.support.ScriptedAdapter.running;
import static io.opgate.gateway.support.ScriptedAdapter.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.contracts.model.GatewayErrorCode;
import io.opgate.contracts.model.Operation;
import io.opgate.contracts.model.OperationState;
import io.opgate.contracts.spi.Observation;
import io.opgate.contracts.spi.PollOutcome;
import io.opgate.gateway.store.TrackedOperation;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules of CONTRACT §1 on single outcomes, without the engine around them. */
class OutcomeApplierTest {

    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    final PollingSettings settings = PollingSettings.defaults();
    final OutcomeApplier applier = new OutcomeApplier(settings, new PollIntervals(settings, () -> 1.0));

    static TrackedOperation tracked(OperationState state) {
        Operation op = Operation.builder()
                .id("o1")
                .backend("lab")
                .backendType("scripted")
                .handle("h1")
                .state(state)
                .updatedAt(T0)
                .version(1)
                .build();
        return new TrackedOperation(op, "t1", Map.of(), Duration.ofMillis(500), 0, null, null, null, 1);
    }

    @Test
    void onlyASucceededOperationCarriesTheBackendsResult() {
        Operation done = applier.apply(tracked(OperationState.RUNNING), succeeded(), T0.plusSeconds(1))
                .operation();
        assertThat(done.result()).isNotNull();
        assertThat(done.result().get("answer").asInt()).isEqualTo(42);

        Observation stillRunning = Observation.builder(OperationState.RUNNING)
                .type("test")
                .result(done.result())
                .build();
        assertThat(applier.apply(tracked(OperationState.RUNNING), observed(stillRunning), T0.plusSeconds(1))
                        .operation()
                        .result())
                .isNull();
    }

    @Test
    void aBackendThatAnswersQueuedAfterRunningOrPausedIsNotBelieved() {
        PollOutcome queued = observed(Observation.builder(OperationState.QUEUED).build());

        assertThat(applier.apply(tracked(OperationState.RUNNING), queued, T0)
                        .operation()
                        .state())
                .isEqualTo(OperationState.RUNNING);
        assertThat(applier.apply(tracked(OperationState.PAUSED), queued, T0)
                        .operation()
                        .state())
                .isEqualTo(OperationState.PAUSED);
        assertThat(applier.apply(tracked(OperationState.UNKNOWN), queued, T0)
                        .operation()
                        .state())
                .isEqualTo(OperationState.QUEUED);
    }

    @Test
    void theBackendsOwnChangeTimeMovingMakesANewVersionAtThatTime() {
        TrackedOperation first = applier.apply(tracked(OperationState.RUNNING), running(10), T0.plusSeconds(1));
        Instant backendTime = T0.plusSeconds(2);
        PollOutcome sameContentLater = observed(Observation.builder(OperationState.RUNNING)
                .type("test")
                .progress(first.operation().progress())
                .updatedAt(backendTime)
                .build());

        Operation next =
                applier.apply(first, sameContentLater, T0.plusSeconds(5)).operation();

        assertThat(next.version()).isEqualTo(first.operation().version() + 1);
        assertThat(next.updatedAt()).isEqualTo(backendTime);
        assertThat(applier.apply(first.withOperation(next), sameContentLater, T0.plusSeconds(9))
                        .operation()
                        .version())
                .as("the same time again is no change")
                .isEqualTo(next.version());
    }

    @Test
    void failuresBecomeLostExactlyWhenTheGiveUpPeriodHasPassed() {
        TrackedOperation failing =
                applier.apply(tracked(OperationState.RUNNING), PollOutcome.Failed.of("HTTP 500"), T0);
        Instant giveUp = T0.plus(settings.giveUpAfter());

        TrackedOperation before = applier.apply(failing, PollOutcome.Failed.of("HTTP 500"), giveUp.minusMillis(1));
        TrackedOperation at = applier.apply(failing, PollOutcome.Failed.of("HTTP 500"), giveUp);

        assertThat(before.operation().state()).isEqualTo(OperationState.RUNNING);
        assertThat(at.operation().state()).isEqualTo(OperationState.LOST);
        assertThat(at.operation().error().code()).isEqualTo(GatewayErrorCode.BACKEND_UNREACHABLE);
    }
}
