package io.opgate.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Huawei Cloud CloudTest progress at {@code GET /huawei/GT3KServer/v4/progress/{operation_uri}},
 * authenticated by {@code X-Auth-Token} (the static token or one issued by {@link HuaweiIam}).
 * Answers the flat shape of the API reference, or the wrapped one for scripts that ask for it.
 */
final class HuaweiApi implements VendorApi {
    static final String PREFIX = "huawei";
    private static final String PROGRESS = "/" + PREFIX + "/GT3KServer/v4/progress/";
    private static final Pattern PROJECT_UUID = Pattern.compile("[A-Za-z0-9]{32}");
    private static final int TOTAL = 10;

    private final OperationStore store = new OperationStore(() -> HexFormat.of().formatHex(randomBytes(16)));
    private final Clock clock;
    private final Credentials credentials;
    private final HuaweiIam iam;
    private final Faults faults;
    private final DateTimeFormatter time;

    HuaweiApi(SimulatorOptions options, HuaweiIam iam, Faults faults) {
        this.clock = options.clock();
        this.credentials = options.credentials();
        this.iam = iam;
        this.faults = faults;
        this.time = Json.format("yyyy-MM-dd HH:mm:ss", options.huaweiZone());
    }

    @Override
    public Vendor vendor() {
        return Vendor.HUAWEI_CLOUDTEST;
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
        if (!request.rawPath().startsWith(PROGRESS) || request.rawPath().length() == PROGRESS.length()) {
            // Answered by the API gateway in front of CloudTest, in its own format.
            return gatewayError(
                    404, "APIG.0101", "The API does not exist or has not been published in the environment.");
        }
        String token = request.header("X-Auth-Token");
        if (faults.rejectTokens()) {
            return gatewayError(401, "APIG.0301", "Incorrect IAM authentication information: token expires");
        }
        if (token == null || !(token.equals(credentials.huaweiToken()) || iam.accepts(token))) {
            return gatewayError(401, "APIGW.0301", "Incorrect IAM authentication information: verify token failed");
        }
        if (!request.method().equals("GET")) {
            return error(405, "CLOUDTEST.00000405", "Method not allowed.");
        }
        String projectUuid = request.queryParam("project_uuid");
        if (projectUuid != null && !PROJECT_UUID.matcher(projectUuid).matches()) {
            return error(400, "CLOUDTEST.00000400", "Invalid project_uuid: 32 letters or digits expected.");
        }
        String uri = request.rawPath().substring(PROGRESS.length());
        SimOperation op = store.get(uri);
        long now = clock.millis();
        Snapshot s = op == null ? null : op.at(now);
        if (op == null || s.stage() == Stage.VANISHED) {
            return error(404, "CLOUDTEST.00010404", "The asynchronous operation does not exist: " + uri);
        }
        if (faults.nextAnswerIsError()) {
            // The wrapped shape's outer status says the request failed, and there is no result.value.
            ObjectNode failed = Json.object();
            failed.put("status", "error");
            failed.putObject("result");
            ObjectNode error = failed.putObject("error");
            error.put("code", "CLOUDTEST.00000500");
            error.put("reason", "Querying the progress failed, try again later.");
            failed.put("request_id", requestId());
            return SimResponse.json(200, failed);
        }
        ObjectNode progress = progress(op, s, now);
        if (!op.script().wrapped()) {
            return SimResponse.json(200, progress);
        }
        ObjectNode wrapped = Json.object();
        wrapped.put("status", "success");
        wrapped.putObject("result").set("value", progress);
        wrapped.putNull("error");
        wrapped.put("request_id", requestId());
        return SimResponse.json(200, wrapped);
    }

    private ObjectNode progress(SimOperation op, Snapshot s, long now) {
        Stage stage = s.stage();
        boolean ended = stage.terminal();
        int finished = s.percent() * TOTAL / 100;
        String name = op.script().type() != null ? op.script().type() : "BatchCopyMindmap";
        ObjectNode p = Json.object();
        p.put("uri", op.handle());
        p.put("name", name);
        p.put("total", TOTAL);
        p.put("completed", stage == Stage.SUCCEEDED || stage == Stage.FAILED);
        p.put("cancelled", stage == Stage.CANCELLED);
        p.put("is_ended", ended);
        ArrayNode info = p.putArray("informations");
        if (stage == Stage.QUEUED) {
            info.add("Waiting in the queue");
        } else {
            info.add("Started");
            info.add("Processed " + finished + " of " + TOTAL);
        }
        if (stage == Stage.FAILED) {
            String code = op.script().failureCode() != null ? op.script().failureCode() : "CLOUDTEST.00020001";
            String reason = op.script().failureMessage() != null
                    ? op.script().failureMessage()
                    : "Failed to copy the mind map: the source does not exist.";
            info.add("Failed");
            p.put("code", code);
            p.put("reason", reason);
            p.put("exception_message", "com.huawei.cloudtest.exception.BizException: " + reason);
        } else {
            if (stage == Stage.SUCCEEDED) {
                info.add("Completed");
            } else if (stage == Stage.CANCELLED) {
                info.add("Cancelled");
            }
            p.putNull("code");
            p.putNull("reason");
            p.putNull("exception_message");
        }
        Json.putTime(p, "submitted_time", s.submittedAt(), time);
        Json.putTime(p, "begin_time", s.startedAt(), time);
        Json.putTime(p, "end_time", s.endedAt(), time);
        p.put("server_ip", "192.168.0.12");
        p.put("last_modified_time", lastModified(s, now));
        p.put("finished_count", finished);
        if (stage == Stage.SUCCEEDED) {
            ObjectNode value = p.putObject("return_value");
            value.put("success_count", TOTAL);
            value.put("operation_uri", op.handle());
        } else {
            p.putNull("return_value");
        }
        // Queue position: one place per started second still to wait, so it counts down.
        p.put("line_up_num", stage == Stage.QUEUED ? (int) (op.queuedRemaining(now) / 1000) + 1 : 0);
        p.put("asyn_operation_key", name + "_" + op.handle());
        p.put("finished_percent", s.percent());
        return p;
    }

    private static long lastModified(Snapshot s, long now) {
        Instant end = s.endedAt();
        if (end != null) {
            return end.toEpochMilli();
        }
        return s.stage() == Stage.QUEUED ? s.submittedAt().toEpochMilli() : now;
    }

    /** The API gateway's throttling: 429 {@code APIG.0308}. */
    @Override
    public SimResponse throttled(@Nullable Duration retryAfter) {
        return VendorApi.withRetryAfter(
                gatewayError(429, "APIG.0308", "The throttling threshold has been reached: policy user"), retryAfter);
    }

    private static SimResponse gatewayError(int status, String code, String message) {
        ObjectNode body = Json.object();
        body.put("error_code", code);
        body.put("error_msg", message);
        body.put("request_id", requestId());
        return SimResponse.json(status, body);
    }

    private static SimResponse error(int status, String code, String reason) {
        ObjectNode body = Json.object();
        body.put("code", code);
        body.put("reason", reason);
        return SimResponse.json(status, body);
    }

    private static String requestId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }
}
