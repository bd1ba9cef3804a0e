package io.opgate.simulator;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The simulator's own HTTP API under {@code /_sim}, for scripts and benchmarks that do not run in
 * the same JVM:
 *
 * <ul>
 *   <li>{@code POST /_sim/operations} {@code {"vendor":"ontap","script":{"queuedMs":..,"runningMs":..,
 *       "outcome":"succeed|fail|cancel|vanish|pause"}}} answers {@code {"handle":".."}}; with
 *       {@code "count":N} it creates N and answers {@code {"handles":[..]}}; {@code "script":{"random":true,
 *       "seed":S}} uses {@link Script#random}. Optional script fields: {@code pausedMs}, {@code code},
 *       {@code message}, {@code type}, {@code cancellable}, {@code wrapped}.
 *   <li>{@code PUT /_sim/faults/{vendor}} {@code {"latencyMs","errorRate","retryAfterSeconds","garbageRate",
 *       "resetRate","down","throttleRate","foreign404Rate","errorAnswerRate","rejectTokens",
 *       "asyncHandleDoesNotExist"}} replaces that vendor's faults (absent fields mean none; see {@link Faults});
 *       {@code GET} reads them.
 *   <li>{@code GET /_sim/stats}: operations held and requests received per vendor, IAM tokens issued.
 * </ul>
 */
final class ControlApi {
    static final String PREFIX = "_sim";
    private static final int MAX_BATCH = 200_000;

    private final Simulator simulator;

    ControlApi(Simulator simulator) {
        this.simulator = simulator;
    }

    Mono<SimResponse> handle(SimRequest request) {
        return Mono.fromSupplier(() -> {
            try {
                return answer(request);
            } catch (IllegalArgumentException e) {
                return problem(400, e.getMessage());
            }
        });
    }

    private SimResponse answer(SimRequest request) {
        String path = request.rawPath();
        String method = request.method();
        if (path.equals("/_sim/operations") && method.equals("POST")) {
            return createOperations(body(request));
        }
        if (path.startsWith("/_sim/faults/")) {
            Vendor vendor = Vendor.fromName(path.substring("/_sim/faults/".length()));
            Faults faults = simulator.faults(vendor);
            if (method.equals("PUT")) {
                applyFaults(faults.clear(), body(request));
            } else if (!method.equals("GET")) {
                return problem(405, "use GET or PUT");
            }
            return SimResponse.json(200, describe(faults));
        }
        if (path.equals("/_sim/stats") && method.equals("GET")) {
            return SimResponse.json(200, stats());
        }
        return problem(404, "no control endpoint " + method + " " + path);
    }

    private SimResponse createOperations(JsonNode body) {
        String vendorName = Json.string(body, "vendor");
        if (vendorName == null) {
            throw new IllegalArgumentException("\"vendor\" is required");
        }
        Vendor vendor = Vendor.fromName(vendorName);
        JsonNode scriptNode = body.path("script");
        JsonNode countNode = body.get("count");
        ObjectNode answer = Json.object();
        if (countNode == null) {
            answer.put("handle", simulator.create(vendor, script(scriptNode, ThreadLocalRandom.current())));
            return SimResponse.json(201, answer);
        }
        int count = countNode.asInt(-1);
        if (count < 1 || count > MAX_BATCH) {
            throw new IllegalArgumentException("\"count\" must be within 1.." + MAX_BATCH);
        }
        RandomGenerator random =
                scriptNode.has("seed") ? new Random(scriptNode.get("seed").asLong(0)) : ThreadLocalRandom.current();
        // Creating is two inserts per operation (by handle, in handle order): 100,000 take a few hundred
        // milliseconds of CPU, acceptable for a benchmark's setup call even though it runs on the event loop.
        ArrayNode handles = answer.putArray("handles");
        for (int i = 0; i < count; i++) {
            handles.add(simulator.create(vendor, script(scriptNode, random)));
        }
        return SimResponse.json(201, answer);
    }

    static Script script(JsonNode s, RandomGenerator random) {
        if (s.path("random").asBoolean(false)) {
            return Script.random(random);
        }
        Script.Builder b = Script.builder()
                .queued(millis(s, "queuedMs", 0))
                .cancellable(s.path("cancellable").asBoolean(true))
                .wrappedAnswer(s.path("wrapped").asBoolean(false));
        String type = Json.string(s, "type");
        if (type != null) {
            b.type(type);
        }
        Duration running = millis(s, "runningMs", 0);
        String outcome = s.has("outcome") ? s.get("outcome").asString("succeed") : "succeed";
        if (outcome.equals("pause")) {
            // Paused half-way, then resumed: the way an administrator's pause looks on ONTAP.
            Duration half = running.dividedBy(2);
            return b.running(half)
                    .pausedFor(s.has("pausedMs") ? millis(s, "pausedMs", 0) : Duration.ofDays(365_000))
                    .running(running.minus(half))
                    .succeeds();
        }
        b.running(running);
        return switch (outcome) {
            case "succeed", "success" -> b.succeeds();
            case "fail", "failure" -> {
                String code = Json.string(s, "code");
                String message = Json.string(s, "message");
                yield code == null ? b.fails() : b.fails(code, message != null ? message : "failed");
            }
            case "cancel", "cancelled" -> b.cancelled();
            case "vanish" -> b.vanishes();
            default -> throw new IllegalArgumentException("unknown outcome: " + outcome);
        };
    }

    private static void applyFaults(Faults f, JsonNode body) {
        f.latency(millis(body, "latencyMs", 0));
        f.errorRate(body.path("errorRate").asDouble(0));
        if (body.has("retryAfterSeconds")) {
            f.retryAfter(Duration.ofSeconds(body.get("retryAfterSeconds").asLong(0)));
        }
        f.garbageRate(body.path("garbageRate").asDouble(0));
        f.resetRate(body.path("resetRate").asDouble(0));
        f.down(body.path("down").asBoolean(false));
        f.throttleRate(body.path("throttleRate").asDouble(0));
        f.foreign404Rate(body.path("foreign404Rate").asDouble(0));
        f.errorAnswerRate(body.path("errorAnswerRate").asDouble(0));
        f.rejectTokens(body.path("rejectTokens").asBoolean(false));
        f.asyncHandleDoesNotExist(body.path("asyncHandleDoesNotExist").asBoolean(false));
    }

    private static ObjectNode describe(Faults f) {
        ObjectNode n = Json.object();
        n.put("latencyMs", f.latency().toMillis());
        n.put("errorRate", f.errorRate());
        Duration retryAfter = f.retryAfter();
        if (retryAfter == null) {
            n.putNull("retryAfterSeconds");
        } else {
            n.put("retryAfterSeconds", retryAfter.toSeconds());
        }
        n.put("garbageRate", f.garbageRate());
        n.put("resetRate", f.resetRate());
        n.put("down", f.down());
        n.put("throttleRate", f.throttleRate());
        n.put("foreign404Rate", f.foreign404Rate());
        n.put("errorAnswerRate", f.errorAnswerRate());
        n.put("rejectTokens", f.rejectTokens());
        n.put("asyncHandleDoesNotExist", f.asyncHandleDoesNotExist());
        return n;
    }

    private ObjectNode stats() {
        ObjectNode n = Json.object();
        ObjectNode vendors = n.putObject("vendors");
        for (Vendor v : Vendor.values()) {
            ObjectNode one = vendors.putObject(v.wireName());
            one.put("operations", simulator.operationCount(v));
            one.put("requests", simulator.requestCount(v));
            one.set("faults", describe(simulator.faults(v)));
        }
        n.put("tokensIssued", simulator.tokensIssued());
        return n;
    }

    private static Duration millis(JsonNode node, String field, long fallback) {
        long ms = node.path(field).asLong(fallback);
        if (ms < 0) {
            throw new IllegalArgumentException("\"" + field + "\" must not be negative");
        }
        return Duration.ofMillis(ms);
    }

    private static JsonNode body(SimRequest request) {
        JsonNode body = Json.parse(request.body());
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        return body;
    }

    private static SimResponse problem(int status, String detail) {
        ObjectNode n = Json.object();
        n.put("error", detail);
        return SimResponse.json(status, n);
    }
}
