package io.opgate.gateway.api;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;
import org.springframework.http.codec.ServerSentEvent;

/**
 * Server-Sent Events as the bytes on the wire, laid out as Spring's SSE writer lays them out ({@code id}, {@code event},
 * {@code retry}, comment, {@code data} lines, blank line). An operation event is the same for every client of a change
 * (the same JSON instance from {@link EventStreams}, the same id), so its bytes are made once and shared: a slot
 * remembers the last event's data instance, id and name, and a collision only costs making them again.
 */
final class SseBytes {

    private static final int SLOTS = 1 << 12;

    private final AtomicReferenceArray<Entry> slots = new AtomicReferenceArray<>(SLOTS);

    byte[] of(ServerSentEvent<String> event) {
        String data = event.data();
        String id = event.id();
        if (data == null || id == null || event.retry() != null || event.comment() != null) {
            return format(event);
        }
        int slot = spread(System.identityHashCode(data)) & (SLOTS - 1);
        Entry cached = slots.get(slot);
        if (cached != null
                && cached.data() == data
                && cached.id().equals(id)
                && Objects.equals(cached.name(), event.event())) {
            return cached.bytes();
        }
        byte[] bytes = format(event);
        slots.set(slot, new Entry(data, id, event.event(), bytes));
        return bytes;
    }

    static byte[] format(ServerSentEvent<String> event) {
        StringBuilder text =
                new StringBuilder(event.data() == null ? 32 : event.data().length() + 48);
        field(text, "id", event.id());
        field(text, "event", event.event());
        Duration retry = event.retry();
        if (retry != null) {
            field(text, "retry", Long.toString(retry.toMillis()));
        }
        String comment = event.comment();
        if (comment != null) {
            text.append(':').append(comment.replace("\n", "\n:")).append('\n');
        }
        String data = event.data();
        if (data != null) {
            text.append("data:").append(data.replace("\n", "\ndata:")).append('\n');
        }
        text.append('\n');
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void field(StringBuilder text, String name, @Nullable String value) {
        if (value != null) {
            text.append(name).append(':').append(value).append('\n');
        }
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }

    private record Entry(String data, String id, @Nullable String name, byte[] bytes) {}
}
