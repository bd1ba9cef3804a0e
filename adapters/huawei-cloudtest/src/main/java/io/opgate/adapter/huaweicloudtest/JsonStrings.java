package io.opgate.adapter.huaweicloudtest;

import tools.jackson.core.JacksonException;
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
     * strings, so that an identifier such as {@code "0123"} is not turned into a number.
     */
    static JsonNode decode(ObjectMapper json, JsonNode node) {
        JsonNode current = node;
        for (int depth = 0; depth < MAX_DEPTH && current.isString(); depth++) {
            String text = current.stringValue().trim();
            if (!(text.startsWith("{") || text.startsWith("[") || text.startsWith("\""))) {
                break;
            }
            JsonNode parsed;
            try {
                parsed = json.readTree(text);
            } catch (JacksonException e) {
                break;
            }
            if (parsed == null || !(parsed.isContainer() || parsed.isString())) {
                break;
            }
            current = parsed;
        }
        return current;
    }
}
