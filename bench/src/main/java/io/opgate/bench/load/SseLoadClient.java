package io.opgate.bench.load;

import io.opgate.bench.Options;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Holds many SSE clients on one event loop group: {@code --all} on {@code /v1/events}, {@code --per-op} spread over
 * the operations in {@code --ids}, {@code --idle} spread over those in {@code --idle-ids} (operations that do not
 * change: connections held, nothing to deliver), plus {@code --slow} clients on {@code /v1/events} that never read. Prints
 * {@code READY} once every client is connected, then measures delivery latency (see {@link Latencies}) of the
 * changes made in the window {@code [--measure-from, +--measure)} (epoch ms; default: {@code --settle} s after
 * READY), prints one JSON line and exits. Every wait is bounded.
 */
public final class SseLoadClient {

    private SseLoadClient() {}

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        URI url = URI.create(o.required("url"));
        List<String> ids = Files.readAllLines(Path.of(o.required("ids")));
        int all = o.integer("all", 0);
        int perOp = o.integer("per-op", 0);
        int slow = o.integer("slow", 0);
        int idle = o.integer("idle", 0);
        String idleFile = o.string("idle-ids", "");
        List<String> idleIds = idleFile.isEmpty() ? List.of() : Files.readAllLines(Path.of(idleFile));
        int threads = o.integer("threads", Runtime.getRuntime().availableProcessors());
        Duration connectBudget = o.seconds("connect-timeout", 180);
        long settleMs = o.number("settle", 10) * 1000;
        long measureMs = o.number("measure", 30) * 1000;
        long measureFrom = o.number("measure-from", 0);
        String label = o.string("label", "run");
        String apiKey = o.string("api-key", "");

        LoopResources loops = LoopResources.create("sse-load", threads, true);
        HttpClient client = HttpClient.create(ConnectionProvider.newConnection())
                .runOn(loops)
                .baseUrl(url.toString())
                .headers(h -> {
                    h.add("Accept", "text/event-stream");
                    // --api-key: opgate with authentication on (the bare server ignores it)
                    if (!apiKey.isEmpty()) {
                        h.add("Authorization", "Bearer " + apiKey);
                    }
                });
        AtomicInteger connected = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        LongAdder events = new LongAdder();
        Latencies[] window = new Latencies[1];
        if (measureFrom > 0) {
            // Known in advance: changes delivered while clients are still connecting count too.
            window[0] = new Latencies(measureFrom * 1000, (measureFrom + measureMs) * 1000);
        }
        ConcurrentLinkedQueue<Disposable> streams = new ConcurrentLinkedQueue<>();

        SlowClients slowClients = new SlowClients();
        long started = System.nanoTime();
        int slowOpened = slowClients.open(url.getHost(), url.getPort(), "/v1/events", apiKey, slow);

        int fast = all + perOp + idle;
        Flux.range(0, fast)
                .flatMap(
                        i -> {
                            String path = i < all
                                    ? "/v1/events"
                                    : i < all + perOp
                                            ? "/v1/operations/" + ids.get((i - all) % ids.size()) + "/events"
                                            : "/v1/operations/" + idleIds.get((i - all - perOp) % idleIds.size())
                                                    + "/events";
                            return open(client, path, connected, failed, events, window, streams);
                        },
                        o.integer("connect-concurrency", 256))
                .then()
                .block(connectBudget);
        double connectSeconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "READY connected=%d failed=%d slow=%d in %.1f s%n",
                connected.get(),
                failed.get(),
                slowOpened,
                connectSeconds);
        System.out.flush();

        long now = System.currentTimeMillis();
        long from = measureFrom > 0 ? measureFrom : now + settleMs;
        boolean late = from < now;
        if (window[0] == null) {
            window[0] = new Latencies(from * 1000, (from + measureMs) * 1000);
        }
        Thread.sleep(Math.max(0, from + measureMs - now) + 2000);
        Latencies l = window[0];
        String line = String.format(
                Locale.ROOT,
                "{\"label\":\"%s\",\"clients\":%d,\"connected\":%d,\"failed\":%d,\"slow\":%d,"
                        + "\"connectSeconds\":%.1f,\"late\":%b,\"measureSeconds\":%d,\"eventsPerSecond\":%.0f,%s}",
                label,
                fast + slow,
                connected.get(),
                failed.get(),
                slowOpened,
                connectSeconds,
                late,
                measureMs / 1000,
                l.count() / (measureMs / 1000.0),
                l.jsonFields());
        System.out.println("RESULT " + line);
        String out = o.string("out", "");
        if (!out.isEmpty()) {
            append(Path.of(out), line);
        }
        streams.forEach(Disposable::dispose);
        slowClients.close();
        loops.disposeLater(Duration.ZERO, Duration.ofSeconds(2)).block(Duration.ofSeconds(10));
        System.exit(0);
    }

    /** Opens one stream; the Mono ends when its headers arrived (or it failed), the stream goes on. */
    private static Mono<Void> open(
            HttpClient client,
            String path,
            AtomicInteger connected,
            AtomicInteger failed,
            LongAdder events,
            Latencies[] window,
            ConcurrentLinkedQueue<Disposable> streams) {
        return Mono.create(sink -> {
            boolean[] opened = {false};
            SseDataLines lines = new SseDataLines(data -> {
                long received = Latencies.nowMicros();
                events.increment();
                Latencies l = window[0];
                if (l != null) {
                    long changed = UpdatedAt.micros(data);
                    if (changed > 0) {
                        l.record(changed, received);
                    }
                }
            });
            streams.add(client.get()
                    .uri(path)
                    .response((response, body) -> {
                        opened[0] = true;
                        if (response.status().code() == 200) {
                            connected.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                        sink.success();
                        return body.doOnNext(lines::feed);
                    })
                    .subscribe(ignored -> {}, e -> {
                        if (!opened[0]) {
                            failed.incrementAndGet();
                        }
                        sink.success();
                    }));
        });
    }

    static void append(Path file, String line) throws IOException {
        Files.writeString(file, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
