package io.opgate.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * NetApp SolidFire Element JSON-RPC at {@code POST /solidfire/json-rpc/{version}}, answering
 * {@code GetAsyncResult} as the Element API reference shows it (keys in alphabetical order, as
 * Element writes them). Method errors are JSON-RPC errors with HTTP 200, as Element sends them.
 */
final class SolidFireApi implements VendorApi {
    static final String PREFIX = "solidfire";
    private static final String ENDPOINT = "/" + PREFIX + "/json-rpc/";
    private static final DateTimeFormatter TIME = Json.format("yyyy-MM-dd'T'HH:mm:ss'Z'", ZoneOffset.UTC);

    private final AtomicInteger nextHandle = new AtomicInteger(1);
    private final OperationStore store = new OperationStore(() -> Integer.toString(nextHandle.getAndIncrement()));
    private final Clock clock;
    private final Credentials credentials;
    private final Faults faults;

    SolidFireApi(Clock clock, Credentials credentials, Faults faults) {
        this.clock = clock;
        this.credentials = credentials;
        this.faults = faults;
    }

    @Override
    public Vendor vendor() {
        return Vendor.SOLIDFIRE;
    }

    @Override
    public String pathPrefix() {
        return PREFIX;
    }

    @Override
    public OperationStore store() {
        return store;
    }

    @Override
    public Mono<SimResponse> handle(SimRequest request) {
        return Mono.fromSupplier(() -> answer(request));
    }

    private SimResponse answer(SimRequest request) {
        if (!request.rawPath().startsWith(ENDPOINT) || request.rawPath().length() == ENDPOINT.length()) {
            return SimResponse.text(404, "text/plain", "Not Found");
        }
        if (!BasicAuth.matches(request.header("Authorization"), credentials.username(), credentials.password())) {
            return SimResponse.text(401, "text/plain", "Unauthorized")
                    .withHeader("WWW-Authenticate", "Basic realm=\"SolidFire\"");
        }
        if (!request.method().equals("POST")) {
            return SimResponse.text(405, "text/plain", "Method Not Allowed").withHeader("Allow", "POST");
        }
        JsonNode body = Json.parse(request.body());
        if (body == null || !body.isObject()) {
            return methodError(null, "xInvalidRequest", "Request body is not a JSON-RPC request object");
        }
        JsonNode id = body.get("id");
        String method = Json.string(body, "method");
        if (method == null) {
            return methodError(id, "xInvalidRequest", "Required member 'method' is missing");
        }
        if (method.equals("ListAsyncResults")) {
            return listAsyncResults(id, body.path("params").get("asyncResultTypes"));
        }
        if (!method.equals("GetAsyncResult")) {
            return methodError(id, "xUnknownAPIMethod", "Unknown method '" + method + "'");
        }
        JsonNode params = body.path("params");
        JsonNode handleNode = params.get("asyncHandle");
        if (handleNode == null || !handleNode.isIntegralNumber()) {
            return methodError(
                    id, "xMissingParameter", "Required parameter 'asyncHandle' of type integer was not provided");
        }
        String handle = Long.toString(handleNode.longValue());
        boolean keepResult = params.path("keepResult").isBoolean()
                && params.get("keepResult").booleanValue();
        SimOperation op = store.get(handle);
        Snapshot s = op == null ? null : op.at(clock.millis());
        if (op == null || s.stage() == Stage.VANISHED) {
            // The reference documents xDBNoSuchPath; a live cluster answers xAsyncHandleDoesNotExist.
            return faults.asyncHandleDoesNotExist()
                    ? methodError(id, "xAsyncHandleDoesNotExist", "Async handle " + handle + " does not exist.")
                    : methodError(
                            id,
                            "xDBNoSuchPath",
                            "DBClient operation requested on a non-existent path at [/asyncresults/" + handle + "]");
        }
        ObjectNode result = Json.object();
        result.put("createTime", TIME.format(s.submittedAt()));
        String type = op.script().type() != null ? op.script().type() : "Clone";
        if (!s.stage().terminal()) {
            ObjectNode details = result.putObject("details");
            details.put("message", s.stage() == Stage.QUEUED ? "Queued" : "In progress");
            details.put("percentComplete", s.percent());
            details.put("volumeID", volumeId(handle));
            result.put("lastUpdateTime", TIME.format(clock.instant()));
            result.put("resultType", type);
            result.put("status", "running");
        } else {
            // Alphabetical like Element's own answers: error < lastUpdateTime < result.
            if (s.stage() == Stage.SUCCEEDED) {
                result.put("lastUpdateTime", TIME.format(s.endedAt()));
                result.set("result", success(type, handle));
            } else {
                result.set("error", error(op.script(), s));
                result.put("lastUpdateTime", TIME.format(s.endedAt()));
            }
            result.put("resultType", type);
            result.put("status", "complete");
            if (!keepResult) {
                // Element forgets a completed result once it has been handed out without keepResult.
                store.remove(handle);
            }
        }
        ObjectNode answer = Json.object();
        answer.set("id", id);
        answer.set("result", result);
        return SimResponse.json(200, answer);
    }

