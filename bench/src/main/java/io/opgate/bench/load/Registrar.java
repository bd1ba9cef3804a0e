package io.opgate.bench.load;

import io.opgate.bench.Options;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * Creates {@code --count} operations on the simulator ({@code POST /_sim/operations}) and registers each with opgate
 * ({@code POST /v1/operations}, with {@code --api-key} when given), {@code --concurrency} at a time; writes the gateway
 * ids to {@code --out}, one a line.
 */
public final class Registrar {

    private static final int SIM_BATCH = 50_000;
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private Registrar() {}

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        int count = o.integer("count", 1);
        int concurrency = o.integer("concurrency", 64);
        String backend = o.required("backend");
        ConnectionProvider pool = ConnectionProvider.builder("register")
                .maxConnections(concurrency)
                .pendingAcquireMaxCount(-1)
                .build();
        HttpClient http = HttpClient.create(pool).responseTimeout(Duration.ofSeconds(60));
        // Sent to opgate only (--api-key: a key with the write role); none when authentication is off.
        String apiKey = o.string("api-key", "");
        HttpClient gateway = apiKey.isEmpty() ? http : http.headers(h -> h.add("Authorization", "Bearer " + apiKey));

        ObjectNode script = JSON.createObjectNode();
        script.put("queuedMs", o.number("queued-ms", 0));
        script.put("runningMs", o.number("running-ms", 3_600_000));
        script.put("outcome", o.string("outcome", "succeed"));
        List<String> handles = new ArrayList<>(count);
        for (int made = 0; made < count; made += SIM_BATCH) {
            ObjectNode request = JSON.createObjectNode();
            request.put("vendor", o.string("vendor", "ontap"));
            request.put("count", Math.min(SIM_BATCH, count - made));
            request.set("script", script);
            JsonNode answer = post(http, o.required("sim") + "/_sim/operations", request.toString())
                    .block(Duration.ofSeconds(120));
            answer.get("handles").forEach(h -> handles.add(h.asString()));
        }

        long started = System.nanoTime();
        List<String> ids = Flux.fromIterable(handles)
                .flatMapSequential(
                        handle -> {
                            ObjectNode body = JSON.createObjectNode();
                            body.put("backend", backend);
                            body.put("handle", handle);
                            return post(gateway, o.required("opgate") + "/v1/operations", body.toString())
                                    .map(op -> op.get("id").asString());
                        },
                        concurrency)
                .collectList()
                .block(Duration.ofMinutes(10));
        double seconds = (System.nanoTime() - started) / 1e9;
        Files.write(Path.of(o.required("out")), ids, StandardCharsets.UTF_8);
        System.out.printf(
                Locale.ROOT,
                "registered %d operations in %.1f s (%.0f/s)%n",
                ids.size(),
                seconds,
                ids.size() / seconds);
        pool.disposeLater().block(Duration.ofSeconds(10));
        System.exit(0);
    }

    private static Mono<JsonNode> post(HttpClient http, String url, String body) {
        return http.headers(h -> h.add("Content-Type", "application/json"))
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
}
