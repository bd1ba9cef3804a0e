package io.opgate.bench.load;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Reads an operation's {@code updatedAt} out of its JSON without parsing the rest. */
public final class UpdatedAt {

    private static final byte[] KEY = "\"updatedAt\":\"".getBytes(StandardCharsets.US_ASCII);

    private UpdatedAt() {}

    /** Microseconds since the epoch, or -1 when the JSON has no such string field. */
    public static long micros(byte[] json) {
        int at = indexOf(json, KEY);
        if (at < 0) {
            return -1;
        }
        int from = at + KEY.length;
        int to = from;
        while (to < json.length && json[to] != '"') {
            to++;
        }
        try {
            Instant t = Instant.parse(new String(json, from, to - from, StandardCharsets.US_ASCII));
            return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
        } catch (DateTimeParseException e) {
            return -1;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
