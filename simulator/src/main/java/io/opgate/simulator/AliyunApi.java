package io.opgate.simulator;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * Alibaba Cloud BPStudio {@code GetExecuteOperationResult}, RPC style at {@code POST /aliyun/}, with
 * the ACS3-HMAC-SHA256 signature checked as Alibaba's gateway does. Status and errors in the JSON
 * shapes of the API reference, including JSON inside the {@code Message} and {@code Arguments} strings.
 */
final class AliyunApi implements VendorApi {
    static final String PREFIX = "aliyun";
    private static final String ACTION = "GetExecuteOperationResult";
    private static final String VERSION = "2021-09-31";
    private static final String HOST_ID = "bpstudio.aliyuncs.com";
    private static final char[] ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final OperationStore store = new OperationStore(AliyunApi::newOperationId);
    private final AtomicLong answers = new AtomicLong();
    private final Clock clock;
    private final Credentials credentials;
    private final long lifeMillis;

    AliyunApi(SimulatorOptions options) {
        this.clock = options.clock();
        this.credentials = options.credentials();
        this.lifeMillis = options.aliyunOperationLife().toMillis();
    }

    @Override
    public Vendor vendor() {
        return Vendor.ALIYUN_BPSTUDIO;
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
        if (!request.rawPath().equals("/" + PREFIX + "/") && !request.rawPath().equals("/" + PREFIX)) {
            return error(
                    404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.");
        }
        AcsSignature.Authorization auth = AcsSignature.Authorization.parse(request.header("Authorization"));
        if (auth == null) {
            return error(
                    400,
                    "IncompleteSignature",
                    "The request signature does not conform to Aliyun standards: missing or malformed Authorization.");
        }
        if (!auth.accessKeyId().equals(credentials.aliyunAccessKeyId())) {
            return error(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
        }
        List<String> signed = auth.signedHeaders().stream()
                .map(h -> h.trim().toLowerCase(Locale.ROOT))
                .toList();
        for (Map.Entry<String, String> h : request.headers()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if ((name.equals("host") || name.startsWith("x-acs-")) && !signed.contains(name)) {
                return error(
                        400,
                        "IncompleteSignature",
                        "The request signature does not conform to Aliyun standards: header " + name
                                + " must be signed.");
            }
        }
        String bodyHash = AcsSignature.sha256Hex(request.body());
        String contentHash = request.header("x-acs-content-sha256");
        if (contentHash == null || !contentHash.equalsIgnoreCase(bodyHash)) {
            return error(400, "SignatureDoesNotMatch", "The x-acs-content-sha256 header does not match the body.");
        }
        String canonical = AcsSignature.canonicalRequest(
                request.method(), request.rawPath(), request.query(), request::header, signed, bodyHash);
        String stringToSign = AcsSignature.stringToSign(canonical);
        String expected = AcsSignature.signature(credentials.aliyunAccessKeySecret(), stringToSign);
        if (!AcsSignature.sameSignature(expected, auth.signature())) {
            // Alibaba shows its string to sign (never the secret) so that a client can compare.
            return error(
                    400,
                    "SignatureDoesNotMatch",
                    "The request signature does not conform to Aliyun standards. server string to sign is:"
                            + stringToSign);
        }
        if (!ACTION.equals(request.header("x-acs-action"))) {
            return error(
                    404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.");
        }
        if (!VERSION.equals(request.header("x-acs-version"))) {
            return error(400, "InvalidVersion", "Specified parameter Version is not valid.");
        }
        Map<String, List<String>> params = new HashMap<>(request.query());
        params.putAll(new QueryStringDecoder(new String(request.body(), StandardCharsets.UTF_8), false).parameters());
        List<String> ids = params.get("OperationId");
        if (ids == null || ids.isEmpty() || ids.get(0).isEmpty()) {
            return error(400, "MissingOperationId", "OperationId is mandatory for this action.");
        }
        return result(ids.get(0));
    }

    private SimResponse result(String operationId) {
        long now = clock.millis();
        ObjectNode body = Json.object();
        body.put("RequestId", requestId());
        // Alibaba's services are not consistent about the type of Code; send both forms.
        if (answers.getAndIncrement() % 3 == 2) {
            body.put("Code", "200");
        } else {
            body.put("Code", 200);
        }
        body.put("Message", "Success");
        SimOperation op = store.get(operationId);
        if (op == null) {
            return SimResponse.json(200, body);
        }
        if (now >= op.createdAtMillis() + lifeMillis) {
            store.remove(operationId);
            return SimResponse.json(200, body);
        }
        Snapshot s = op.at(now);
        if (s.stage() == Stage.VANISHED) {
            return SimResponse.json(200, body);
        }
        ObjectNode data = body.putObject("Data");
        data.put("OperationId", operationId);
        data.put("Status", status(s.stage()));
        data.put("Message", message(op, s));
        ObjectNode arguments = Json.object();
        arguments.putObject("tagMap").putArray("cadt").add("12" + operationId.substring(3, 10));
        arguments.put("progress", s.percent());
        data.put("Arguments", Json.text(arguments));
        return SimResponse.json(200, body);
    }

    private static String message(SimOperation op, Snapshot s) {
        ObjectNode m = Json.object();
        switch (s.stage()) {
            case QUEUED -> {
                return "";
            }
            case SUCCEEDED -> {
                // As in the API reference: a JSON array, itself quoted once more inside the string.
                ObjectNode item = Json.object();
                item.put("vServerGroupId", "rsp-" + op.handle().substring(3, 11));
                item.put("status", "running");
                item.put("requestId", op.handle());
                return Json.text(Json.MAPPER.getNodeFactory().stringNode("[" + Json.text(item) + "]"));
            }
            case FAILED, CANCELLED -> {
                String code = op.script().failureCode();
                m.put(
                        "code",
                        s.stage() == Stage.CANCELLED ? "OperationCancelled" : code != null ? code : "DeployFailed");
                m.put(
                        "message",
                        s.stage() == Stage.CANCELLED
                                ? "The operation was cancelled."
                                : code != null ? op.script().failureMessage() : "Failed to deploy the application.");
            }
            default -> {
                m.put("step", "deploy");
                m.put("progress", s.percent());
            }
        }
        return Json.text(m);
    }

    private static String status(Stage stage) {
        return switch (stage) {
            case QUEUED -> "INIT";
            case RUNNING, PAUSED -> "RUNNING";
            case SUCCEEDED -> "SUCCESS";
            default -> "FAILURE";
        };
    }

    /** Alibaba Cloud's flow control: HTTP 400 {@code Throttling.User}, and no {@code Retry-After} of its own. */
    @Override
    public SimResponse throttled(@Nullable Duration retryAfter) {
        return VendorApi.withRetryAfter(
                error(400, "Throttling.User", "Request was denied due to user flow control."), retryAfter);
    }

    private static SimResponse error(int status, String code, String message) {
        ObjectNode body = Json.object();
        body.put("RequestId", requestId());
        body.put("HostId", HOST_ID);
        body.put("Code", code);
        body.put("Message", message);
        body.put("Recommend", "https://api.aliyun.com/troubleshoot?q=" + code);
        return SimResponse.json(status, body);
    }

    private static String requestId() {
        return UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
    }

    private static String newOperationId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        char[] id = new char[22];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_CHARS[r.nextInt(ID_CHARS.length)];
        }
        return "op_" + new String(id);
    }
}
