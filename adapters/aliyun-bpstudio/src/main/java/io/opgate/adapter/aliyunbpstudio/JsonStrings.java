package io.opgate.adapter.aliyunbpstudio;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Decodes JSON that a backend sends inside a string. */
final class JsonStrings {

    /** Strings encoded more often than this are kept as they are. */
    private static final int MAX_DEPTH = 3;

    private JsonStrings() {}

    /**
     * The JSON object, array or string that {@code node} holds as text (also when that text was itself encoded as a
     * JSON string once more), else {@code node} unchanged. Strings that hold a bare number, boolean or null stay
     * strings, so that an identifier such as {@code "0123"} is not turned into a number. Text wrapped in quotes whose
     * inside is a JSON object or array (as in the vendors' documented examples) is decoded to that object or array.
     */
    static JsonNode decode(ObjectMapper json, JsonNode node) {
        JsonNode current = node;
        for (int depth = 0; depth < MAX_DEPTH && current.isString(); depth++) {
            JsonNode parsed = parse(json, current.stringValue().trim());
            if (parsed == null) {
                break;
            }
            current = parsed;
        }
        return current;
    }

    private static @Nullable JsonNode parse(ObjectMapper json, String text) {
        if (!(text.startsWith("{") || text.startsWith("[") || text.startsWith("\""))) {
            return null;
        }
        JsonNode parsed = read(json, text);
        if (parsed != null && (parsed.isContainer() || parsed.isString())) {
            return parsed;
        }
        if (text.length() > 2 && text.startsWith("\"") && text.endsWith("\"")) {
            JsonNode inside = read(json, text.substring(1, text.length() - 1).trim());
            if (inside != null && inside.isContainer()) {
                return inside;
            }
        }
        return null;
    }

    private static @Nullable JsonNode read(ObjectMapper json, String text) {
        try {
            // A string followed by more text ("[{" then garbage) must not pass for the string alone.
            return json.readerFor(JsonNode.class)
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(text);
        } catch (JacksonException e) {
            return null;
        }
    }
}
