package io.opgate.gateway.store.redis;

import static io.opgate.gateway.support.ScriptedAdapter.running;
import static io.opgate.gateway.support.ScriptedAdapter.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opgate.gateway.support.GatewayReplica;
import io.opgate.gateway.support.RedisServer;
import io.opgate.gateway.support.ScriptedAdapter;
import io.opgate.gateway.support.ScriptedAdapterFactory;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/**
 * A replica whose Redis dies and comes back, under a steady stream of requests: it reports not ready and answers 503
 * while Redis is away, ends its streams, keeps its three connections however many clients come and go, and resumes
 * everything with nothing lost once Redis returns. Redis here syncs every write, as a production setup with
 * persistence would keep what it acknowledged.
 */
class RedisOutageIntegrationTests {

    static RedisServer redis;
    static GatewayReplica gateway;
    static WebClient web;

    final ScriptedAdapter backend = ScriptedAdapterFactory.adapter(GatewayReplica.BACKEND);

    @BeforeAll
    static void start() {
        redis = RedisServer.startDurable();
        gateway = GatewayReplica.start(redis.url(), "outage", Map.of());
        web = WebClient.create("http://127.0.0.1:" + gateway.port());
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    String registerRunning() {
        String handle = "o-" + UUID.randomUUID();
        backend.answer(handle, running(10));
        return handle;
    }

    int status(String uri) {
        return web.get()
                .uri(uri)
                .exchangeToMono(response ->
                        response.releaseBody().thenReturn(response.statusCode().value()))
                .onErrorReturn(-1)
                .block(Duration.ofSeconds(10));
    }

    @Test
    void manyStreamClientsComingAndGoingOpenNoRedisConnection() throws IOException {
        String handle = registerRunning();
        String id = gateway.register(handle);
        int before = redis.clients();
        List<Disposable> clients = new ArrayList<>();
        AtomicInteger firstEvents = new AtomicInteger();
        for (int i = 0; i < 40; i++) {
            String uri = i % 2 == 0 ? "/v1/events" : "/v1/operations/" + id + "/events";
            clients.add(web.get()
                    .uri(uri)
                    .accept(MediaType.TEXT_EVENT_STREAM)
                    .retrieve()
                    .bodyToFlux(String.class)
                    .take(1)
                    .doOnNext(e -> firstEvents.incrementAndGet())
                    .subscribe());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> firstEvents.get() == 40);
        assertThat(redis.clients()).isEqualTo(before);
        clients.forEach(Disposable::dispose);
        assertThat(redis.clients()).isEqualTo(before);
        // The replica's own three connections (commands, feed, registration buckets) and the asking one.
        assertThat(before).isEqualTo(4);
    }

    @Test
    void redisGoingAwayAndComingBackUnderLoadLosesNothingAndResumesEverything() throws IOException {
        List<String> handles = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            handles.add(registerRunning());
            ids.add(gateway.register(handles.get(i)));
        }
        // Load: reads of every operation, without pause, all along.
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        Disposable load = Flux.interval(Duration.ofMillis(20))
                .onBackpressureDrop()
                .concatMap(tick -> Mono.fromCallable(() -> status("/v1/operations/" + ids.get((int) (tick % 3))))
                        .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()))
                .subscribe(code ->
                        statuses.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet());
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> statuses.containsKey(200));
            assertThat(status("/actuator/health/readiness")).isEqualTo(200);
            Mono<Void> firehoseEnds = gateway.events("/v1/events", null).then();
            Mono<Void> operationStreamEnds = gateway.events("/v1/operations/" + ids.get(0) + "/events", null)
                    .then();

            redis.kill();

            StepVerifier.create(Mono.when(firehoseEnds, operationStreamEnds))
                    .expectComplete()
                    .verify(Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(10)).until(() -> status("/actuator/health/readiness") == 503);
            Instant asked = Instant.now();
            gateway.http()
                    .get()
                    .uri("/v1/operations/" + ids.get(1))
                    .exchange()
                    .expectStatus()
                    .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo(503)
                    .jsonPath("$.detail")
                    .value(String.class, detail -> assertThat(detail).doesNotContain("Exception"));
            assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(3));
            gateway.http()
                    .post()
                    .uri("/v1/operations")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(
                            "{\"backend\":\"" + GatewayReplica.BACKEND + "\",\"handle\":\"" + registerRunning() + "\"}")
                    .exchange()
                    .expectStatus()
                    .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            // Streams and waits take a unit of their tenant's quota in Redis first: refused the same way.
            for (String uri : List.of("/v1/events", "/v1/operations/" + ids.get(1) + "?wait=5")) {
                assertThat(gateway.http()
                                .get()
                                .uri(uri)
                                .exchange()
                                .returnResult(byte[].class)
                                .getStatus()
                                .value())
                        .as(uri)
                        .isEqualTo(503);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> statuses.containsKey(503));

            // While Redis is away, something finishes at the backend.
            backend.answer(handles.get(2), succeeded());
            redis.restart();

            await().atMost(Duration.ofSeconds(15)).until(() -> status("/actuator/health/readiness") == 200);
            for (String id : ids) {
                JsonNode op = gateway.http()
                        .get()
                        .uri("/v1/operations/" + id)
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(JsonNode.class)
                        .returnResult()
                        .getResponseBody();
                assertThat(op.get("id").asString()).isEqualTo(id);
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> "SUCCEEDED"
                    .equals(gateway.http()
                            .get()
                            .uri("/v1/operations/" + ids.get(2))
                            .exchange()
                            .expectBody(JsonNode.class)
                            .returnResult()
                            .getResponseBody()
                            .get("state")
                            .asString()));
            Instant resumed = Instant.now();
            await().atMost(Duration.between(Instant.now(), resumed.plusSeconds(10)))
                    .until(() -> handles.subList(0, 2).stream()
                            .allMatch(h -> backend.polls(h).stream().anyMatch(t -> t.isAfter(resumed))));
            // New streams work again.
            StepVerifier.create(gateway.events("/v1/operations/" + ids.get(2) + "/events", null))
                    .assertNext(e -> assertThat(e.data()).contains("SUCCEEDED"))
                    .expectComplete()
                    .verify(Duration.ofSeconds(10));
        } finally {
            load.dispose();
        }
        // Only answers and refusals: never an internal error, never a connection dropped mid-answer.
        assertThat(statuses.keySet()).containsOnly(200, 503);
        assertThat(redis.clients()).isEqualTo(4);
    }
}
