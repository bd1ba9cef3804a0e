package io.opgate.adapter.huaweicloudtest;

import io.opgate.adapter.support.JsonStrings;
import io.opgate.contracts.model.GatewayErrorCode;
import io.opgate.contracts.model.OperationError;
import io.opgate.contracts.model.OperationState;
import io.opgate.contracts.model.Progress;
import io.opgate.contracts.spi.Observation;
import io.opgate.contracts.spi.PollOutcome;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps a CloudTest progress answer (HTTP 2xx) to an observation (CONTRACT §1.3, "Huawei Cloud CloudTest progress").
 *
 * <p>Both shapes are accepted: the progress fields at the top level, or wrapped as {@code result.value} with
 * {@code status}, {@code error} and {@code request_id} beside them. An answer that carries an error
 * ({@code error.code}/{@code error.reason} or {@code error_code}/{@code error_msg}) instead of progress, or that lacks
 * every progress field, is a failed poll, not a state.
 *
 * <p>{@code return_value} becomes the result as given, except that a string holding JSON is decoded.
 */
final class ProgressMapper {

    /** Fields of which a progress answer has at least one; an answer with none of them is not a progress answer. */
    private static final List<String> PROGRESS_FIELDS = List.of(
            "completed",
            "is_ended",
            "cancelled",
            "finished_percent",
            "finished_count",
            "line_up_num",
            "begin_time",
            "last_modified_time",
            "uri",
            "asyn_operation_key");

    private static final List<String> ERROR_STATUSES = List.of("error", "failed", "failure", "fail");

