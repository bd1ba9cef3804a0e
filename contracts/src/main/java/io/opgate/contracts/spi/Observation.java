package io.opgate.contracts.spi;

import io.opgate.contracts.model.ObservedFieldsBuilder;
import io.opgate.contracts.model.OperationError;
import io.opgate.contracts.model.OperationState;
import io.opgate.contracts.model.Progress;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What one usable backend answer says about an operation, already mapped to the normalized model.
 *
 * <p>{@code result} is set only for {@link OperationState#SUCCEEDED}, {@code error} only for
 * {@link OperationState#FAILED}; the constructor enforces it. {@code state} is never {@link OperationState#UNKNOWN}
 * or {@link OperationState#LOST}: those are the gateway's to decide. Timestamps are instants (UTC) truncated to
 * milliseconds; {@code updatedAt} is the backend's own last-change time, or null when it gives none.
 */
public record Observation(
        OperationState state,
        @Nullable String type,
        Progress progress,
        @Nullable JsonNode result,
        @Nullable OperationError error,
        Times times) {

    public Observation {
        Objects.requireNonNull(state, "state");
        if (state == OperationState.UNKNOWN || state == OperationState.LOST) {
            throw new IllegalArgumentException("an adapter cannot observe " + state);
        }
        progress = progress == null ? Progress.NONE : progress;
        if (state != OperationState.SUCCEEDED) {
            result = null;
        }
        if (state == OperationState.FAILED) {
            Objects.requireNonNull(error, "a FAILED observation needs an error");
        } else {
            error = null;
        }
        times = times == null ? Times.NONE : times;
    }

    /**
     * When the backend says the operation was submitted, started, ended and last changed, each in whole milliseconds
     * (the normalized model keeps no finer times, and a finer one would count as a change at every poll).
     */
    public record Times(
            @Nullable Instant submittedAt,
            @Nullable Instant startedAt,
            @Nullable Instant endedAt,
            @Nullable Instant updatedAt) {

        public static final Times NONE = new Times(null, null, null, null);

        public Times {
            submittedAt = millis(submittedAt);
            startedAt = millis(startedAt);
            endedAt = millis(endedAt);
            updatedAt = millis(updatedAt);
        }

        private static @Nullable Instant millis(@Nullable Instant t) {
            return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS);
        }
    }

    public @Nullable Instant submittedAt() {
        return times.submittedAt();
    }

    public @Nullable Instant startedAt() {
        return times.startedAt();
    }

    public @Nullable Instant endedAt() {
        return times.endedAt();
    }

    public @Nullable Instant updatedAt() {
        return times.updatedAt();
    }

    public static Builder builder(OperationState state) {
        return new Builder(state);
    }

    /** Builds an {@link Observation}. */
    public static final class Builder extends ObservedFieldsBuilder<Builder> {
        private final OperationState state;

        private Builder(OperationState state) {
            this.state = state;
        }

        public Observation build() {
            return new Observation(
                    state, type, progress, result, error, new Times(submittedAt, startedAt, endedAt, updatedAt));
        }
    }
}
