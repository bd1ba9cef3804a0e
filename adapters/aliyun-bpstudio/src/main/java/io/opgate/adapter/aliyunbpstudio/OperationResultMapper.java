package io.opgate.adapter.aliyunbpstudio;

import io.opgate.adapter.support.JsonStrings;
import io.opgate.contracts.model.GatewayErrorCode;
import io.opgate.contracts.model.OperationError;
import io.opgate.contracts.model.OperationState;
import io.opgate.contracts.spi.Observation;
import io.opgate.contracts.spi.PollOutcome;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps a {@code GetExecuteOperationResult} answer (HTTP 2xx) to an outcome (CONTRACT §1.3, "Alibaba Cloud BPStudio
 * GetExecuteOperationResult").
 *
 * <p>{@code Code} 200 (number or string) with {@code Data} is an observation; {@code Code} 200 without {@code Data}
 * means the OperationId is unknown or expired (it lives one hour); any other {@code Code}, an unknown
 * {@code Data.Status} or an answer with neither {@code Code} nor {@code Data} is a failed poll. BPStudio says nothing
 * about the kind of work, its progress or its times, so those stay null.
 */
final class OperationResultMapper {

    private final ObjectMapper json;

    OperationResultMapper(ObjectMapper json) {
        this.json = json;
    }

    PollOutcome map(JsonNode body) {
        if (!body.isObject()) {
            return PollOutcome.Failed.of("the answer is not a JSON object");
        }
        String code = text(body.path("Code"));
        JsonNode data = body.path("Data");
        boolean hasData = !data.isMissingNode() && !data.isNull();
        if (code == null && !hasData) {
            return PollOutcome.Failed.of("the answer has neither Code nor Data");
        }
        if (isThrottling(code)) {
            return PollOutcome.Throttled.of("BPStudio answered Code " + shorten(code));
        }
        if (code != null && !code.equals("200")) {
            return PollOutcome.Failed.of("BPStudio answered Code " + shorten(code));
        }
        if (!hasData) {
            return new PollOutcome.NotFound("the answer has no Data: the OperationId is unknown or expired", body);
        }
        if (!data.isObject()) {
            return PollOutcome.Failed.of("Data is not an object");
        }
        OperationState state = state(text(data.path("Status")));
        if (state == null) {
            return PollOutcome.Failed.of("unknown Data.Status");
        }
        return new PollOutcome.Observed(observe(state, data), body);
    }

    /**
     * Whether {@code code} is one of Alibaba Cloud's throttling codes: {@code Throttling}, {@code Throttling.User},
     * {@code Throttling.Api} (and any other {@code Throttling.*}), which come with HTTP 400 and no {@code Retry-After}.
     */
    static boolean isThrottling(@Nullable String code) {
        return code != null && (code.equals("Throttling") || code.startsWith("Throttling."));
    }

    private Observation observe(OperationState state, JsonNode data) {
        Observation.Builder observation = Observation.builder(state);
        JsonNode message = decoded(data.path("Message"));
        JsonNode arguments = decoded(data.path("Arguments"));
        if (state == OperationState.SUCCEEDED) {
            observation.result(pair(message, arguments));
        } else if (state == OperationState.FAILED) {
            observation.error(
                    new OperationError(GatewayErrorCode.BACKEND_ERROR, asText(message), pair(message, arguments)));
        }
        return observation.build();
    }

    private static @Nullable OperationState state(@Nullable String status) {
        if (status == null) {
            return null;
        }
        return switch (status.trim().toUpperCase(Locale.ROOT)) {
            case "INIT" -> OperationState.QUEUED;
            case "RUNNING" -> OperationState.RUNNING;
            case "SUCCESS" -> OperationState.SUCCEEDED;
            case "FAILURE" -> OperationState.FAILED;
            default -> null;
        };
    }

    private ObjectNode pair(@Nullable JsonNode message, @Nullable JsonNode arguments) {
        ObjectNode pair = json.createObjectNode();
        pair.set("message", message);
        pair.set("arguments", arguments);
        return pair;
    }

    private @Nullable JsonNode decoded(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : JsonStrings.decode(json, node);
    }

    /** The message as text: a string as it is, JSON as compact JSON. */
    private static @Nullable String asText(@Nullable JsonNode message) {
        if (message == null) {
            return null;
        }
        String text = message.isString() ? message.stringValue() : message.toString();
        return text.isBlank() ? null : text;
    }

    private static @Nullable String text(JsonNode node) {
        if (node.isString()) {
            String text = node.stringValue().trim();
            return text.isEmpty() ? null : text;
        }
        if (node.isIntegralNumber()) {
            return node.asString();
        }
        return null;
    }

    private static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
