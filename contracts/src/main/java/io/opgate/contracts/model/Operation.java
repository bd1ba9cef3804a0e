package io.opgate.contracts.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The normalized operation (CONTRACT §1), as clients see it. Immutable.
 *
 * <p>{@code version} grows by one with every change of the normalized content, which is everything but
 * {@code observedAt}, {@code backendStatus} and the raw {@code native} payload: see {@link #sameContentAs}.
 */
@JsonPropertyOrder({
    "id",
    "backend",
    "backendType",
    "handle",
    "type",
    "state",
    "done",
    "progress",
    "result",
    "error",
    "submittedAt",
    "startedAt",
    "endedAt",
    "updatedAt",
    "observedAt",
    "version",
    "labels",
    "backendStatus",
    "native"
})
public record Operation(
        String id,
        String backend,
        String backendType,
        String handle,
        @Nullable String type,
        OperationState state,
        Progress progress,
        @Nullable JsonNode result,
        @Nullable OperationError error,
        @Nullable Instant submittedAt,
        @Nullable Instant startedAt,
        @Nullable Instant endedAt,
        Instant updatedAt,
        @Nullable Instant observedAt,
        long version,
        Map<String, String> labels,
        BackendStatus backendStatus,
        @JsonProperty("native") @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable JsonNode nativePayload) {

    public Operation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        progress = progress == null ? Progress.NONE : progress;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        backendStatus = backendStatus == null ? BackendStatus.HEALTHY : backendStatus;
    }

    /** True exactly when the state is terminal. */
    @JsonProperty("done")
    public boolean done() {
        return state.isTerminal();
    }

    /** The same operation without the raw backend payload, as the default view shows it. */
    public Operation withoutNative() {
        return nativePayload == null ? this : toBuilder().nativePayload(null).build();
    }

    /**
     * Whether the normalized content of both is equal: everything but {@code version}, {@code observedAt},
     * {@code backendStatus} and {@code native}.
     */
    public boolean sameContentAs(Operation other) {
        return id.equals(other.id)
                && state == other.state
                && Objects.equals(type, other.type)
                && progress.equals(other.progress)
                && Objects.equals(result, other.result)
                && Objects.equals(error, other.error)
                && Objects.equals(submittedAt, other.submittedAt)
                && Objects.equals(startedAt, other.startedAt)
                && Objects.equals(endedAt, other.endedAt)
                && updatedAt.equals(other.updatedAt)
                && labels.equals(other.labels)
                && backend.equals(other.backend)
                && handle.equals(other.handle);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link Operation}; start from {@link Operation#builder()} or {@link Operation#toBuilder()}. */
    public static final class Builder extends ObservedFieldsBuilder<Builder> {
        private @Nullable String id;
        private @Nullable String backend;
        private @Nullable String backendType;
        private @Nullable String handle;
        private OperationState state = OperationState.UNKNOWN;
        private @Nullable Instant observedAt;
        private long version = 1;
        private Map<String, String> labels = Map.of();
        private BackendStatus backendStatus = BackendStatus.HEALTHY;
        private @Nullable JsonNode nativePayload;

        private Builder() {}

        private Builder(Operation o) {
            id = o.id;
            backend = o.backend;
            backendType = o.backendType;
            handle = o.handle;
            type = o.type;
            state = o.state;
            progress = o.progress;
            result = o.result;
            error = o.error;
            submittedAt = o.submittedAt;
            startedAt = o.startedAt;
            endedAt = o.endedAt;
            updatedAt = o.updatedAt;
            observedAt = o.observedAt;
            version = o.version;
            labels = o.labels;
            backendStatus = o.backendStatus;
            nativePayload = o.nativePayload;
        }

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder backend(String backend) {
            this.backend = backend;
            return this;
        }

        public Builder backendType(String backendType) {
            this.backendType = backendType;
            return this;
        }

        public Builder handle(String handle) {
            this.handle = handle;
            return this;
        }

        public Builder state(OperationState state) {
            this.state = state;
            return this;
        }

        public Builder observedAt(@Nullable Instant observedAt) {
            this.observedAt = observedAt;
            return this;
        }

        public Builder version(long version) {
            this.version = version;
            return this;
        }

        public Builder labels(Map<String, String> labels) {
            this.labels = labels;
            return this;
        }

        public Builder backendStatus(BackendStatus backendStatus) {
            this.backendStatus = backendStatus;
            return this;
        }

        public Builder nativePayload(@Nullable JsonNode nativePayload) {
            this.nativePayload = nativePayload;
            return this;
        }

        public Operation build() {
            return new Operation(
                    Objects.requireNonNull(id, "id"),
                    Objects.requireNonNull(backend, "backend"),
                    Objects.requireNonNull(backendType, "backendType"),
                    Objects.requireNonNull(handle, "handle"),
                    type,
                    state,
                    progress,
                    result,
                    error,
                    submittedAt,
                    startedAt,
                    endedAt,
                    Objects.requireNonNull(updatedAt, "updatedAt"),
                    observedAt,
                    version,
                    labels,
                    backendStatus,
                    nativePayload);
        }
    }
}
