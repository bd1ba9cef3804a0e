package io.opgate.gateway.api;

import static io.opgate.gateway.support.ScriptedAdapter.running;
import static io.opgate.gateway.support.ScriptedAdapter.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opgate.gateway.support.Api;
import io.opgate.gateway.support.ApplicationRequests;
import io.opgate.gateway.support.GatewayIntegrationTest;
import io.opgate.gateway.support.RawHttp;
import io.opgate.gateway.support.ScriptedAdapter;
import io.opgate.gateway.support.ScriptedAdapterFactory;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads of one operation, whatever their parameters, all go through the one WebFlux application (a web filter here,
 * first in line, counts what reaches it), and the plain read, whose body is made once per change, answers the same
 * bytes and headers as a read that waits.
 */
@GatewayIntegrationTest
@Import(ApplicationRequests.Registration.class)
class OperationReadsIntegrationTests {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    WebTestClient http;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ApplicationRequests application;

    @LocalServerPort
    int port;

    final ScriptedAdapter lab = ScriptedAdapterFactory.adapter("lab");

    long reads() {
        return application.count(path -> path.startsWith("/v1/operations/"));
    }

    String register(String handle) {
        return new Api(http).registered(null, "lab", handle, "{}");
    }

    String done() {
        String handle = "read-" + UUID.randomUUID();
        lab.answer(handle, succeeded());
        return register(handle);
    }

    HttpResponse<byte[]> get(String pathAndQuery, Map<String, String> headers) throws Exception {
        return new RawHttp(port).get(pathAndQuery, headers, HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> get(String pathAndQuery) throws Exception {
        return get(pathAndQuery, Map.of());
    }

    @Test
    void thePlainReadGoesThroughTheApplicationAndAnswersWhatAWaitingReadAnswers() throws Exception {
        String id = done();
        long before = reads();
        HttpResponse<byte[]> plain = get("/v1/operations/" + id);
        assertThat(reads()).as("the plain read reached the application").isEqualTo(before + 1);

        // A wait on a done operation answers at once, from the store rather than the plain read's source.
        HttpResponse<byte[]> waited = get("/v1/operations/" + id + "?wait=5");
        assertThat(reads()).isEqualTo(before + 2);

        assertThat(plain.statusCode()).isEqualTo(200).isEqualTo(waited.statusCode());
        assertThat(plain.headers().map()).isEqualTo(waited.headers().map());
        assertThat(plain.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(plain.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(new String(plain.body())).isEqualTo(new String(waited.body()));
        JsonNode body = JSON.readTree(plain.body());
        assertThat(body.get("id").asString()).isEqualTo(id);
        assertThat(body.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(body.has("native")).isFalse();
        assertThat(get("/v1/operations/" + id, Map.of("Accept", "application/json"))
                        .body())
                .isEqualTo(plain.body());
        assertThat(get("/v1/operations/" + id, Map.of("Accept", "*/*")).body()).isEqualTo(plain.body());
        assertThat(reads()).isEqualTo(before + 4);
    }

    @Test
    void eachChangeOfTheOperationIsAnsweredAtOnce() throws Exception {
        String handle = "read-" + UUID.randomUUID();
        lab.answer(handle, running(10));
        String id = register(handle);
        JsonNode first = JSON.readTree(get("/v1/operations/" + id).body());
        assertThat(first.get("progress").get("percent").asDouble()).isEqualTo(10.0);

        lab.answer(handle, running(60));
        JsonNode read = await("the change shows within the polling interval")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> JSON.readTree(get("/v1/operations/" + id).body()),
                        op -> op.get("version").asLong() != first.get("version").asLong());
        assertThat(read.get("progress").get("percent").asDouble()).isEqualTo(60.0);
        JsonNode full = JSON.readTree(get("/v1/operations/" + id + "?wait=0").body());
        assertThat(full.get("version").asLong()).isEqualTo(read.get("version").asLong());
    }

    @Test
    void everyReadIsCountedInTheRequestMeter() throws Exception {
        String id = done();
        Timer reads = meters.find("http.server.requests")
                .tags("uri", "/v1/operations/{id}", "status", "200", "method", "GET")
                .timer();
        long before = reads == null ? 0 : reads.count();
        for (int i = 0; i < 5; i++) {
            get("/v1/operations/" + id);
        }
        get("/v1/operations/" + id + "?wait=0");
        Timer after = meters.find("http.server.requests")
                .tags("uri", "/v1/operations/{id}", "status", "200", "method", "GET")
                .timer();
        assertThat(after).isNotNull();
        assertThat(after.count() - before).isEqualTo(6);
    }

    @Test
    void parametersNegotiationCorsAndRefusalsAllTakeTheOnePath() throws Exception {
        String id = done();
        String path = "/v1/operations/" + id;
        long before = reads();

        assertThat(JSON.readTree(get(path + "?view=full").body()).has("native")).isTrue();
        assertThat(reads() - before).as("?view=full").isEqualTo(1);
        assertThat(get(path, Map.of("Accept", "text/html")).statusCode()).isEqualTo(406);
        assertThat(reads() - before).as("Accept: text/html").isEqualTo(2);
        assertThat(get(path, Map.of("Accept", "application/json;q=0.9, text/html"))
                        .statusCode())
                .isEqualTo(200);
        assertThat(reads() - before).as("a negotiated Accept").isEqualTo(3);
        // Cross-origin requests get the application's CORS handling.
        get(path, Map.of("Origin", "http://elsewhere.example"));
        assertThat(reads() - before).as("Origin").isEqualTo(4);
        HttpResponse<byte[]> unknown = get("/v1/operations/no-such-operation");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(reads() - before).as("unknown id").isEqualTo(5);
        assertThat(get("/v1/operations/not.an.id").statusCode()).isEqualTo(400);
        assertThat(reads() - before).as("malformed id").isEqualTo(6);
    }
}
