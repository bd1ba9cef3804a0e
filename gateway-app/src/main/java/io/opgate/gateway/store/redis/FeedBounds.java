package io.opgate.gateway.store.redis;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the change feed still holds, from {@code XINFO STREAM}: the first kept entry, the last id ever given, and
 * whether any entry was trimmed (more entries were added than the stream holds; opgate never deletes single entries).
 */
record FeedBounds(@Nullable StreamId first, StreamId last, boolean trimmed) {

    static final FeedBounds EMPTY = new FeedBounds(null, StreamId.ORIGIN, false);

    /** Whether every change after {@code cursor} is still in the feed. */
    boolean resumable(StreamId cursor) {
        if (cursor.compareTo(last) > 0) {
            return false;
        }
        return !trimmed || (first != null && cursor.compareTo(first) >= 0);
    }

    /** Reads the flat key/value reply of {@code XINFO STREAM}. */
    static FeedBounds of(List<Object> info) {
        StreamId first = null;
        StreamId last = StreamId.ORIGIN;
        Long length = null;
        Long added = null;
        for (int i = 0; i + 1 < info.size(); i += 2) {
            String key = String.valueOf(info.get(i));
            Object value = info.get(i + 1);
            switch (key) {
                case "length" -> length = asLong(value);
                case "entries-added" -> added = asLong(value);
                case "last-generated-id" -> last = orOrigin(StreamId.parse(String.valueOf(value)));
                case "first-entry" -> {
                    if (value instanceof List<?> entry && !entry.isEmpty()) {
                        first = StreamId.parse(String.valueOf(entry.get(0)));
                    }
                }
                default -> {}
            }
        }
        // Without entries-added (Redis before 7) assume the worst: something may have been trimmed.
        boolean trimmed = added == null || length == null || added > length;
        return new FeedBounds(first, last, trimmed);
    }

    private static StreamId orOrigin(@Nullable StreamId id) {
        return id == null ? StreamId.ORIGIN : id;
    }

    private static @Nullable Long asLong(Object value) {
        if (value instanceof Long l) {
            return l;
        }
        try {
            return Long.parseLong(String.valueOf(value));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
