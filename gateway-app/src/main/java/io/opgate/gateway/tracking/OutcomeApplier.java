package io.opgate.gateway.tracking;

import io.opgate.contracts.model.BackendStatus;
import io.opgate.contracts.model.GatewayErrorCode;
import io.opgate.contracts.model.Operation;
import io.opgate.contracts.model.OperationError;
import io.opgate.contracts.model.OperationState;
import io.opgate.contracts.spi.Observation;
import io.opgate.contracts.spi.PollOutcome;
import io.opgate.gateway.store.TrackedOperation;
import java.time.Duration;
import java.time.Instant;

/**
 * Turns one poll outcome into the operation's next stored form: the rules of CONTRACT §1 in one pure function. A
 * terminal state is final; "not found" becomes LOST only after the grace; failures change only the backend status
 * until the give-up period has passed; the version grows by one exactly when the normalized content changes.
 */
public final class OutcomeApplier {

    private final PollingSettings settings;
    private final PollIntervals intervals;
    private final EtaEstimator eta = new EtaEstimator();

    public OutcomeApplier(PollingSettings settings, PollIntervals intervals) {
        this.settings = settings;
        this.intervals = intervals;
    }

    public TrackedOperation apply(TrackedOperation tracked, PollOutcome outcome, Instant now) {
        if (tracked.done()) {
            return tracked;
        }
        // Java 17 has no pattern switch; PollOutcome is sealed, so these four are all there are.
        if (outcome instanceof PollOutcome.Observed observed) {
            return observed(tracked, observed, now);
        }
        if (outcome instanceof PollOutcome.NotFound notFound) {
            return notFound(tracked, notFound, now);
        }
        if (outcome instanceof PollOutcome.Throttled throttled) {
            // No usable answer either; the backend-wide pause, not this operation's interval, decides when it is next.
            return failed(tracked, "throttled: " + throttled.reason(), now, false);
        }
        return failed(tracked, ((PollOutcome.Failed) outcome).reason(), now, true);
    }

    /** The first form of an operation, from its registration poll (version 1). */
    public TrackedOperation initial(TrackedOperation registered, PollOutcome outcome, Instant now) {
        TrackedOperation applied = apply(registered, outcome, now);
        Operation op = applied.operation().toBuilder().version(1).build();
        return applied.withOperation(op);
    }

    private TrackedOperation observed(TrackedOperation tracked, PollOutcome.Observed observed, Instant now) {
        Operation before = tracked.operation();
        Observation o = observed.observation();
        OperationState state = before.state().followedBy(o.state());
        if (isRegression(before.state(), state)) {
            state = before.state();
        }
        EtaEstimator.Estimate estimate =
                eta.estimate(tracked.progressSample(), before.progress(), o.progress(), state, now);
        Operation.Builder next = before.toBuilder()
                .state(state)
                .type(o.type())
                .progress(estimate.progress())
                .result(state == OperationState.SUCCEEDED ? o.result() : null)
                .error(state == OperationState.FAILED ? o.error() : null)
                .submittedAt(o.submittedAt())
                .startedAt(o.startedAt())
                .endedAt(o.endedAt())
                .observedAt(now)
                .backendStatus(BackendStatus.HEALTHY)
                .nativePayload(observed.raw());
        boolean backendTimeMoved = o.updatedAt() != null && !o.updatedAt().equals(before.updatedAt());
        boolean changed = backendTimeMoved || !next.build().sameContentAs(before);
        if (changed) {
            next.version(before.version() + 1).updatedAt(o.updatedAt() != null ? o.updatedAt() : now);
        }
        Operation after = next.build();
        return tracked.withOperation(after)
                .withNotFoundStreak(0)
                .withFailingSince(null)
                .withProgressSample(estimate.sample())
                .withInterval(changed ? intervals.initial() : intervals.grown(tracked.interval()))
                .withExpiresAt(after.done() ? now.plus(settings.retention()) : null);
    }

    /** A backend that answers an older state after a newer one is not believed: work does not go back in the queue. */
    private static boolean isRegression(OperationState before, OperationState observed) {
        return observed == OperationState.QUEUED
                && (before == OperationState.RUNNING || before == OperationState.PAUSED);
    }

    private TrackedOperation notFound(TrackedOperation tracked, PollOutcome.NotFound notFound, Instant now) {
        int streak = tracked.notFoundStreak() + 1;
        Operation before = tracked.operation();
        if (streak < settings.notFoundGrace()) {
            Operation after = before.toBuilder()
                    .observedAt(now)
                    .backendStatus(BackendStatus.HEALTHY)
                    .build();
            return tracked.withOperation(after)
                    .withNotFoundStreak(streak)
                    .withFailingSince(null)
                    .withInterval(intervals.initial());
        }
        Operation lost = ended(before, OperationState.LOST, GatewayErrorCode.HANDLE_NOT_FOUND, notFound.detail(), now)
                .observedAt(now)
                .backendStatus(BackendStatus.HEALTHY)
                .build();
        return tracked.withOperation(lost)
                .withNotFoundStreak(streak)
                .withFailingSince(null)
                .withProgressSample(null)
                .withExpiresAt(now.plus(settings.retention()));
    }

    private TrackedOperation failed(TrackedOperation tracked, String reason, Instant now, boolean backOff) {
        Instant since = tracked.failingSince() == null ? now : tracked.failingSince();
        Operation before = tracked.operation();
        BackendStatus status = before.backendStatus().failed(reason);
        if (Duration.between(since, now).compareTo(settings.giveUpAfter()) >= 0) {
            String message = "no usable answer from the backend since " + since + ": " + reason;
            Operation lost = ended(before, OperationState.LOST, GatewayErrorCode.BACKEND_UNREACHABLE, message, now)
                    .backendStatus(status)
                    .build();
            return tracked.withOperation(lost)
                    .withFailingSince(since)
                    .withProgressSample(null)
                    .withExpiresAt(now.plus(settings.retention()));
        }
        return tracked.withOperation(before.toBuilder().backendStatus(status).build())
                .withFailingSince(since)
                .withInterval(backOff ? intervals.grown(tracked.interval()) : tracked.interval());
    }

    private static Operation.Builder ended(
            Operation before, OperationState state, String code, String message, Instant now) {
        return before.toBuilder()
                .state(state)
                .progress(before.progress().withEtaSeconds(null))
                .result(null)
                .error(OperationError.of(code, message))
                .updatedAt(now)
                .version(before.version() + 1);
    }
}
