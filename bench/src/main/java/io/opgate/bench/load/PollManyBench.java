package io.opgate.bench.load;

import io.opgate.bench.Options;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The measurements of issue 18 against a running gateway and simulator, one {@code --phase} per run; each prints one
 * tab-separated result line (prefixed {@code RESULT}) and exits. Every wait is bounded.
 *
 * <ul>
 *   <li>{@code discovery}: starts {@code --count} jobs on each of the simulated ONTAP and SolidFire at random moments
 *       within {@code --over} seconds, none registered, and measures, per job, the time from its start to its first
 *       appearance in {@code GET /v1/operations?backend=...} (read every {@code --list-every} ms) and on the firehose
 *       {@code GET /v1/events}.
 *   <li>{@code count}: starts {@code --jobs} long-running jobs on each, waits until the gateway tracks them all (found
 *       by discovery), then counts the requests each simulated backend receives over {@code --window} seconds and
 *       divides by the number of polling intervals ({@code --interval} seconds) in it.
 *   <li>{@code change}: starts {@code --jobs} jobs on the simulated ONTAP, registers each, and measures the time from
 *       each job's end on the backend (its start plus its scripted running time; ends spread over {@code --spread}
 *       seconds from {@code --first-end}) to the firehose event that says it succeeded.
 * </ul>
 */
public final class PollManyBench {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final long HOUR_MS = 3_600_000;

    private final HttpClient http;
    private final HttpClient gateway;
    private final String opgate;
    private final String sim;
    private final String apiKey;

    private PollManyBench(Options o) {
        http = HttpClient.create(ConnectionProvider.builder("poll-many-bench")
                        .maxConnections(64)
                        .pendingAcquireMaxCount(-1)
                        .build())
                .responseTimeout(Duration.ofSeconds(60));
        apiKey = o.string("api-key", "");
        gateway = apiKey.isEmpty() ? http : http.headers(h -> h.add("Authorization", "Bearer " + apiKey));
        opgate = o.required("opgate");
        sim = o.required("sim");
    }

    public static void main(String[] args) {
        Options o = Options.parse(args);
        PollManyBench bench = new PollManyBench(o);
        switch (o.required("phase")) {
            case "discovery" -> bench.discovery(o);
            case "count" -> bench.count(o);
            case "change" -> bench.change(o);
            default -> throw new IllegalArgumentException("--phase is discovery, count or change");
        }
        System.exit(0);
    }

    // ---- discovery: start to appearance -------------------------------------------------------------------------

    private void discovery(Options o) {
        int count = o.integer("count", 50);
        long overMs = o.number("over", 60) * 1000;
        long limitMs = o.number("limit", 60) * 1000;
        long listEvery = o.number("list-every", 200);
        Map<String, String> backendOf =
                Map.of("ontap", o.required("ontap-backend"), "solidfire", o.required("sf-backend"));
        try (Firehose firehose = new Firehose()) {
            firehose.awaitOpen();
            Map<String, Long> started = new ConcurrentHashMap<>();
            Map<String, String> vendorOf = new ConcurrentHashMap<>();
            Map<String, Long> listed = new ConcurrentHashMap<>();
            AtomicBoolean creating = new AtomicBoolean(true);
            Thread lister = new Thread(() -> {
                while (true) {
                    for (String backend : backendOf.values()) {
                        JsonNode page = get(gateway, opgate + "/v1/operations?backend=" + backend + "&pageSize=500");
                        long now = System.currentTimeMillis();
                        if (page != null) {
                            page.path("operations")
                                    .forEach(op ->
                                            listed.putIfAbsent(op.path("handle").asString(), now));
                        }
                    }
                    if (!creating.get() && listed.keySet().containsAll(started.keySet())) {
                        return;
                    }
                    sleep(listEvery);
                }
            });
            lister.setDaemon(true);
            lister.start();
            // Random start moments, both vendors interleaved, in time order.
            Random random = new Random(18);
            List<long[]> plan = new ArrayList<>();
            for (int i = 0; i < 2 * count; i++) {
                plan.add(new long[] {(long) (random.nextDouble() * overMs), i % 2});
            }
            plan.sort((a, b) -> Long.compare(a[0], b[0]));
            long zero = System.currentTimeMillis();
            for (long[] step : plan) {
                sleep(zero + step[0] - System.currentTimeMillis());
                String vendor = step[1] == 0 ? "ontap" : "solidfire";
                long t0 = System.currentTimeMillis();
                String handle = createJobs(vendor, 1, 0, HOUR_MS).get(0);
                started.put(handle, t0);
                vendorOf.put(handle, vendor);
            }
            creating.set(false);
            waitUntil(
                    limitMs,
                    () -> listed.keySet().containsAll(started.keySet())
                            && firehose.firstSeen.keySet().containsAll(started.keySet()));
            lister.interrupt();
            for (String vendor : List.of("ontap", "solidfire")) {
                List<Long> toList = new ArrayList<>();
                List<Long> toFirehose = new ArrayList<>();
                int missing = 0;
                for (Map.Entry<String, Long> job : started.entrySet()) {
                    if (!vendorOf.get(job.getKey()).equals(vendor)) {
                        continue;
                    }
                    Long l = listed.get(job.getKey());
                    Long f = firehose.firstSeen.get(job.getKey());
                    if (l == null || f == null) {
                        missing++;
                        continue;
                    }
                    toList.add(l - job.getValue());
                    toFirehose.add(f - job.getValue());
                }
                System.out.printf(
                        Locale.ROOT,
                        "RESULT\tdiscovery\t%s\tjobs=%d\tmissing=%d\tlist_p50=%s\tlist_p99=%s\tlist_max=%s"
                                + "\tfirehose_p50=%s\tfirehose_p99=%s\tfirehose_max=%s%n",
                        vendor,
                        toList.size() + missing,
                        missing,
                        seconds(percentile(toList, 50)),
                        seconds(percentile(toList, 99)),
                        seconds(percentile(toList, 100)),
                        seconds(percentile(toFirehose, 50)),
                        seconds(percentile(toFirehose, 99)),
                        seconds(percentile(toFirehose, 100)));
            }
        }
    }

