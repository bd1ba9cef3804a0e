package io.opgate.gateway.browser;

import java.time.Duration;
import java.util.function.Predicate;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.json.JsonMapper;

/** Registers operations and reads SSE streams with a bare Reactor Netty client, so that the protocol is the test's. */
final class Streams {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Streams() {}

    /** What one stream delivered: the HTTP version, headers, the raw text, and whether the server ended it. */
    record Received(String version, io.netty.handler.codec.http.HttpHeaders headers, String body, boolean completed) {
        String contentType() {
            return headers.get("content-type", "");
        }

        String header(String name) {
            return headers.get(name);
        }
    }

    /** The HTTP version the server answers {@code url} with, e.g. {@code HTTP/1.1}. */
    static String versionOf(HttpClient client, String url) {
        return client.get().uri(url).response().map(r -> r.version().text()).block(Duration.ofSeconds(10));
    }

    /** Registers {@code handle} (as {@link #register}) and reads the all-operations stream of its run until it shows. */
    static Received registerAndFollow(HttpClient client, String base, String handle) {
        String id = register(client, base, handle);
        return read(
                client,
                base,
                "/v1/events?label=run:" + handle,
                text -> text.contains("\"id\":\"" + id + "\""),
                Duration.ofSeconds(20));
    }

    /** Registers {@code handle} on the scripted backend {@code lab} with the label {@code run=handle}; the new id. */
    static String register(HttpClient client, String base, String handle) {
        String body = "{\"backend\":\"lab\",\"handle\":\"" + handle + "\",\"labels\":{\"run\":\"" + handle + "\"}}";
        String answer = client.headers(h -> h.set("content-type", "application/json"))
                .post()
                .uri(base + "/v1/operations")
                .send(ByteBufFlux.fromString(Mono.just(body)))
                .responseSingle((response, content) -> {
                    if (response.status().code() != 201) {
                        return Mono.error(new AssertionError("registration answered " + response.status()));
                    }
                    return content.asString();
                })
                .block(Duration.ofSeconds(20));
        return JSON.readTree(answer).get("id").asString();
    }

    /**
     * Reads {@code path} until the server ends the stream, {@code enough} accepts the text so far, or the timeout
     * passes (which fails).
     */
    static Received read(HttpClient client, String base, String path, Predicate<String> enough, Duration timeout) {
        StringBuilder text = new StringBuilder();
        String[] version = new String[1];
        io.netty.handler.codec.http.HttpHeaders[] headers = new io.netty.handler.codec.http.HttpHeaders[1];
        boolean[] stoppedEarly = new boolean[1];
        client.headers(h -> h.set("accept", "text/event-stream"))
                .get()
                .uri(base + path)
                .response((response, content) -> {
                    version[0] = response.version().text();
                    headers[0] = response.responseHeaders();
                    return content.asString();
                })
                .doOnNext(text::append)
                .takeUntil(chunk -> {
                    boolean stop = enough.test(text.toString());
                    stoppedEarly[0] = stop;
                    return stop;
                })
                .then()
                .block(timeout);
        return new Received(version[0], headers[0], text.toString(), !stoppedEarly[0]);
    }
}
