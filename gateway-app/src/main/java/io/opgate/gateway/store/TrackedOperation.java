package io.opgate.gateway.store;

import io.opgate.contracts.model.Operation;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An operation as the gateway keeps it: the normalized operation plus what only the gateway needs (owner, schedule,
 * failure streaks, progress history).
 *
 * @param operation the normalized operation, with the raw payload of the last usable answer
 * @param tenant the tenant that registered it
 * @param params per-operation parameters given at registration, passed to the adapter
 * @param interval the current poll interval, before the watched cap
 * @param notFoundStreak "unknown handle" answers in a row
 * @param failingSince when the current streak of failed polls began, null while polls succeed
 * @param progressSample the first progress seen in the current run, for the ETA estimate
 * @param expiresAt when a done operation is forgotten, null while not done
 * @param revision grows with every write, whatever it changes: the store's compare-and-set token
 */
public record TrackedOperation(
        Operation operation,
        String tenant,
        Map<String, String> params,
        Duration interval,
        int notFoundStreak,
        @Nullable Instant failingSince,
        @Nullable ProgressSample progressSample,
        @Nullable Instant expiresAt,
        long revision) {

    public TrackedOperation {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(tenant, "tenant");
        params = params == null ? Map.of() : Map.copyOf(params);
        Objects.requireNonNull(interval, "interval");
    }

    public String id() {
        return operation.id();
    }

    public boolean done() {
        return operation.done();
    }

    public TrackedOperation withOperation(Operation next) {
        return new TrackedOperation(
                next, tenant, params, interval, notFoundStreak, failingSince, progressSample, expiresAt, revision);
    }

    public TrackedOperation withInterval(Duration next) {
        return new TrackedOperation(
                operation, tenant, params, next, notFoundStreak, failingSince, progressSample, expiresAt, revision);
    }

    public TrackedOperation withNotFoundStreak(int next) {
        return new TrackedOperation(
                operation, tenant, params, interval, next, failingSince, progressSample, expiresAt, revision);
    }

    public TrackedOperation withFailingSince(@Nullable Instant next) {
        return new TrackedOperation(
                operation, tenant, params, interval, notFoundStreak, next, progressSample, expiresAt, revision);
    }

    public TrackedOperation withProgressSample(@Nullable ProgressSample next) {
        return new TrackedOperation(
                operation, tenant, params, interval, notFoundStreak, failingSince, next, expiresAt, revision);
    }

    public TrackedOperation withExpiresAt(@Nullable Instant next) {
        return new TrackedOperation(
                operation, tenant, params, interval, notFoundStreak, failingSince, progressSample, next, revision);
    }

    public TrackedOperation withRevision(long next) {
        return new TrackedOperation(
                operation, tenant, params, interval, notFoundStreak, failingSince, progressSample, expiresAt, next);
    }

    /**
     * A progress reading kept to estimate the time left.
     *
     * @param at when it was observed
     * @param percent the completed share at that time
     */
    public record ProgressSample(Instant at, double percent) {}
}