    // ---- count: backend requests per interval -----------------------------------------------------------------

    private void count(Options o) {
        int jobs = o.integer("jobs", 2000);
        long intervalMs = o.number("interval", 5) * 1000;
        long windowMs = o.number("window", 60) * 1000;
        long settleMs = o.number("settle", 15) * 1000;
        String ontapBackend = o.required("ontap-backend");
        String sfBackend = o.required("sf-backend");
        long t0 = System.currentTimeMillis();
        createJobs("ontap", jobs, 0, HOUR_MS);
        createJobs("solidfire", jobs, 0, HOUR_MS);
        boolean tracked = waitUntil(600_000, () -> active(ontapBackend) >= jobs && active(sfBackend) >= jobs, 1000);
        long adopted = System.currentTimeMillis() - t0;
        if (!tracked) {
            System.out.printf(
                    Locale.ROOT,
                    "RESULT\tcount\tFAILED: after 600 s the gateway tracks %d / %d%n",
                    active(ontapBackend),
                    active(sfBackend));
            return;
        }
        sleep(settleMs);
        Map<String, Long> before = requests();
        long start = System.nanoTime();
        sleep(windowMs);
        Map<String, Long> after = requests();
        double intervals = (System.nanoTime() - start) / 1e6 / intervalMs;
        System.out.printf(
                Locale.ROOT,
                "RESULT\tcount\tjobs=%d each\tall tracked after %.1f s\tintervals=%.2f\tontap_requests=%d"
                        + "\tontap_per_interval=%.2f\tsolidfire_requests=%d\tsolidfire_per_interval=%.2f%n",
                jobs,
                adopted / 1000.0,
                intervals,
                after.get("ontap") - before.get("ontap"),
                (after.get("ontap") - before.get("ontap")) / intervals,
                after.get("solidfire") - before.get("solidfire"),
                (after.get("solidfire") - before.get("solidfire")) / intervals);
    }

    // ---- change: backend state change to SSE event ------------------------------------------------------------

