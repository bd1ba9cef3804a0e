package io.opgate.gateway.api;

import static io.opgate.gateway.support.ScriptedAdapter.running;
import static io.opgate.gateway.support.ScriptedAdapter.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opgate.gateway.support.GatewayIntegrationTest;
import io.opgate.gateway.support.ScriptedAdapter;
import io.opgate.gateway.support.ScriptedAdapterFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The plain read of an operation is answered before the WebFlux application (a web filter here counts what reaches
 * it) with exactly the full path's answer, and everything it must not answer reaches the application unchanged.
 */
@GatewayIntegrationTest
class DirectOperationReadsIntegrationTests {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    WebTestClient http;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ApplicationRequests application;

    final ScriptedAdapter lab = ScriptedAdapterFactory.adapter("lab");
    final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TestConfiguration
    static class CountApplicationRequests {
        @Bean
        ApplicationRequests applicationRequests() {
            return new ApplicationRequests();
        }
    }

    /** Counts the operation reads that reach the WebFlux application. */
    static final class ApplicationRequests implements WebFilter, Ordered {
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
            if (exchange.getRequest().getPath().value().startsWith("/v1/operations/")) {
                reads.incrementAndGet();
            }
            return chain.filter(exchange);
        }
    }

    String register(String handle) {
        JsonNode op = http.post()
                .uri("/v1/operations")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"backend\":\"lab\",\"handle\":\"" + handle + "\"}")
                .exchange()
                .expectStatus()
                .is2xxSuccessful()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        return op.get("id").asString();
    }

    String done() {
        String handle = "direct-" + UUID.randomUUID();
        lab.answer(handle, succeeded());
        return register(handle);
    }

    HttpResponse<byte[]> get(String pathAndQuery, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(10));
        headers.forEach(request::header);
        return client.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> get(String pathAndQuery) throws Exception {
        return get(pathAndQuery, Map.of());
    }

    @Test
    void thePlainReadIsAnsweredBeforeTheApplicationWithTheFullPathsAnswer() throws Exception {
        String id = done();
        int before = application.reads.get();
        HttpResponse<byte[]> direct = get("/v1/operations/" + id);
        assertThat(application.reads.get())
                .as("the direct read never reached the application")
                .isEqualTo(before);

        // ?wait=0 answers at once too, but through the whole application.
        HttpResponse<byte[]> full = get("/v1/operations/" + id + "?wait=0");
        assertThat(application.reads.get()).isEqualTo(before + 1);

        assertThat(direct.statusCode()).isEqualTo(200).isEqualTo(full.statusCode());
        assertThat(direct.headers().map()).isEqualTo(full.headers().map());
        assertThat(new String(direct.body())).isEqualTo(new String(full.body()));
        assertThat(JSON.readTree(direct.body()).has("native")).isFalse();
        assertThat(get("/v1/operations/" + id, Map.of("Accept", "application/json"))
                        .body())
                .isEqualTo(direct.body());
        assertThat(get("/v1/operations/" + id, Map.of("Accept", "*/*")).body()).isEqualTo(direct.body());
        assertThat(application.reads.get()).isEqualTo(before + 1);
    }

    @Test
    void eachChangeOfTheOperationIsAnsweredAtOnce() throws Exception {
        String handle = "direct-" + UUID.randomUUID();
        lab.answer(handle, running(10));
        String id = register(handle);
        JsonNode first = JSON.readTree(get("/v1/operations/" + id).body());
        assertThat(first.get("progress").get("percent").asDouble()).isEqualTo(10.0);

        lab.answer(handle, running(60));
        Instant deadline = Instant.now().plusSeconds(10);
        JsonNode read = first;
        while (read.get("version").asLong() == first.get("version").asLong()) {
            assertThat(Instant.now())
                    .as("the change shows within the polling interval")
                    .isBefore(deadline);
            Thread.sleep(50);
            read = JSON.readTree(get("/v1/operations/" + id).body());
        }
        assertThat(read.get("progress").get("percent").asDouble()).isEqualTo(60.0);
        JsonNode full = JSON.readTree(get("/v1/operations/" + id + "?wait=0").body());
        assertThat(full.get("version").asLong()).isEqualTo(read.get("version").asLong());
    }

    @Test
    void directReadsAreCountedWithEveryOtherRead() throws Exception {
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
        // One meter for both paths: the application's observation finds the direct reads' timer and adds to it.
        assertThat(after.count() - before).isEqualTo(6);
    }

    @Test
    void whatItMustNotAnswerReachesTheApplication() throws Exception {
        String id = done();
        String path = "/v1/operations/" + id;
        int before = application.reads.get();

        assertThat(JSON.readTree(get(path + "?view=full").body()).has("native")).isTrue();
        assertThat(application.reads.get() - before).as("?view=full").isEqualTo(1);
        assertThat(get(path, Map.of("Accept", "text/html")).statusCode()).isEqualTo(406);
        assertThat(application.reads.get() - before).as("Accept: text/html").isEqualTo(2);
        assertThat(get(path, Map.of("Accept", "application/json;q=0.9, text/html"))
                        .statusCode())
                .isEqualTo(200);
        assertThat(application.reads.get() - before).as("a negotiated Accept").isEqualTo(3);
        // Cross-origin requests get the application's CORS handling.
        get(path, Map.of("Origin", "http://elsewhere.example"));
        assertThat(application.reads.get() - before).as("Origin").isEqualTo(4);
        HttpResponse<byte[]> unknown = get("/v1/operations/no-such-operation");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(application.reads.get() - before).as("unknown id").isEqualTo(5);
        assertThat(get("/v1/operations/not.an.id").statusCode()).isEqualTo(400);
        assertThat(application.reads.get() - before).as("malformed id").isEqualTo(6);
    }
}
