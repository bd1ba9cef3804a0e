package io.opgate.simulator;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The one JSON mapper of the simulator and small helpers around it. */
final class Json {
    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static byte[] bytes(JsonNode node) {
        return MAPPER.writeValueAsBytes(node);
    }

    static String text(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    /** The parsed body, or null when it is not JSON. */
    static @Nullable JsonNode parse(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    static @Nullable String string(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isString() ? v.stringValue() : null;
    }

    static void putTime(ObjectNode node, String field, @Nullable Instant time, DateTimeFormatter format) {
        if (time == null) {
            node.putNull(field);
        } else {
            node.put(field, format.format(time));
        }
    }

    static DateTimeFormatter format(String pattern, ZoneId zone) {
        return DateTimeFormatter.ofPattern(pattern).withZone(zone);
    }
}
