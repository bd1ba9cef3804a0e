package io.opgate.simulator;

import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A received request with its body read, so vendor APIs can be plain functions of it.
 *
 * @param rawPath the path as sent, still percent-encoded, without the query
 * @param query decoded query parameters
 */
record SimRequest(
        String method,
        String rawPath,
        String rawQuery,
        Map<String, List<String>> query,
        HttpHeaders headers,
        byte[] body,
        long receivedAtMillis) {

    @Nullable
    String queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Nullable
    String header(String name) {
        return headers.get(name);
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
