package io.opgate.contracts.model;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The fields that a backend reports about an operation, set alike on {@link Operation.Builder} and on the SPI's
 * {@code Observation.Builder}: what an adapter observes is what an operation shows, field by field.
 *
 * @param <B> the concrete builder, which every setter returns so that calls chain
 */
public abstract class ObservedFieldsBuilder<B extends ObservedFieldsBuilder<B>> {

    protected @Nullable String type;
    protected Progress progress = Progress.NONE;
    protected @Nullable JsonNode result;
    protected @Nullable OperationError error;
    protected @Nullable Instant submittedAt;
    protected @Nullable Instant startedAt;
    protected @Nullable Instant endedAt;
    protected @Nullable Instant updatedAt;

    protected ObservedFieldsBuilder() {}

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    public B type(@Nullable String type) {
        this.type = type;
        return self();
    }

    public B progress(Progress progress) {
        this.progress = progress;
        return self();
    }

    public B result(@Nullable JsonNode result) {
        this.result = result;
        return self();
    }

    public B error(@Nullable OperationError error) {
        this.error = error;
        return self();
    }

    public B submittedAt(@Nullable Instant submittedAt) {
        this.submittedAt = submittedAt;
        return self();
    }

    public B startedAt(@Nullable Instant startedAt) {
        this.startedAt = startedAt;
        return self();
    }

    public B endedAt(@Nullable Instant endedAt) {
        this.endedAt = endedAt;
        return self();
    }

    /** The backend's own last-change time; an {@link Operation} must have one. */
    public B updatedAt(@Nullable Instant updatedAt) {
        this.updatedAt = updatedAt;
        return self();
    }
}