    private void change(Options o) {
        int jobs = o.integer("jobs", 500);
        int groups = Math.min(jobs, o.integer("groups", 50));
        long firstEndMs = o.number("first-end", 30) * 1000;
        long spreadMs = o.number("spread", 30) * 1000;
        long limitMs = o.number("limit", 60) * 1000;
        String backend = o.required("ontap-backend");
        try (Firehose firehose = new Firehose()) {
            firehose.awaitOpen();
            Map<String, Long> endsAt = new HashMap<>();
            long zero = System.currentTimeMillis();
            for (int g = 0; g < groups; g++) {
                long runningMs =
                        Math.max(5_000, firstEndMs + spreadMs * g / groups - (System.currentTimeMillis() - zero));
                long t0 = System.currentTimeMillis();
                // The job starts when the simulator takes the request, no earlier than t0: measured from t0 + its
                // running time, a latency can only come out longer than it was.
                List<String> handles = createJobs("ontap", jobs / groups, 0, runningMs);
                handles.forEach(handle -> endsAt.put(handle, t0 + runningMs));
                Flux.fromIterable(handles)
                        .flatMap(handle -> register(backend, handle), 16)
                        .blockLast(Duration.ofSeconds(120));
            }
            long registeredMs = System.currentTimeMillis() - zero;
            long lastEnd = Collections.max(endsAt.values());
            waitUntil(
                    lastEnd - System.currentTimeMillis() + limitMs,
                    () -> firehose.succeeded.keySet().containsAll(endsAt.keySet()));
            List<Long> latencies = new ArrayList<>();
            int missing = 0;
            for (Map.Entry<String, Long> job : endsAt.entrySet()) {
                Long seen = firehose.succeeded.get(job.getKey());
                if (seen == null) {
                    missing++;
                } else {
                    latencies.add(seen - job.getValue());
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "RESULT\tchange\tjobs=%d\tmissing=%d\tregistered_in=%.1fs\tp50=%s\tp90=%s\tp99=%s\tmax=%s%n",
                    endsAt.size(),
                    missing,
                    registeredMs / 1000.0,
                    seconds(percentile(latencies, 50)),
                    seconds(percentile(latencies, 90)),
                    seconds(percentile(latencies, 99)),
                    seconds(percentile(latencies, 100)));
        }
    }

    // ---- the firehose ----------------------------------------------------------------------------------------

    /** Every operation event of {@code GET /v1/events}: when each handle was first seen and when it succeeded. */
    private final class Firehose implements AutoCloseable {
        final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
        final Map<String, Long> succeeded = new ConcurrentHashMap<>();
        final AtomicBoolean open = new AtomicBoolean();
        final Disposable subscription;

        Firehose() {
            // On the memory store a stream lasts as long as the gateway; a broken one is opened again (its snapshot
            // then repeats what is known, which changes no first-seen time).
            subscription = Mono.defer(() -> gateway.headers(h -> h.add("Accept", "text/event-stream"))
                            .get()
                            .uri(opgate + "/v1/events")
                            .response((response, body) -> {
                                SseDataLines lines = new SseDataLines(this::record);
                                open.set(response.status().code() == 200);
                                return body.doOnNext(lines::feed).then();
                            })
                            .then())
                    .onErrorResume(e -> Mono.empty())
                    .repeatWhen(ends -> ends.delayElements(Duration.ofMillis(200)))
                    .subscribe();
        }

        private void record(byte[] data) {
            long now = System.currentTimeMillis();
            JsonNode op = JSON.readTree(data);
            String handle = op.path("handle").asString("");
            if (handle.isEmpty()) {
                return;
            }
            firstSeen.putIfAbsent(handle, now);
            if ("SUCCEEDED".equals(op.path("state").asString(""))) {
                succeeded.putIfAbsent(handle, now);
            }
        }

        void awaitOpen() {
            if (!waitUntil(30_000, open::get)) {
                throw new IllegalStateException("the firehose did not open within 30 s");
            }
        }

        @Override
        public void close() {
            subscription.dispose();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private List<String> createJobs(String vendor, int count, long queuedMs, long runningMs) {
        ObjectNode script = JSON.createObjectNode();
        script.put("queuedMs", queuedMs);
        script.put("runningMs", runningMs);
        script.put("outcome", "succeed");
        ObjectNode request = JSON.createObjectNode();
        request.put("vendor", vendor);
        request.put("count", count);
        request.set("script", script);
        JsonNode answer = post(http, sim + "/_sim/operations", request.toString());
        List<String> handles = new ArrayList<>(count);
        answer.get("handles").forEach(h -> handles.add(h.asString()));
        return handles;
    }

    private Mono<JsonNode> register(String backend, String handle) {
        ObjectNode body = JSON.createObjectNode();
        body.put("backend", backend);
        body.put("handle", handle);
        return postLater(gateway, opgate + "/v1/operations", body.toString());
    }

    private long active(String backend) {
        JsonNode backends = get(gateway, opgate + "/v1/backends");
        if (backends != null) {
            for (JsonNode b : backends) {
                if (b.path("name").asString("").equals(backend)) {
                    return b.path("activeOperations").asLong();
                }
            }
        }
        return -1;
    }

    private Map<String, Long> requests() {
        JsonNode vendors = get(http, sim + "/_sim/stats").get("vendors");
        return Map.of(
                "ontap", vendors.path("ontap").path("requests").asLong(),
                "solidfire", vendors.path("solidfire").path("requests").asLong());
    }

    private static JsonNode post(HttpClient client, String url, String body) {
        return postLater(client, url, body).block(Duration.ofSeconds(120));
    }

    private static Mono<JsonNode> postLater(HttpClient client, String url, String body) {
        return client.headers(h -> h.add("Content-Type", "application/json"))
                .post()
                .uri(url)
                .send(ByteBufFlux.fromString(Mono.just(body)))
                .responseSingle((response, content) -> content.asString().map(text -> {
                    int status = response.status().code();
                    if (status != 200 && status != 201) {
                        throw new IllegalStateException(url + " answered " + status + ": " + text);
                    }
                    return JSON.readTree(text);
                }));
    }

    private static JsonNode get(HttpClient client, String url) {
        return client.get()
                .uri(url)
                .responseSingle((response, content) -> content.asString()
                        .map(text -> response.status().code() == 200 ? JSON.readTree(text) : JSON.nullNode()))
                .onErrorResume(e -> Mono.empty())
                .block(Duration.ofSeconds(60));
    }

    private static boolean waitUntil(long ms, BooleanSupplier condition) {
        return waitUntil(ms, condition, 100);
    }

    private static boolean waitUntil(long ms, BooleanSupplier condition, long every) {
        long deadline = System.currentTimeMillis() + ms;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            sleep(every);
        }
        return true;
    }

    private static void sleep(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The {@code p}th percentile (nearest rank) of {@code values} in ms, or -1 when there are none. */
    static long percentile(List<Long> values, int p) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static String seconds(long ms) {
        return ms < 0 ? "-" : String.format(Locale.ROOT, "%.2fs", ms / 1000.0);
    }
}