    private static final DateTimeFormatter WALL_CLOCK = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd")
            .optionalStart()
            .appendLiteral(' ')
            .optionalEnd()
            .optionalStart()
            .appendLiteral('T')
            .optionalEnd()
            .appendPattern("HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
            .optionalEnd()
            .toFormatter();

    private final ZoneId zone;
    private final ObjectMapper json;

    ProgressMapper(ZoneId zone, ObjectMapper json) {
        this.zone = zone;
        this.json = json;
    }

    PollOutcome map(JsonNode body) {
        if (!body.isObject()) {
            return PollOutcome.Failed.of("the answer is not a JSON object");
        }
        String errorCode = firstText(body.path("error").path("code"), body.path("error_code"), body.path("code"));
        String errorText = firstText(
                body.path("error").path("reason"),
                body.path("error").path("message"),
                body.path("error_msg"),
                body.path("reason"),
                body.path("message"));
        JsonNode wrapped = body.path("result").path("value");
        if (!wrapped.isObject() && isErrorStatus(body.path("status"))) {
            return PollOutcome.Failed.of("CloudTest answered status " + shorten(text(body.path("status"))) + ": "
                    + describe(errorCode, errorText));
        }
        JsonNode fields = wrapped.isObject() ? wrapped : body;
        if (!hasProgress(fields)) {
            if (errorCode != null || errorText != null) {
                return PollOutcome.Failed.of("CloudTest answered with error " + describe(errorCode, errorText));
            }
            return PollOutcome.Failed.of("the answer has no progress fields");
        }
        return new PollOutcome.Observed(observe(fields), body);
    }

    /**
     * Whether the wrapped answer's outer {@code status} says the request failed: {@code error} on the wire,
     * {@code failed} in CloudTest's own services (whose {@code success} is {@code ok}).
     */
    private static boolean isErrorStatus(JsonNode status) {
        String value = text(status);
        return value != null && ERROR_STATUSES.contains(value.trim().toLowerCase(java.util.Locale.ROOT));
    }

    /** The backend's code and message, or a note that it gave neither. */
    private static String describe(@Nullable String code, @Nullable String message) {
        if (code == null && message == null) {
            return "no error code or message";
        }
        String described = code == null ? "(no code)" : shorten(code);
        return message == null ? described : described + " " + shorten(message);
    }

    private Observation observe(JsonNode p) {
        OperationState state = state(p);
        Observation.Builder observation = Observation.builder(state)
                .type(text(p.path("name")))
                .progress(progress(p))
                .submittedAt(wallClock(p.path("submitted_time")))
                .startedAt(wallClock(p.path("begin_time")))
                .endedAt(wallClock(p.path("end_time")))
                .updatedAt(epochMillis(p.path("last_modified_time")));
        if (state == OperationState.SUCCEEDED) {
            JsonNode value = p.path("return_value");
            observation.result(value.isMissingNode() || value.isNull() ? null : JsonStrings.decode(json, value));
        } else if (state == OperationState.FAILED) {
            observation.error(error(p));
        }
        return observation.build();
    }

    private static OperationState state(JsonNode p) {
        if (flag(p.path("cancelled"))) {
            return OperationState.CANCELLED;
        }
        if (flag(p.path("completed")) || flag(p.path("is_ended"))) {
            return hasError(p) ? OperationState.FAILED : OperationState.SUCCEEDED;
        }
        Long lineUp = number(p.path("line_up_num"));
        if (lineUp != null && lineUp > 0 || text(p.path("begin_time")) == null) {
            return OperationState.QUEUED;
        }
        return OperationState.RUNNING;
    }

    private static boolean hasError(JsonNode p) {
        return text(p.path("code")) != null
                || text(p.path("reason")) != null
                || text(p.path("exception_message")) != null;
    }

    private OperationError error(JsonNode p) {
        String code = text(p.path("code"));
        String reason = text(p.path("reason"));
        String exception = text(p.path("exception_message"));
        ObjectNode details = json.createObjectNode();
        if (code != null) {
            details.put("code", code);
        }
        if (reason != null) {
            details.put("reason", reason);
        }
        if (exception != null) {
            details.put("exception_message", exception);
        }
        return new OperationError(
                code == null ? GatewayErrorCode.BACKEND_ERROR : code, reason != null ? reason : exception, details);
    }

    private static Progress progress(JsonNode p) {
        Long percent = number(p.path("finished_percent"));
        return Progress.of(
                percent == null ? null : percent.doubleValue(),
                number(p.path("finished_count")),
                number(p.path("total")),
                lastInformation(p.path("informations")));
    }

    private static @Nullable String lastInformation(JsonNode informations) {
        if (!informations.isArray()) {
            return text(informations);
        }
        for (int i = informations.size() - 1; i >= 0; i--) {
            String text = text(informations.get(i));
            if (text != null) {
                return text;
            }
        }
        return null;
    }

    private @Nullable Instant wallClock(JsonNode node) {
        if (node.isIntegralNumber()) {
            return Instant.ofEpochMilli(node.longValue());
        }
        String text = text(node);
        if (text == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(text, WALL_CLOCK).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static @Nullable Instant epochMillis(JsonNode node) {
        Long millis = number(node);
        return millis == null || millis <= 0 ? null : Instant.ofEpochMilli(millis);
    }

    private static boolean flag(JsonNode node) {
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.isString() && node.stringValue().trim().equalsIgnoreCase("true");
    }

    private static @Nullable Long number(JsonNode node) {
        if (node.isNumber()) {
            return node.longValue();
        }
        if (node.isString()) {
            try {
                return (long) Double.parseDouble(node.stringValue().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** The node as non-blank text (numbers included, since codes are strings), else null. */
    private static @Nullable String text(JsonNode node) {
        if (node.isString()) {
            String text = node.stringValue();
            return text.isBlank() ? null : text;
        }
        if (node.isNumber() || node.isBoolean()) {
            return node.asString();
        }
        return null;
    }

    private static @Nullable String firstText(JsonNode... nodes) {
        for (JsonNode node : nodes) {
            String text = text(node);
            if (text != null) {
                return text;
            }
        }
        return null;
    }

    private static boolean hasProgress(JsonNode p) {
        return PROGRESS_FIELDS.stream().anyMatch(f -> p.has(f) && !p.get(f).isNull());
    }

    /** At most 120 characters, without control characters: the text goes into a status line. */
    private static String shorten(@Nullable String text) {
        if (text == null) {
            return "";
        }
        String flat = text.replaceAll("\\p{Cntrl}", " ").trim();
        return flat.length() <= 120 ? flat : flat.substring(0, 120) + "...";
    }
}
