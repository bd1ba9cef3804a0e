package io.opgate.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * NetApp ONTAP REST jobs at {@code /ontap/api/cluster/jobs/{uuid}}: {@code GET} (with
 * {@code return_timeout}) and {@code PATCH ?action=cancel}, answered as {@code application/hal+json}
 * with ONTAP's error bodies. A finished job is deleted {@code ontapPurgeAfter} after it ends.
 */
final class OntapApi implements VendorApi {
    static final String PREFIX = "ontap";
    private static final String JOBS = "/" + PREFIX + "/api/cluster/jobs/";
    private static final String COLLECTION = "/" + PREFIX + "/api/cluster/jobs";
    private static final String HAL = "application/hal+json";
    private static final int MAX_RETURN_TIMEOUT = 120;
    private static final Duration HOLD_CHECK = Duration.ofMillis(20);
    // ONTAP reports a cancelled job as a failure; our seeds do not document its code, so this one
    // is only illustrative (from the job manager's 458xxx range, like the cancel refusal 458784).
    private static final int CANCELLED_CODE = 458755;

    private final OperationStore store =
            new OperationStore(() -> UUID.randomUUID().toString());
    private final Clock clock;
    private final Credentials credentials;
    private final long purgeAfterMillis;
    private final DateTimeFormatter time;

    OntapApi(SimulatorOptions options) {
        this.clock = options.clock();
        this.credentials = options.credentials();
        this.purgeAfterMillis = options.ontapPurgeAfter().toMillis();
        this.time = Json.format("yyyy-MM-dd'T'HH:mm:ssxxx", options.ontapZoneOffset());
    }

    @Override
    public Vendor vendor() {
        return Vendor.ONTAP;
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
        if (request.rawPath().equals(COLLECTION) || request.rawPath().equals(JOBS)) {
            if (!BasicAuth.matches(request.header("Authorization"), credentials.username(), credentials.password())) {
                return Mono.just(SimResponse.text(401, "text/plain", "Unauthorized")
                        .withHeader("WWW-Authenticate", "Basic realm=\"Data ONTAP\""));
            }
            if (!request.method().equals("GET")) {
                return Mono.just(error(
                        405, "The \"" + request.method() + "\" method is not allowed on this resource", "3", null));
            }
            return Mono.fromSupplier(() -> collection(request));
        }
        if (!request.rawPath().startsWith(JOBS) || request.rawPath().length() == JOBS.length()) {
            return Mono.just(error(404, "API not found", "3", null));
        }
        if (!BasicAuth.matches(request.header("Authorization"), credentials.username(), credentials.password())) {
            return Mono.just(SimResponse.text(401, "text/plain", "Unauthorized")
                    .withHeader("WWW-Authenticate", "Basic realm=\"Data ONTAP\""));
        }
        String uuid = request.rawPath().substring(JOBS.length());
        return switch (request.method()) {
            case "GET" -> get(uuid, request);
            case "PATCH" -> Mono.fromSupplier(() -> patch(uuid, request));
            default ->
                Mono.just(error(
                        405, "The \"" + request.method() + "\" method is not allowed on this resource", "3", null));
        };
    }

    private Mono<SimResponse> get(String uuid, SimRequest request) {
        String timeoutParam = request.queryParam("return_timeout");
        int timeout = 0;
        if (timeoutParam != null) {
            try {
                timeout = Integer.parseInt(timeoutParam);
            } catch (NumberFormatException e) {
                timeout = -1;
            }
            if (timeout < 0 || timeout > MAX_RETURN_TIMEOUT) {
                return Mono.just(error(
                        400,
                        "The value \"" + timeoutParam + "\" is invalid for field \"return_timeout\" (<integer 0.."
                                + MAX_RETURN_TIMEOUT + ">)",
                        "262197",
                        "return_timeout"));
            }
        }
        SimOperation op = store.get(uuid);
        if (timeout == 0 || op == null) {
            return Mono.fromSupplier(() -> jobAnswer(uuid, clock.millis()));
        }
        // Hold the answer until the job ends or the timeout passes, on the simulator's clock (so a
        // test clock can end the wait) and at most that long in real time (so a frozen one cannot
        // hold it forever). Checked on a timer, never by blocking a thread.
        long deadline = clock.millis() + timeout * 1000L;
        return Flux.interval(Duration.ZERO, HOLD_CHECK)
                .map(tick -> clock.millis())
                .filter(now -> now >= deadline || op.at(now).stage().terminal())
                .next()
                .timeout(Duration.ofSeconds(timeout), Mono.fromSupplier(clock::millis))
                .map(now -> jobAnswer(uuid, now));
    }

