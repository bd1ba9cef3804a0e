package io.opgate.adapter.kit;

import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One request the fake server received.
 *
 * @param method upper case
 * @param uri path and query, as sent
 * @param headers header names in lower case
 * @param body the body as UTF-8 text, empty when none
 */
public record RecordedRequest(String method, String uri, Map<String, String> headers, String body) {

    public @Nullable String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String path() {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    public String query() {
        int q = uri.indexOf('?');
        return q < 0 ? "" : uri.substring(q + 1);
    }
}
