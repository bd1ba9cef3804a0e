package io.opgate.gateway.api;

import static io.opgate.gateway.support.ScriptedAdapter.running;
import static io.opgate.gateway.support.ScriptedAdapter.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.contracts.model.OperationState;
import io.opgate.contracts.model.Progress;
import io.opgate.contracts.spi.Observation;
import io.opgate.gateway.events.EventHub;
import io.opgate.gateway.support.GatewayIntegrationTest;
import io.opgate.gateway.support.ScriptedAdapter;
import io.opgate.gateway.support.ScriptedAdapterFactory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** How changes reach many stream clients: made into frames once, and paced per connection (issue 14). */
@GatewayIntegrationTest
class StreamDeliveryIntegrationTests {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    WebTestClient http;

    @LocalServerPort
    int port;

    @Autowired
    EventHub hub;

    @Autowired
    SseFrames frames;

    @Autowired
    OpenStreams open;

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

    Flux<ServerSentEvent<String>> events(String uri) {
        return http.get()
                .uri(uri)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(EventStreamsIntegrationTests.SSE)
                .getResponseBody()
                .filter(e -> e.event() != null);
    }

    static JsonNode data(ServerSentEvent<String> event) {
        return JSON.readTree(event.data());
    }

    @Test
    void eachChangeIsMadeIntoAFrameOnceHoweverManyClientsGetIt() {
        String run = "once-" + UUID.randomUUID();
        String handle = run + "-h";
        lab.answer(handle, running(10));
        String id = register(handle, run);
        int clients = 40;
        Map<Integer, List<String>> received = new ConcurrentHashMap<>();
        List<Disposable> streams = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            List<String> mine = new CopyOnWriteArrayList<>();
            received.put(i, mine);
            String uri = i % 2 == 0 ? "/v1/operations/" + id + "/events" : "/v1/events?label=run:" + run;
            streams.add(
                    events(uri).subscribe(e -> mine.add(data(e).get("version").asString())));
        }
        try {
            // Every client has the snapshot (version 1) before the operation changes.
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> received.values().stream()
                    .allMatch(l -> l.contains("1")));
            long before = frames.made();
            lab.answer(handle, running(60));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> received.values().stream()
                    .allMatch(l -> l.contains("2")));
            lab.answer(handle, succeeded());
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> received.values().stream()
                    .allMatch(l -> l.contains("3")));
            received.values().forEach(l -> assertThat(l).containsExactly("1", "2", "3"));
            // Two changes, each made once for the per-operation clients (id = version) and once for the
            // all-operations clients (id = cursor): 4 frames for 40 clients and 80 deliveries.
            assertThat(frames.made() - before).isEqualTo(4);
        } finally {
            streams.forEach(Disposable::dispose);
        }
    }

    @Test
    void aClientThatStopsReadingHoldsABoundedBufferWhileItsChangesConflateInItsQueue() throws Exception {
        String run = "paced-" + UUID.randomUUID();
        List<String> handles = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            handles.add(run + "-" + i);
            lab.answer(run + "-" + i, running(0));
        }
        String padding = "p".repeat(2000);
        long conflatedBefore = hub.conflated();
        AtomicLong largest = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        try (Socket stalled = new Socket()) {
            // A small receive window, so that the server's socket fills soon and the rest stays with the server.
            stalled.setReceiveBufferSize(2048);
            stalled.connect(new InetSocketAddress("127.0.0.1", port));
            OutputStream out = stalled.getOutputStream();
            out.write(("GET /v1/events?label=run:" + run
                            + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(stalled.getInputStream(), StandardCharsets.UTF_8), 64);
            assertThat(in.readLine()).startsWith("HTTP/1.1 200");
            sampler.scheduleAtFixedRate(
                    () -> largest.accumulateAndGet(open.largestBuffer(), Math::max), 0, 10, TimeUnit.MILLISECONDS);

            Set<String> doneForFast = ConcurrentHashMap.newKeySet();
            Disposable fast = events("/v1/events?label=run:" + run)
                    .filter(e -> data(e).get("done").asBoolean())
                    .subscribe(e -> doneForFast.add(data(e).get("id").asString()));
            for (String handle : handles) {
                register(handle, run);
            }
            for (int step = 1; step <= 25; step++) {
                lab.answerAndAwaitPolls(
                        handles,
                        ScriptedAdapter.observed(Observation.builder(OperationState.RUNNING)
                                .progress(Progress.of((double) step, null, null, padding + step))
                                .build()),
                        Duration.ofSeconds(10));
            }
            handles.forEach(h -> lab.answer(h, succeeded()));
            // The reader that keeps up gets every terminal event while the other one reads nothing.
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> doneForFast.size() == handles.size());
            fast.dispose();
            sampler.shutdown();
            sampler.awaitTermination(5, TimeUnit.SECONDS);

            // What the stalled client could not take waited in its conflating queue, where newer versions replaced
            // older ones; its connection never held more than the high-water mark and one frame (and a keepalive).
            assertThat(hub.conflated() - conflatedBefore).isPositive();
            long oneFrame = padding.length() + 2048;
            assertThat(largest.get())
                    .isPositive()
                    .isLessThanOrEqualTo(StreamOutlet.STREAM_WATER_MARK.high() + oneFrame);

            // Reading again, it gets the latest versions: never an older one after a newer one, every terminal one.
            stalled.setSoTimeout(30_000);
            Map<String, List<Long>> versions = new HashMap<>();
            Set<String> done = new java.util.HashSet<>();
            int events = 0;
            while (done.size() < handles.size()) {
                String line = in.readLine();
                assertThat(line)
                        .as("the stream goes on until every terminal event")
                        .isNotNull();
                if (line.startsWith("data:")) {
                    JsonNode op = JSON.readTree(line.substring("data:".length()));
                    events++;
                    versions.computeIfAbsent(op.get("id").asString(), k -> new ArrayList<>())
                            .add(op.get("version").asLong());
                    if (op.get("done").asBoolean()) {
                        done.add(op.get("id").asString());
                    }
                }
            }
            versions.values().forEach(list -> assertThat(list).isSorted().doesNotHaveDuplicates());
            assertThat(versions).hasSize(handles.size());
            // 20 operations went through 27 versions each; the stalled client skipped some of them.
            assertThat(events).isLessThan(handles.size() * 27);
        } finally {
            sampler.shutdownNow();
        }
    }
}
