package io.opgate.bench.load;

import io.opgate.bench.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Watches the operations in {@code --ids}, round robin: {@code --sse} per-operation streams and {@code --wait}
 * long-poll loops ({@code GET /v1/operations/{id}?wait=30&after=V}, again at once after each answer). Prints
 * {@code READY} once the streams are open and the loops started, then holds them for {@code --duration} s and
 * exits.
 */
public final class Watchers {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private Watchers() {}

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        List<String> ids = Files.readAllLines(Path.of(o.required("ids")));
        int sse = o.integer("sse", 0);
        int waits = o.integer("wait", 0);
        // Where in the list this process starts, so that several processes together watch every operation.
        int offset = o.integer("offset", 0);
        long deadline = System.currentTimeMillis() + o.number("duration", 60) * 1000;
        LoopResources loops = LoopResources.create("watchers", 2, true);
        // --api-key: opgate with authentication on
        String apiKey = o.string("api-key", "");
        HttpClient streams = authorized(
                HttpClient.create(ConnectionProvider.newConnection())
                        .runOn(loops)
                        .baseUrl(o.required("url")),
                apiKey);
        ConnectionProvider pool = ConnectionProvider.builder("wait")
                .maxConnections(waits + 16)
                .pendingAcquireMaxCount(-1)
                .build();
        HttpClient polls = authorized(HttpClient.create(pool).runOn(loops).baseUrl(o.required("url")), apiKey);
        AtomicInteger open = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        LongAdder events = new LongAdder();
        LongAdder answers = new LongAdder();
        ConcurrentLinkedQueue<Disposable> running = new ConcurrentLinkedQueue<>();

        Flux.range(0, sse)
                .flatMap(
                        i -> Mono.<Void>create(sink -> running.add(streams.get()
                                .uri("/v1/operations/" + ids.get((offset + i) % ids.size()) + "/events")
                                .response((response, body) -> {
                                    if (response.status().code() == 200) {
                                        open.incrementAndGet();
                                    } else {
                                        failed.incrementAndGet();
                                    }
                                    sink.success();
                                    return body.doOnNext(b -> events.increment());
                                })
                                .subscribe(ignored -> {}, e -> sink.success()))),
                        256)
                .then()
                .block(Duration.ofSeconds(120));
        for (int i = 0; i < waits; i++) {
            // After the streams' operations, so that M >= K watches every operation.
            String id = ids.get((offset + sse + i) % ids.size());
            running.add(Flux.defer(() -> longPoll(polls, id, 0))
                    .expand(version ->
                            System.currentTimeMillis() < deadline ? longPoll(polls, id, version) : Mono.empty())
                    .subscribe(v -> answers.increment(), e -> failed.incrementAndGet()));
        }
        System.out.println("READY streams=" + open.get() + " waitLoops=" + waits + " failed=" + failed.get());
        System.out.flush();
        Thread.sleep(Math.max(0, deadline - System.currentTimeMillis()));
        System.out.println("DONE streams=" + open.get() + " streamChunks=" + events.sum() + " waitAnswers="
                + answers.sum() + " failed=" + failed.get());
        running.forEach(Disposable::dispose);
        System.exit(0);
    }

    private static Mono<Long> longPoll(HttpClient http, String id, long after) {
        return http.get()
                .uri("/v1/operations/" + id + "?wait=30&after=" + after)
                .responseSingle((response, body) -> body.asString())
                .map(text -> {
                    JsonNode op = JSON.readTree(text);
                    return op.path("version").asLong(after);
                });
    }

    private static HttpClient authorized(HttpClient client, String apiKey) {
        return apiKey.isEmpty() ? client : client.headers(h -> h.add("Authorization", "Bearer " + apiKey));
    }
}
