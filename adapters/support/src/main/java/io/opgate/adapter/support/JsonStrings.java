package io.opgate.adapter.support;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The small readings of JSON text that the adapters' mappers share: a body or string as JSON, JSON that a backend
 * sends inside a string, a scalar field as text, and a time given as text.
 *
 * <p>It exists because backends put JSON, numbers and times into strings in ways their documentation leaves loose,
 * and each mapper should read them the same lenient, never-throwing way.
 */
public final class JsonStrings {

    /** Strings encoded more often than this are kept as they are. */
    private static final int MAX_DEPTH = 3;

    private static final DateTimeFormatter COMPACT_OFFSET = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .appendOffset("+HHMM", "Z")
            .toFormatter(Locale.ROOT);

    private JsonStrings() {}

    /** The text as JSON, or null when it is blank or not JSON. */
    public static @Nullable JsonNode parse(ObjectMapper json, String text) {
        if (text.isBlank()) {
            return null;
        }
        try {
            JsonNode node = json.readTree(text);
            return node == null || node.isMissingNode() ? null : node;
        } catch (JacksonException e) {
            return null;
        }
    }

    /**
     * The JSON object, array or string that {@code node} holds as text (also when that text was itself encoded as a
     * JSON string once more), else {@code node} unchanged. Strings that hold a bare number, boolean or null stay
     * strings, so that an identifier such as {@code "0123"} is not turned into a number. Text wrapped in quotes whose
     * inside is a JSON object or array (as in the vendors' documented examples) is decoded to that object or array.
     */
    public static JsonNode decode(ObjectMapper json, JsonNode node) {
        JsonNode current = node;
        for (int depth = 0; depth < MAX_DEPTH && current.isString(); depth++) {
            JsonNode parsed = decodeOnce(json, current.stringValue().trim());
            if (parsed == null) {
                break;
            }
            current = parsed;
        }
        return current;
    }

    /** A scalar field as text; null when absent, null, blank or not a scalar. */
    public static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || !value.isValueNode()) {
            return null;
        }
        String text = value.asString();
        return text.isBlank() ? null : text;
    }

    /**
     * An ISO-8601 time as an instant; its offset may be written {@code -08:00}, {@code -0800} or {@code Z}, and a time
     * without one is UTC. Null when absent or unreadable.
     */
    public static @Nullable Instant instant(@Nullable String text) {
        if (text == null) {
            return null;
        }
        String value = text.trim();
        try {
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parse(value);
            return parsed.query(TemporalQueries.zone()) == null
                    ? LocalDateTime.from(parsed).toInstant(ZoneOffset.UTC)
                    : ZonedDateTime.from(parsed).toInstant();
        } catch (DateTimeException e) {
            try {
                return ZonedDateTime.parse(value, COMPACT_OFFSET).toInstant();
            } catch (DateTimeException again) {
                return null;
            }
        }
    }

    private static @Nullable JsonNode decodeOnce(ObjectMapper json, String text) {
        if (!(text.startsWith("{") || text.startsWith("[") || text.startsWith("\""))) {
            return null;
        }
        JsonNode parsed = strict(json, text);
        if (parsed != null && (parsed.isContainer() || parsed.isString())) {
            return parsed;
        }
        if (text.length() > 2 && text.startsWith("\"") && text.endsWith("\"")) {
            JsonNode inside = strict(json, text.substring(1, text.length() - 1).trim());
            if (inside != null && inside.isContainer()) {
                return inside;
            }
        }
        return null;
    }

    private static @Nullable JsonNode strict(ObjectMapper json, String text) {
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
