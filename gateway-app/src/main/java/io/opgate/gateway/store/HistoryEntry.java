package io.opgate.gateway.store;

import io.opgate.contracts.model.OperationState;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One transition in an operation's history, as {@code ?view=full} shows it (CONTRACT §6).
 *
 * @param at the operation's {@code updatedAt} in the version that made the transition
 * @param version that version
 * @param state the state from then on
 * @param progress how far it had come, when progress is what changed or the state changed with progress known
 * @param error why it failed or was lost, in a state that carries an error
 */
public record HistoryEntry(
        Instant at, long version, OperationState state, @Nullable Step progress, @Nullable Failure error) {

    /**
     * A progress milestone.
     *
     * @param percent the completed share, 0–100, null when the backend does not say
     * @param message the backend's progress message, cut to {@link OperationHistory#MAX_MESSAGE} characters
     */
    public record Step(@Nullable Double percent, @Nullable String message) {}

    /**
     * An error as the history keeps it (without the backend's details, which the operation carries).
     *
     * @param code the backend's or the gateway's code
     * @param message the backend's sentence, cut to {@link OperationHistory#MAX_MESSAGE} characters
     */
    public record Failure(String code, @Nullable String message) {}
}
