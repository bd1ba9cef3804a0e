package io.opgate.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** An answer to write: status, headers and body. */
record SimResponse(int status, Map<String, String> headers, byte[] body) {

    static final String JSON = "application/json";

    static SimResponse json(int status, JsonNode body) {
        return json(status, body, JSON);
    }

    static SimResponse json(int status, JsonNode body, String contentType) {
        return new SimResponse(status, new LinkedHashMap<>(Map.of("Content-Type", contentType)), Json.bytes(body));
    }

    static SimResponse text(int status, String contentType, String body) {
        return new SimResponse(
                status,
                new LinkedHashMap<>(Map.of("Content-Type", contentType)),
                body.getBytes(StandardCharsets.UTF_8));
    }

    SimResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new SimResponse(status, copy, body);
    }

    /** The same answer cut in the middle of its body, as a broken proxy or connection would leave it. */
    SimResponse truncated() {
        return new SimResponse(status, headers, Arrays.copyOf(body, body.length / 2));
    }
}