    private SimResponse jobAnswer(String uuid, long now) {
        SimOperation op = store.get(uuid);
        if (op == null) {
            return notFound();
        }
        Snapshot s = op.at(now);
        if (s.stage() == Stage.VANISHED) {
            return notFound();
        }
        if (s.endedAt() != null && now >= s.endedAt().toEpochMilli() + purgeAfterMillis) {
            store.remove(uuid);
            return notFound();
        }
        return SimResponse.json(200, job(op, s), HAL);
    }

    /**
     * {@code GET /api/cluster/jobs} with ONTAP's query syntax on {@code uuid}, {@code state} ({@code a|b}) and
     * {@code end_time} ({@code >=t}, {@code >t}, {@code <=t}, {@code <t}), records in uuid order, {@code max_records}
     * per page and a {@code _links.next} with {@code start.uuid} while more follow. Every record carries every field
     * whatever {@code fields} asks for; purged and vanished jobs are not listed.
     */
    private SimResponse collection(SimRequest request) {
        long now = clock.millis();
        java.util.Set<String> uuids = alternatives(request.queryParam("uuid"));
        java.util.Set<String> states = alternatives(request.queryParam("state"));
        String endTime = request.queryParam("end_time");
        java.util.function.Predicate<java.time.Instant> ended;
        try {
            ended = endTimeFilter(endTime);
        } catch (RuntimeException e) {
            return error(400, "The value \"" + endTime + "\" is invalid for field \"end_time\"", "262197", "end_time");
        }
        int max = Integer.MAX_VALUE;
        String maxRecords = request.queryParam("max_records");
        if (maxRecords != null) {
            try {
                max = Integer.parseInt(maxRecords);
            } catch (NumberFormatException e) {
                max = -1;
            }
            if (max < 1) {
                return error(
                        400,
                        "The value \"" + maxRecords + "\" is invalid for field \"max_records\"",
                        "262197",
                        "max_records");
            }
        }
        String start = request.queryParam("start.uuid");
        // Poll-many names its jobs: looked up by uuid, so that its cost does not grow with the jobs held.
        Iterable<SimOperation> ops = uuids.isEmpty() ? store.from(start) : store.named(uuids, start);
        var records = Json.MAPPER.createArrayNode();
        String next = null;
        for (SimOperation op : ops) {
            Snapshot s = op.at(now);
            if (s.stage() == Stage.VANISHED
                    || (s.endedAt() != null && now >= s.endedAt().toEpochMilli() + purgeAfterMillis)) {
                continue;
            }
            if (!states.isEmpty() && !states.contains(state(s.stage()))) {
                continue;
            }
            if (endTime != null && (s.endedAt() == null || !ended.test(s.endedAt()))) {
                continue;
            }
            if (records.size() == max) {
                next = op.handle();
                break;
            }
            records.add(job(op, s));
        }
        ObjectNode body = Json.object();
        body.set("records", records);
        body.put("num_records", records.size());
        ObjectNode links = body.putObject("_links");
        links.putObject("self").put("href", "/api/cluster/jobs" + query(request, start));
        if (next != null) {
            links.putObject("next").put("href", "/api/cluster/jobs" + query(request, next));
        }
        return SimResponse.json(200, body, HAL);
    }

    private static java.util.Set<String> alternatives(@Nullable String value) {
        java.util.Set<String> set = new java.util.HashSet<>();
        if (value != null) {
            for (String v : value.split("\\|")) {
                if (!v.isBlank()) {
                    set.add(v.trim());
                }
            }
        }
        return set;
    }

    private static java.util.function.Predicate<java.time.Instant> endTimeFilter(@Nullable String value) {
        if (value == null) {
            return t -> true;
        }
        for (String op : java.util.List.of(">=", "<=", ">", "<")) {
            if (value.startsWith(op)) {
                java.time.Instant at = java.time.OffsetDateTime.parse(
                                value.substring(op.length()).trim())
                        .toInstant();
                return switch (op) {
                    case ">=" -> t -> !t.isBefore(at);
                    case "<=" -> t -> !t.isAfter(at);
                    case ">" -> t -> t.isAfter(at);
                    default -> t -> t.isBefore(at);
                };
            }
        }
        java.time.Instant at = java.time.OffsetDateTime.parse(value.trim()).toInstant();
        return t -> t.equals(at);
    }