    /**
     * Every async result held, running or complete, as the Element reference shows {@code ListAsyncResults}
     * ({@code asyncResultID}, {@code completed}, {@code createTime}, {@code data}, {@code lastUpdateTime},
     * {@code resultType}, {@code success}), optionally only of the given {@code asyncResultTypes}. Listing never
     * removes a result. Element does not page this method, so neither does the simulator.
     */
    private SimResponse listAsyncResults(@Nullable JsonNode id, @Nullable JsonNode typesNode) {
        java.util.Set<String> types = new java.util.HashSet<>();
        if (typesNode != null && !typesNode.isNull()) {
            if (!typesNode.isArray()) {
                return methodError(id, "xInvalidParameter", "Parameter 'asyncResultTypes' must be an array of strings");
            }
            typesNode.forEach(t -> types.add(t.asString()));
        }
        long now = clock.millis();
        java.util.List<SimOperation> ops = new java.util.ArrayList<>(store.all());
        ops.sort(java.util.Comparator.comparingLong(op -> Long.parseLong(op.handle())));
        ObjectNode result = Json.object();
        var handles = result.putArray("asyncHandles");
        for (SimOperation op : ops) {
            Snapshot s = op.at(now);
            String type = op.script().type() != null ? op.script().type() : "Clone";
            if (s.stage() == Stage.VANISHED || (!types.isEmpty() && !types.contains(type))) {
                continue;
            }
            ObjectNode entry = handles.addObject();
            entry.put("asyncResultID", Long.parseLong(op.handle()));
            entry.put("completed", s.stage().terminal());
            entry.put("createTime", TIME.format(s.submittedAt()));
            if (!s.stage().terminal()) {
                ObjectNode details = entry.putObject("data");
                details.put("message", s.stage() == Stage.QUEUED ? "Queued" : "In progress");
                details.put("percentComplete", s.percent());
                details.put("volumeID", volumeId(op.handle()));
                entry.put("lastUpdateTime", TIME.format(clock.instant()));
            } else {
                entry.set("data", s.stage() == Stage.SUCCEEDED ? success(type, op.handle()) : error(op.script(), s));
                entry.put("lastUpdateTime", TIME.format(s.endedAt()));
            }
            entry.put("resultType", type);
            entry.put("success", s.stage() == Stage.SUCCEEDED);
        }
        ObjectNode answer = Json.object();
        answer.set("id", id);
        answer.set("result", result);
        return SimResponse.json(200, answer);
    }

    private static ObjectNode success(String type, String handle) {
        ObjectNode r = Json.object();
        if (type.equals("Clone")) {
            r.put("cloneID", Integer.parseInt(handle) % 1000 + 1);
            r.put("message", "Clone complete.");
            r.put("volumeID", volumeId(handle));
        } else {
            r.put("message", type + " complete.");
        }
        return r;
    }

    private static ObjectNode error(Script script, Snapshot s) {
        ObjectNode e = Json.object();
        if (s.stage() == Stage.CANCELLED) {
            e.put("message", "Asynchronous operation was cancelled");
            e.put("name", "xAsyncOperationCancelled");
        } else if (script.failureCode() != null) {
            e.put("message", script.failureMessage());
            e.put("name", script.failureCode());
        } else {
            e.put("bvID", 1);
            e.put("message", "Bulk volume job failed");
            e.put("name", "xBulkVolumeScriptFailure");
            e.put("volumeID", 34);
        }
        return e;
    }

    private static int volumeId(String handle) {
        return Integer.parseInt(handle) % 500 + 20;
    }

    // Element's web server has no throttling of its own to imitate; a busy front answers 429 like any other.
    @Override
    public SimResponse throttled(@Nullable Duration retryAfter) {
        return VendorApi.withRetryAfter(SimResponse.text(429, "text/plain", "Too Many Requests"), retryAfter);
    }

    private static SimResponse methodError(@Nullable JsonNode id, String name, String message) {
        ObjectNode error = Json.object();
        error.put("code", 500);
        error.put("message", message);
        error.put("name", name);
        ObjectNode answer = Json.object();
        answer.set("error", error);
        answer.set("id", id);
        return SimResponse.json(200, answer);
    }
}
