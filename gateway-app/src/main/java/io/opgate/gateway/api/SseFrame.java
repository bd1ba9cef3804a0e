package io.opgate.gateway.api;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One Server-Sent Events frame, already encoded. A frame made for a change is written as is to every client that gets
 * the change, so the bytes are never modified once made. The text is what Spring's {@code ServerSentEvent} writer
 * produces for the same fields (CONTRACT §3; clients and tests parse it the same way).
 */
public final class SseFrame {

    private final byte[] bytes;

    private SseFrame(String text) {
        this.bytes = text.getBytes(StandardCharsets.UTF_8);
    }

    /** An event with an id (none when null), a name and data; line breaks in the data become more data lines. */
    static SseFrame event(@Nullable String id, String event, String data) {
        StringBuilder text = new StringBuilder(data.length() + 64);
        if (id != null) {
            field(text, "id", id);
        }
        field(text, "event", event);
        field(text, "data", data);
        return new SseFrame(text.append('\n').toString());
    }

    /** A comment, which clients ignore: keeps idle connections open through proxies. */
    static SseFrame comment(String comment) {
        StringBuilder text = new StringBuilder();
        field(text, "", comment);
        return new SseFrame(text.append('\n').toString());
    }

    /** The reconnect delay for the client, with a comment. */
    static SseFrame retry(Duration retry, String comment) {
        StringBuilder text = new StringBuilder();
        field(text, "retry", Long.toString(retry.toMillis()));
        field(text, "", comment);
        return new SseFrame(text.append('\n').toString());
    }

    private static void field(StringBuilder text, String name, String value) {
        text.append(name).append(':');
        // A value may not span lines: each further line is a field of the same name, as the SSE parser expects.
        int from = 0;
        for (int nl = value.indexOf('\n'); nl >= 0; nl = value.indexOf('\n', from)) {
            text.append(value, from, nl).append('\n').append(name).append(':');
            from = nl + 1;
        }
        text.append(value, from, value.length()).append('\n');
    }

    /** The encoded frame; shared, so callers only read it. */
    byte[] bytes() {
        return bytes;
    }

    int size() {
        return bytes.length;
    }

    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
