package io.opgate.bench.bare;

import io.opgate.bench.Options;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A bare SSE broadcaster on Reactor Netty: each operation changes once a second, the changes spread evenly over the
 * second or, with {@code --burst true}, all at once (as opgate sees them: it polls a poll-many backend's operations
 * in one request, so a second's changes arrive together). Every change is serialized once and written to the clients
 * of {@code /v1/events} and of {@code /v1/operations/{id}/events}; the operations of {@code --idle-ids} take clients
 * but never change. The event carries opgate's own operation JSON with {@code updatedAt} set to the moment of the
 * change, so one load client measures both servers the same way.
 */
public final class BareSseServer implements AutoCloseable {

    private final Map<String, Sinks.Many<byte[]>> byOperation = new LinkedHashMap<>();
    private final Sinks.Many<byte[]> all = Sinks.many().multicast().directBestEffort();
    private final ObjectMapper json = JsonMapper.builder().build();
    private final ObjectNode template;
    private final List<String> ids;
    private final DisposableServer server;
    private final Disposable ticking;
    private long version;

    private BareSseServer(int port, List<String> ids, List<String> idleIds, String templateJson, boolean burst) {
        this.ids = ids;
        this.template = (ObjectNode) json.readTree(templateJson);
        // Idle operations take clients but never change.
        idleIds.forEach(id -> byOperation.put(id, Sinks.many().multicast().directBestEffort()));
        ids.forEach(id -> byOperation.put(id, Sinks.many().multicast().directBestEffort()));
        byte[] hello = ": bare\nretry: 3000\n\n".getBytes(StandardCharsets.UTF_8);
        this.server = HttpServer.create()
                .host("127.0.0.1")
                .port(port)
                .route(routes -> routes.get("/v1/events", (request, response) -> response.sse()
                                .sendByteArray(Flux.concat(Mono.just(hello), all.asFlux())))
                        .get("/v1/operations/{id}/events", (request, response) -> {
                            Sinks.Many<byte[]> one = byOperation.get(request.param("id"));
                            if (one == null) {
                                return response.sendNotFound();
                            }
                            return response.sse().sendByteArray(Flux.concat(Mono.just(hello), one.asFlux()));
                        }))
                .bindNow();
        // Spread: one tick per change, K operations each changing once a second means a change every 1/K s.
        long periodNanos = burst ? 1_000_000_000L : Math.max(1, 1_000_000_000L / Math.max(1, ids.size()));
        this.ticking = Flux.interval(Duration.ofNanos(periodNanos), Schedulers.newSingle("bare-sse-ticks"))
                .onBackpressureDrop()
                .subscribe(tick -> {
                    if (burst) {
                        for (int i = 0; i < ids.size(); i++) {
                            change(i);
                        }
                    } else {
                        change(tick);
                    }
                });
    }

    public static BareSseServer start(
            int port, List<String> ids, List<String> idleIds, String templateJson, boolean burst) {
        return new BareSseServer(port, ids, idleIds, templateJson, burst);
    }

    public int port() {
        return server.port();
    }

    private void change(long tick) {
        String id = ids.get((int) (tick % ids.size()));
        ObjectNode op = template.deepCopy();
        op.put("id", id);
        op.put("version", ++version);
        op.put("updatedAt", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        byte[] event = ("id: " + version + "\nevent: operation\ndata: " + json.writeValueAsString(op) + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
        all.tryEmitNext(event);
        byOperation.get(id).tryEmitNext(event);
    }

    @Override
    public void close() {
        ticking.dispose();
        server.disposeNow();
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        List<String> ids = Files.readAllLines(Path.of(o.required("ids")));
        String template = Files.readString(Path.of(o.required("template")));
        String idle = o.string("idle-ids", "");
        List<String> idleIds = idle.isEmpty() ? List.of() : Files.readAllLines(Path.of(idle));
        BareSseServer bare = start(
                o.integer("port", 8092), ids, idleIds, template, Boolean.parseBoolean(o.string("burst", "false")));
        System.out.println("bare SSE server on 127.0.0.1:" + bare.port() + ", " + ids.size() + " operations");
        bare.server.onDispose().block();
    }
}