    // The request's own query with the page cursor set to start (ONTAP's next links look the same).
    private static String query(SimRequest request, @Nullable String start) {
        StringBuilder q = new StringBuilder();
        for (String name : java.util.List.of("uuid", "state", "end_time", "fields", "max_records")) {
            String value = request.queryParam(name);
            if (value != null) {
                q.append(q.length() == 0 ? "?" : "&")
                        .append(name)
                        .append('=')
                        .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        if (start != null) {
            q.append(q.length() == 0 ? "?" : "&").append("start.uuid=").append(start);
        }
        return q.toString();
    }

    private SimResponse patch(String uuid, SimRequest request) {
        String action = request.queryParam("action");
        if (!"cancel".equals(action)) {
            return error(400, "Unexpected argument \"action\" value \"" + action + "\"", "262179", "action");
        }
        SimOperation op = store.get(uuid);
        long now = clock.millis();
        if (op == null) {
            return notFound();
        }
        Snapshot s = op.at(now);
        if (s.stage() == Stage.VANISHED
                || (s.endedAt() != null && now >= s.endedAt().toEpochMilli() + purgeAfterMillis)) {
            return notFound();
        }
        if (!op.script().cancellable()) {
            return error(400, "Job does not support cancel", "458784", null);
        }
        if (!s.stage().terminal()) {
            op.cancel(now);
        }
        return SimResponse.json(200, Json.object(), HAL);
    }

    private ObjectNode job(SimOperation op, Snapshot s) {
        ObjectNode job = Json.object();
        job.put("uuid", op.handle());
        String description = op.script().type();
        job.put("description", description != null ? description : "PATCH /api/storage/volumes/" + op.handle());
        job.put("state", state(s.stage()));
        switch (s.stage()) {
            case QUEUED -> {
                job.put("message", "Queued");
                job.put("code", 0);
            }
            case RUNNING -> {
                job.put("message", "In progress (" + s.percent() + "% complete)");
                job.put("code", 0);
            }
            case PAUSED -> {
                job.put("message", "Paused by the administrator (" + s.percent() + "% complete)");
                job.put("code", 0);
            }
            case SUCCEEDED -> {
                job.put("message", "success");
                job.put("code", 0);
            }
            default -> failure(job, op.script(), s);
        }
        if (s.startedAt() != null) {
            job.put("start_time", time.format(s.startedAt()));
        }
        if (s.endedAt() != null) {
            job.put("end_time", time.format(s.endedAt()));
        }
        job.putObject("_links").putObject("self").put("href", "/api/cluster/jobs/" + op.handle());
        return job;
    }

    private static void failure(ObjectNode job, Script script, Snapshot s) {
        String message;
        String code;
        String argument;
        if (s.stage() == Stage.CANCELLED) {
            message = "Job cancelled by user.";
            code = Integer.toString(CANCELLED_CODE);
            argument = "cancel";
        } else if (script.failureCode() != null) {
            message = script.failureMessage();
            code = script.failureCode();
            argument = code;
        } else {
            message = "Failed to move volume: aggregate \"aggr1\" does not have enough space.";
            code = "13001";
            argument = "aggr1";
        }
        job.put("message", message);
        job.put("code", numericOrZero(code));
        ObjectNode error = job.putObject("error");
        error.put("message", message);
        error.put("code", code);
        ObjectNode arg = error.putArray("arguments").addObject();
        arg.put("code", code);
        arg.put("message", argument);
    }

    private static int numericOrZero(String code) {
        try {
            return Integer.parseInt(code);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String state(Stage stage) {
        return switch (stage) {
            case QUEUED -> "queued";
            case RUNNING -> "running";
            case PAUSED -> "paused";
            case SUCCEEDED -> "success";
            default -> "failure";
        };
    }

    // ONTAP's own "no such job": error code 4 naming the uuid field as its target.
    private static SimResponse notFound() {
        return error(404, "entry doesn't exist", "4", "uuid");
    }

    @Override
    public SimResponse throttled(@Nullable Duration retryAfter) {
        return VendorApi.withRetryAfter(
                error(429, "Too many requests. Wait and retry the request.", "6", null), retryAfter);
    }

    private static SimResponse error(int status, String message, String code, @Nullable String target) {
        ObjectNode error = Json.object();
        error.put("message", message);
        error.put("code", code);
        if (target != null) {
            error.put("target", target);
        }
        ObjectNode body = Json.object();
        body.set("error", error);
        return SimResponse.json(status, body, HAL);
    }
}
