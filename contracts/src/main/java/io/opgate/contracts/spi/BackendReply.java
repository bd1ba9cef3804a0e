package io.opgate.contracts.spi;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A backend's answer to one {@link BackendRequest}, read whole, before any interpretation.
 *
 * <p>{@link #toString()} shows the status, the header names and the body's length only: a header may carry a
 * credential (Huawei IAM's {@code X-Subject-Token}) and a body may quote one.
 *
 * @param status the HTTP status code
 * @param headers the answer's headers by lower-case name, the first value of each
 * @param body the body as UTF-8 text, empty when there was none
 */
public record BackendReply(int status, Map<String, String> headers, String body) {

    public BackendReply {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        Map<String, String> lower = new LinkedHashMap<>();
        headers.forEach((name, value) -> lower.putIfAbsent(name.toLowerCase(Locale.ROOT), value));
        headers = Map.copyOf(lower);
    }

    /** The first value of the header {@code name} (in any case); null when the answer has none. */
    public @Nullable String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The {@code Content-Type} header; null when absent. */
    public @Nullable String contentType() {
        return header("content-type");
    }

    /** The {@code Retry-After} header as sent; null when absent. */
    public @Nullable String retryAfter() {
        return header("retry-after");
    }

    /** Whether the status is 2xx. */
    public boolean successful() {
        return status >= 200 && status < 300;
    }

    /** Whether the status is one that may carry {@code Retry-After}: 429 or 503. */
    public boolean asksToWait() {
        return status == 429 || status == 503;
    }

    @Override
    public String toString() {
        return "BackendReply[status=" + status + ", headers=" + headers.keySet() + ", body=" + body.length()
                + " chars]";
    }
}
