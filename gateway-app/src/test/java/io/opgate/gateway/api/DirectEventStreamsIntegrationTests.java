package io.opgate.gateway.api;

import static io.opgate.gateway.support.ScriptedAdapter.running;
import static io.opgate.gateway.support.ScriptedAdapter.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.gateway.support.Api;
import io.opgate.gateway.support.ApplicationRequests;
import io.opgate.gateway.support.GatewayIntegrationTest;
import io.opgate.gateway.support.RawHttp;
import io.opgate.gateway.support.ScriptedAdapter;
import io.opgate.gateway.support.ScriptedAdapterFactory;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The two event streams without parameters are served before the WebFlux application (a web filter counts what
 * reaches it), byte for byte as the application serves them, and what they must not serve reaches the application.
 */
@GatewayIntegrationTest
@Import(ApplicationRequests.Registration.class)
@TestPropertySource(properties = "opgate.api.direct-streams=true")
class DirectEventStreamsIntegrationTests {

    @Autowired
    WebTestClient http;

    @Autowired
    ApplicationRequests application;

    @LocalServerPort
    int port;

    final ScriptedAdapter lab = ScriptedAdapterFactory.adapter("lab");

    long streams() {
        return application.count(path -> path.endsWith("/events"));
    }

    String register(String handle) {
        return new Api(http).registered(null, "lab", handle, "{}");
    }

    String done() {
        String handle = "stream-" + UUID.randomUUID();
        lab.answer(handle, succeeded());
        return register(handle);
    }

    /** A whole answer: a done operation's stream ends after its terminal event. */
    HttpResponse<String> get(String pathAndQuery, Map<String, String> headers) throws Exception {
        return new RawHttp(port).get(pathAndQuery, headers, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void anOperationsStreamIsTheFullPathsByteForByte() throws Exception {
        String id = done();
        long before = streams();
        HttpResponse<String> direct = get("/v1/operations/" + id + "/events", Map.of());
        assertThat(streams()).as("served before the application").isEqualTo(before);
        // ?lastEventId=0 asks for the same events (every version is above 0), through the application.
        HttpResponse<String> full = get("/v1/operations/" + id + "/events?lastEventId=0", Map.of());
        assertThat(streams()).isEqualTo(before + 1);

        assertThat(direct.statusCode()).isEqualTo(200).isEqualTo(full.statusCode());
        assertThat(direct.headers().map()).isEqualTo(full.headers().map());
        assertThat(direct.body()).isEqualTo(full.body());
        assertThat(direct.body())
                .startsWith("retry:")
                .contains("id:1\nevent:operation\ndata:{\"id\":\"" + id + "\"")
                .contains("\"state\":\"SUCCEEDED\"");
        assertThat(get("/v1/operations/" + id + "/events", Map.of("Accept", "text/event-stream"))
                        .body())
                .isEqualTo(direct.body());
    }

    @Test
    void lastEventIdOfTheTerminalVersionEndsTheStreamAtOnce() throws Exception {
        String id = done();
        HttpResponse<String> resumed = get("/v1/operations/" + id + "/events", Map.of("Last-Event-ID", "1"));
        assertThat(resumed.statusCode()).isEqualTo(200);
        assertThat(resumed.body()).doesNotContain("data:");
    }

    @Test
    void theAllOperationsStreamCarriesChangesAsTheyHappen() throws Exception {
        long before = streams();
        RawHttp raw = new RawHttp(port);
        CompletableFuture<HttpResponse<Stream<String>>> opened =
                raw.client().sendAsync(raw.request("/v1/events", Map.of()), HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> stream = opened.get(10, TimeUnit.SECONDS);
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).contains("text/event-stream;charset=UTF-8");
        String handle = "stream-" + UUID.randomUUID();
        lab.answer(handle, running(30));
        String id = register(handle);
        CompletableFuture<Boolean> seen = CompletableFuture.supplyAsync(() ->
                stream.body().anyMatch(line -> line.startsWith("data:") && line.contains("\"id\":\"" + id + "\"")));
        try {
            assertThat(seen.get(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            stream.body().close();
        }
        assertThat(streams()).isEqualTo(before);
    }

    @Test
    void whatItMustNotServeReachesTheApplication() throws Exception {
        String id = done();
        String path = "/v1/operations/" + id + "/events";
        long before = streams();
        assertThat(get(path, Map.of("Last-Event-ID", "not-a-version")).statusCode())
                .isEqualTo(400);
        assertThat(streams() - before).as("malformed Last-Event-ID").isEqualTo(1);
        assertThat(get(path, Map.of("Accept", "application/json")).statusCode()).isEqualTo(406);
        assertThat(streams() - before).as("Accept: application/json").isEqualTo(2);
        assertThat(get("/v1/operations/no-such-operation/events", Map.of()).statusCode())
                .isEqualTo(404);
        assertThat(streams() - before).as("unknown id").isEqualTo(3);
        get(path, Map.of("Origin", "http://elsewhere.example"));
        assertThat(streams() - before).as("Origin").isEqualTo(4);
        // Paths that only look like a stream's: an operation whose id is "events", and an empty id.
        assertThat(get("/v1/operations/events", Map.of()).statusCode()).isEqualTo(404);
        assertThat(get("/v1/operations//events", Map.of()).statusCode()).isIn(400, 404);
        assertThat(streams() - before).isEqualTo(6);
    }
}
