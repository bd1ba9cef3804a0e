package io.opgate.adapter.kit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the fake server answers: a status, headers and a body, optionally after a delay; or an abrupt connection
 * reset instead of any answer.
 */
public record FakeResponse(int status, Map<String, String> headers, String body, Duration delay, boolean reset) {

    public FakeResponse {
        headers = Map.copyOf(headers);
    }

    /**
     * Answers that no backend means as a document, whatever it speaks: no JSON, an empty body, an empty array or
     * object, {@code null}; and the HTML page a proxy answers with. Every kit checks that none of them maps to a state.
     */
    public static List<FakeResponse> garbage() {
        return List.of(
                json(200, "not json at all"),
                json(200, ""),
                json(200, "[]"),
                json(200, "{}"),
                json(200, "null"),
                of(200, "text/html", "<html><body>Service Unavailable</body></html>"),
                of(502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>"));
    }

    public static FakeResponse json(int status, String body) {
        return new FakeResponse(status, Map.of("content-type", "application/json"), body, Duration.ZERO, false);
    }

    public static FakeResponse of(int status, String contentType, String body) {
        return new FakeResponse(status, Map.of("content-type", contentType), body, Duration.ZERO, false);
    }

    public static FakeResponse empty(int status) {
        return new FakeResponse(status, Map.of(), "", Duration.ZERO, false);
    }

    /** Closes the connection with a TCP reset instead of answering. */
    public static FakeResponse connectionReset() {
        return new FakeResponse(0, Map.of(), "", Duration.ZERO, true);
    }

    public FakeResponse after(Duration delay) {
        return new FakeResponse(status, headers, body, delay, reset);
    }

    public FakeResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new FakeResponse(status, copy, body, delay, reset);
    }
}
