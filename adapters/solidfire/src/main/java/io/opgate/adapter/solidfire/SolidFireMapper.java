package io.opgate.adapter.solidfire;

import static io.opgate.adapter.support.JsonStrings.text;

import io.opgate.adapter.support.JsonStrings;
import io.opgate.contracts.model.OperationError;
import io.opgate.contracts.model.OperationState;
import io.opgate.contracts.model.Progress;
import io.opgate.contracts.spi.Observation;
import io.opgate.contracts.spi.PollOutcome;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/** Maps a {@code GetAsyncResult} answer onto the normalized model (CONTRACT §1.3, SolidFire Element). */
final class SolidFireMapper {

    /** The JSON-RPC error SolidFire answers for a handle it does not know (never had, or already released). */
    static final String NO_SUCH_PATH = "xDBNoSuchPath";

    /**
     * The JSON-RPC error a live cluster answers for an unknown handle ({@code "Async handle 999999999 does not
     * exist."}, solidfire-sdk-python's {@code tests/test_api_server_error.py}): "not found" as much as
     * {@link #NO_SUCH_PATH}.
     */
    static final String HANDLE_DOES_NOT_EXIST = "xAsyncHandleDoesNotExist";

    // SolidFire names errors like xDBVersionMismatch; anything else is not repeated in a status line.
    private static final Pattern ERROR_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,80}");

    private final ObjectMapper json;

    SolidFireMapper(ObjectMapper json) {
        this.json = json;
    }

    /**
     * The outcome that {@code answer}, a whole JSON-RPC response, stands for: {@link PollOutcome.Observed} for a
     * running or complete async result, {@link PollOutcome.NotFound} for {@code xDBNoSuchPath} and
     * {@code xAsyncHandleDoesNotExist}, and
     * {@link PollOutcome.Failed} for any other method error or an answer without the expected structure.
     */
    PollOutcome map(JsonNode answer) {
        if (!answer.isObject()) {
            return PollOutcome.Failed.of("unexpected answer: not a JSON-RPC response");
        }
        JsonNode error = answer.get("error");
        if (error != null && !error.isNull()) {
            return methodError(error, answer);
        }
        JsonNode result = answer.get("result");
        if (result == null || !result.isObject()) {
            return PollOutcome.Failed.of("unexpected answer: no result");
        }
        String status = text(result, "status");
        if (status == null) {
            return PollOutcome.Failed.of("unexpected answer: no result.status");
        }
        Observation observation =
                switch (status.toLowerCase(Locale.ROOT)) {
                    case "running" -> running(result);
                    case "complete" -> complete(result);
                    default -> null;
                };
        if (observation == null) {
            return PollOutcome.Failed.of("unexpected answer: unknown status");
        }
        return new PollOutcome.Observed(observation, answer);
    }

    /**
     * The outcome one entry of {@code ListAsyncResults} stands for, read as {@code GetAsyncResult} would read the same
     * handle: {@code completed} false is running with {@code data} as its details; {@code completed} with
     * {@code success} has {@code data} as its result, without it {@code data} as its error. The entry itself is the raw
     * payload.
     */
    PollOutcome mapListed(JsonNode entry) {
        if (!entry.isObject()) {
            return PollOutcome.Failed.of("unexpected answer: not an async result");
        }
        JsonNode completed = entry.get("completed");
        if (completed == null || !completed.isBoolean()) {
            return PollOutcome.Failed.of("unexpected answer: no completed flag");
        }
        ObjectNode result = json.createObjectNode();
        for (String field : new String[] {"createTime", "lastUpdateTime", "resultType"}) {
            if (entry.has(field)) {
                result.set(field, entry.get(field).deepCopy());
            }
        }
        JsonNode data = entry.get("data");
        if (!completed.booleanValue()) {
            result.put("status", "running");
            if (data != null) {
                result.set("details", data.deepCopy());
            }
        } else {
            result.put("status", "complete");
            if (entry.path("success").asBoolean(false)) {
                if (data != null) {
                    result.set("result", data.deepCopy());
                }
            } else {
                // A failure must stay one even when SolidFire gives no error data with it.
                result.set(
                        "error",
                        data == null || data.isNull() ? json.getNodeFactory().stringNode("failed") : data.deepCopy());
            }
        }
        ObjectNode answer = json.createObjectNode();
        answer.set("result", result);
        PollOutcome outcome = map(answer);
        return outcome instanceof PollOutcome.Observed observed
                ? new PollOutcome.Observed(observed.observation(), entry)
                : outcome;
    }

    /** Whether {@code answer} is a JSON-RPC error response, whatever HTTP status it came with. */
    static boolean isMethodError(@Nullable JsonNode answer) {
        return answer != null && answer.isObject() && answer.path("error").isObject();
    }

    private static PollOutcome methodError(JsonNode error, JsonNode answer) {
        String name = error.isObject() ? text(error, "name") : null;
        if (NO_SUCH_PATH.equals(name) || HANDLE_DOES_NOT_EXIST.equals(name)) {
            return new PollOutcome.NotFound(name, answer);
        }
        if (name != null && ERROR_NAME.matcher(name).matches()) {
            return PollOutcome.Failed.of("JSON-RPC error " + name);
        }
        return PollOutcome.Failed.of("JSON-RPC error");
    }

    private static Observation running(JsonNode result) {
        return common(OperationState.RUNNING, result)
                .progress(progress(result.get("details")))
                .build();
    }

    private Observation complete(JsonNode result) {
        JsonNode error = result.get("error");
        boolean failed = error != null && !error.isNull();
        Observation.Builder builder = common(failed ? OperationState.FAILED : OperationState.SUCCEEDED, result)
                .endedAt(time(text(result, "lastUpdateTime")));
        if (failed) {
            return builder.error(taskError(error)).build();
        }
        return builder.result(decoded(result.get("result"))).build();
    }

    private static Observation.Builder common(OperationState state, JsonNode result) {
        return Observation.builder(state)
                .type(text(result, "resultType"))
                .submittedAt(time(text(result, "createTime")))
                .updatedAt(time(text(result, "lastUpdateTime")));
    }

    // The task's error has no code of its own: its name is the code (xBulkVolumeScriptFailure, ...).
    private static OperationError taskError(JsonNode error) {
        if (error.isObject()) {
            return new OperationError(text(error, "name"), text(error, "message"), error.deepCopy());
        }
        String message = error.isValueNode() ? error.asString() : null;
        return new OperationError(null, message, error.deepCopy());
    }

    // The documentation types result as a string; where a string holds JSON, the JSON is the result.
    private @Nullable JsonNode decoded(@Nullable JsonNode result) {
        if (result == null || result.isNull()) {
            return null;
        }
        if (result.isString()) {
            JsonNode inner = JsonStrings.parse(json, result.asString());
            if (inner != null && inner.isContainer()) {
                return inner;
            }
        }
        return result.deepCopy();
    }

    /**
     * Progress from {@code details}, whose fields depend on the method that runs: read liberally, so that a
     * percentage or a pair of counters under any of their usual names is not lost.
     */
    static Progress progress(@Nullable JsonNode details) {
        if (details == null || !details.isObject()) {
            return Progress.NONE;
        }
        Double percent = number(details, "percentComplete", "percent", "percentage", "pctComplete", "progress");
        Long completed = whole(details, "completed", "currentBytes", "completedBytes", "bytesCompleted", "processed");
        Long total = whole(details, "total", "totalBytes", "totalSize");
        String message = text(details, "message");
        if (message == null) {
            message = text(details, "statusMessage");
        }
        Progress progress = Progress.of(percent, completed, total, message);
        return percent == null && progress.effectivePercent() != null
                ? Progress.of(progress.effectivePercent(), completed, total, message)
                : progress;
    }

    private static @Nullable Double number(JsonNode node, String... fields) {
        for (String field : fields) {
            JsonNode value = node.get(field);
            if (value == null) {
                continue;
            }
            if (value.isNumber()) {
                return value.doubleValue();
            }
            if (value.isString()) {
                try {
                    return Double.parseDouble(value.asString().trim().replace("%", ""));
                } catch (NumberFormatException e) {
                    // not a number under this name; try the next one
                }
            }
        }
        return null;
    }

    private static @Nullable Long whole(JsonNode node, String... fields) {
        for (String field : fields) {
            Double value = number(node, field);
            if (value != null && !value.isNaN() && !value.isInfinite()) {
                return Math.round(value);
            }
        }
        return null;
    }

    /** An ISO-8601 time; one without an offset is UTC, as SolidFire documents its times. Null when unreadable. */
    static @Nullable Instant time(@Nullable String text) {
        return JsonStrings.instant(text);
    }
}
