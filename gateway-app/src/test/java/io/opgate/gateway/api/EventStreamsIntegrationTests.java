package io.opgate.gateway.api;

import static io.opgate.gateway.support.ScriptedAdapter.running;
import static io.opgate.gateway.support.ScriptedAdapter.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opgate.gateway.support.GatewayIntegrationTest;
import io.opgate.gateway.support.ScriptedAdapter;
import io.opgate.gateway.support.ScriptedAdapterFactory;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.FluxExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@GatewayIntegrationTest
class EventStreamsIntegrationTests {

    static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {};
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    WebTestClient http;

    @LocalServerPort
    int port;

    @Autowired
    io.opgate.gateway.events.EventHub hub;

    final ScriptedAdapter lab = ScriptedAdapterFactory.adapter("lab");

    String register(String handle, String run) {
        return http.post()
                .uri("/v1/operations")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"backend\":\"lab\",\"handle\":\"" + handle + "\",\"labels\":{\"run\":\"" + run + "\"}}")
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("id")
                .asString();
    }

    FluxExchangeResult<ServerSentEvent<String>> stream(String uri, String lastEventId) {
        WebTestClient.RequestHeadersSpec<?> request = http.get().uri(uri).accept(MediaType.TEXT_EVENT_STREAM);
        if (lastEventId != null) {
            request = request.header("Last-Event-ID", lastEventId);
        }
        return request.exchange().expectStatus().isOk().returnResult(SSE);
    }

    static Flux<ServerSentEvent<String>> events(FluxExchangeResult<ServerSentEvent<String>> result) {
        return result.getResponseBody().filter(e -> e.event() != null);
    }

    /** The memory feed's cursors are {@code <epoch>-<sequence>}. */
    static long sequence(String cursor) {
        return Long.parseLong(cursor.substring(cursor.lastIndexOf('-') + 1));
    }

    static JsonNode data(ServerSentEvent<String> event) {
        return JSON.readTree(event.data());
    }

    @Test
    void oneOperationStreamsItsSnapshotThenEachChangeAndEndsAfterTheTerminalOne() {
        String handle = "s-" + UUID.randomUUID();
        lab.answer(handle, running(10));
        String id = register(handle, "one");
        FluxExchangeResult<ServerSentEvent<String>> result = stream("/v1/operations/" + id + "/events", null);
        assertThat(result.getResponseHeaders().getContentType().isCompatibleWith(MediaType.TEXT_EVENT_STREAM))
                .isTrue();
        assertThat(result.getResponseHeaders().getCacheControl()).isEqualTo("no-cache");
        assertThat(result.getResponseHeaders().getFirst("X-Accel-Buffering")).isEqualTo("no");

        StepVerifier.create(events(result))
                .assertNext(e -> {
                    assertThat(e.event()).isEqualTo("operation");
                    assertThat(e.id()).isEqualTo("1");
                    assertThat(data(e).get("progress").get("percent").asDouble())
                            .isEqualTo(10.0);
                    assertThat(e.data()).doesNotContain("\n");
                    lab.answer(handle, running(50));
                })
                .assertNext(e -> {
                    assertThat(e.id()).isEqualTo("2");
                    assertThat(data(e).get("progress").get("percent").asDouble())
                            .isEqualTo(50.0);
                    lab.answer(handle, succeeded());
                })
                .assertNext(e -> {
                    assertThat(e.id()).isEqualTo("3");
                    assertThat(data(e).get("state").asString()).isEqualTo("SUCCEEDED");
                    assertThat(data(e).get("done").asBoolean()).isTrue();
                })
                .expectComplete()
                .verify(Duration.ofSeconds(20));
    }

    @Test
    void lastEventIdSkipsWhatTheClientHas() {
        String handle = "l-" + UUID.randomUUID();
        lab.answer(handle, succeeded());
        String id = register(handle, "last");
        // Done at version 1: a client that has version 1 gets nothing and the stream ends at once.
        StepVerifier.create(events(stream("/v1/operations/" + id + "/events", "1")))
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        StepVerifier.create(events(stream("/v1/operations/" + id + "/events", "0")))
                .assertNext(e -> assertThat(e.id()).isEqualTo("1"))
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        StepVerifier.create(events(stream("/v1/operations/" + id + "/events?lastEventId=1", null)))
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        http.get()
                .uri("/v1/operations/" + id + "/events")
                .header("Last-Event-ID", "x")
                .exchange()
                .expectStatus()
                .isBadRequest();
        http.get()
                .uri("/v1/operations/nosuchid/events")
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void theAllOperationsStreamResumesAfterItsCursorWithoutMissingAChange() {
        String run = "resume-" + UUID.randomUUID();
        String handle = run + "-a";
        lab.answer(handle, running(1));
        String id = register(handle, run);
        List<ServerSentEvent<String>> first = events(stream("/v1/events?label=run:" + run, null))
                .take(2)
                .doOnNext(e -> {
                    if (data(e).get("progress").get("percent").asDouble() == 1.0) {
                        lab.answer(handle, running(2));
                    }
                })
                .collectList()
                .block(Duration.ofSeconds(20));
        assertThat(first).extracting(e -> data(e).get("version").asLong()).containsExactly(1L, 2L);
        String cursor = first.get(1).id();

        // Changes while the client is away.
        lab.answer(handle, running(3));
        awaitVersion(id, 3);
        lab.answer(handle, succeeded());
        awaitVersion(id, 4);

        List<ServerSentEvent<String>> resumed = events(stream("/v1/events?label=run:" + run, cursor))
                .take(2)
                .collectList()
                .block(Duration.ofSeconds(20));
        assertThat(resumed).extracting(e -> data(e).get("version").asLong()).containsExactly(3L, 4L);
        assertThat(sequence(resumed.get(0).id())).isGreaterThan(sequence(cursor));
        assertThat(data(resumed.get(1)).get("done").asBoolean()).isTrue();
    }

    void awaitVersion(String id, long version) {
        http.get()
                .uri("/v1/operations/" + id + "?wait=20&after=" + (version - 1))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.version")
                .isEqualTo((int) version);
    }

    @Test
    void anUnknownOrExpiredCursorGetsResetThenTheSnapshotOfActiveOperations() {
        String run = "reset-" + UUID.randomUUID();
        lab.answer(run + "-a", running(1)).answer(run + "-b", running(1)).answer(run + "-c", succeeded());
        String a = register(run + "-a", run);
        String b = register(run + "-b", run);
        register(run + "-c", run);
        List<ServerSentEvent<String>> events = stream("/v1/events?label=run:" + run, "999999999")
                .getResponseBody()
                .filter(e -> e.event() != null)
                .take(3)
                .collectList()
                .block(Duration.ofSeconds(20));
        assertThat(events.get(0).event()).isEqualTo("reset");
        assertThat(events.subList(1, 3))
                .extracting(e -> data(e).get("id").asString())
                .containsExactlyInAnyOrder(a, b);

        // The feed keeps 50 changes in these tests: a cursor that fell out of it is reset too.
        for (int i = 0; i < 60; i++) {
            lab.answer("churn-" + run + i, succeeded());
            register("churn-" + run + i, "churn");
        }
        StepVerifier.create(stream("/v1/events?label=run:" + run, "1")
                        .getResponseBody()
                        .filter(e -> e.event() != null))
                .assertNext(e -> assertThat(e.event()).isEqualTo("reset"))
                .expectNextCount(2)
                .thenCancel()
                .verify(Duration.ofSeconds(20));
    }

    @Test
    void idleStreamsCarryKeepaliveComments() {
        String handle = "k-" + UUID.randomUUID();
        lab.answer(handle, running(1));
        String id = register(handle, "keepalive");
        StepVerifier.create(stream("/v1/operations/" + id + "/events", "1")
                        .getResponseBody()
                        .filter(e -> "keepalive".equals(e.comment())))
                .expectNextCount(2)
                .thenCancel()
                .verify(Duration.ofSeconds(10));
        StepVerifier.create(stream("/v1/events?label=run:none", null)
                        .getResponseBody()
                        .filter(e -> "keepalive".equals(e.comment())))
                .expectNextCount(1)
                .thenCancel()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void aReaderThatReadsNothingDoesNotHoldUpOthers() throws Exception {
        String run = "slow-" + UUID.randomUUID();
        List<String> handles = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            handles.add(run + "-" + i);
            lab.answer(run + "-" + i, running(0));
        }
        try (Socket stalled = new Socket("127.0.0.1", port)) {
            stalled.setReceiveBufferSize(1024);
            OutputStream out = stalled.getOutputStream();
            out.write(("GET /v1/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = stalled.getInputStream();
            in.read(new byte[64]);

            List<String> done = new CopyOnWriteArrayList<>();
            Disposable fast = events(stream("/v1/events?label=run:" + run, null))
                    .filter(e -> data(e).get("done").asBoolean())
                    .subscribe(e -> done.add(data(e).get("id").asString()));
            String padding = "p".repeat(400);
            for (String handle : handles) {
                register(handle, run);
            }
            // Many changes with large events, each seen by a poll, to fill the stalled client's socket and queue.
            for (int step = 1; step <= 30; step++) {
                lab.answerAndAwaitPolls(
                        handles,
                        ScriptedAdapter.observed(io.opgate.contracts.spi.Observation.builder(
                                        io.opgate.contracts.model.OperationState.RUNNING)
                                .progress(io.opgate.contracts.model.Progress.of(
                                        (double) step, null, null, padding + step))
                                .build()),
                        Duration.ofSeconds(10));
            }
            handles.forEach(h -> lab.answer(h, succeeded()));
            await().atMost(Duration.ofSeconds(20)).until(() -> done.size() >= handles.size());
            fast.dispose();
            assertThat(done).hasSize(handles.size());
        }
    }

    @Test
    void twoHundredWatchersOfOneOperationCauseOnePollPerInterval() {
        String handle = "w-" + UUID.randomUUID();
        lab.answer(handle, running(1));
        String id = register(handle, "watchers");
        List<Disposable> watchers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            watchers.add(
                    events(stream("/v1/operations/" + id + "/events", null)).subscribe());
        }
        await("watchers connected").atMost(Duration.ofSeconds(20)).until(() -> hub.clients() >= 200);
        int before = lab.polls(handle).size();
        // Watched interval 300 ms, plus up to one 100 ms scheduler tick, whatever the number of watchers: the next ten
        // polls come within 4 s (6 s is the bound), nine intervals of at least 270 ms apart by the polls' own times
        // (200 uncoalesced watchers would make thousands of polls, at once).
        List<Instant> polls = await("ten more polls at the watched cadence")
                .atMost(Duration.ofSeconds(6))
                .until(() -> lab.polls(handle), all -> all.size() >= before + 10);
        watchers.forEach(Disposable::dispose);
        assertThat(Duration.between(polls.get(before), polls.get(before + 9)))
                .isGreaterThanOrEqualTo(Duration.ofMillis(9 * 270));
    }
}
