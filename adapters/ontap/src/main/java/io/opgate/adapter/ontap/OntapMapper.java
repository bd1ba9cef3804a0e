package io.opgate.adapter.ontap;

import static io.opgate.adapter.support.JsonStrings.text;

import io.opgate.adapter.support.JsonStrings;
import io.opgate.contracts.model.OperationError;
import io.opgate.contracts.model.OperationState;
import io.opgate.contracts.model.Progress;
import io.opgate.contracts.spi.Observation;
import io.opgate.contracts.spi.PollOutcome;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/** Maps an ONTAP job record ({@code GET /api/cluster/jobs/{uuid}}) onto the normalized model (CONTRACT §1.3). */
final class OntapMapper {

    private final ObjectMapper json;

    OntapMapper(ObjectMapper json) {
        this.json = json;
    }

    /**
     * {@link PollOutcome.Observed} for a job record in one of ONTAP's five states; {@link PollOutcome.Failed} for
     * anything that is not one.
     */
    PollOutcome map(JsonNode job) {
        if (!job.isObject()) {
            return PollOutcome.Failed.of("unexpected answer: not a job");
        }
        String state = text(job, "state");
        if (state == null) {
            return PollOutcome.Failed.of("unexpected answer: no job state");
        }
        Observation observation =
                switch (state.toLowerCase(Locale.ROOT)) {
                    case "queued" -> underWay(OperationState.QUEUED, job);
                    case "running" -> underWay(OperationState.RUNNING, job);
                    case "paused" -> underWay(OperationState.PAUSED, job);
                    case "success" -> succeeded(job);
                    case "failure" -> failed(job);
                    default -> null;
                };
        if (observation == null) {
            return PollOutcome.Failed.of("unexpected answer: unknown job state");
        }
        return new PollOutcome.Observed(observation, job);
    }

    private static Observation underWay(OperationState state, JsonNode job) {
        return common(state, job)
                .progress(Progress.of(null, null, null, text(job, "message")))
                .build();
    }

    private Observation succeeded(JsonNode job) {
        ObjectNode result = json.createObjectNode();
        result.set("message", copyOrNull(job.get("message")));
        result.set("code", copyOrNull(job.get("code")));
        return common(OperationState.SUCCEEDED, job).result(result).build();
    }

    private static Observation failed(JsonNode job) {
        JsonNode error = job.get("error");
        boolean hasError = error != null && error.isObject();
        String message = text(job, "message");
        if (message == null && hasError) {
            message = text(error, "message");
        }
        OperationError failure = new OperationError(failureCode(job), message, hasError ? error.deepCopy() : null);
        return common(OperationState.FAILED, job).error(failure).build();
    }

    /**
     * The error object's string code (ONTAP 9.9 and later), else the job's integer code as a string; null (so
     * BACKEND_ERROR) when neither is given or the code is 0, which ONTAP uses for "no error code".
     */
    static @Nullable String failureCode(JsonNode job) {
        JsonNode error = job.get("error");
        if (error != null && error.isObject()) {
            String code = code(error.get("code"));
            if (code != null) {
                return code;
            }
        }
        return code(job.get("code"));
    }

    private static @Nullable String code(@Nullable JsonNode code) {
        if (code == null || code.isNull() || !code.isValueNode()) {
            return null;
        }
        String text = code.isIntegralNumber()
                ? code.bigIntegerValue().toString()
                : code.asString().trim();
        return text.isEmpty() || text.equals("0") ? null : text;
    }

    // ONTAP has no last-change time for a job; its end is the only one it reports.
    private static Observation.Builder common(OperationState state, JsonNode job) {
        Instant ended = time(text(job, "end_time"));
        return Observation.builder(state)
                .type(text(job, "description"))
                .startedAt(time(text(job, "start_time")))
                .endedAt(ended)
                .updatedAt(ended);
    }

    private static JsonNode copyOrNull(@Nullable JsonNode node) {
        return node == null ? NullNode.getInstance() : node.deepCopy();
    }

    /** An ISO-8601 time with its offset ({@code -08:00}, {@code -0800}, {@code Z}) as an instant; null when unreadable. */
    static @Nullable Instant time(@Nullable String text) {
        return JsonStrings.instant(text);
    }
}
