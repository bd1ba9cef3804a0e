package io.opgate.adapter.aliyunbpstudio;

import io.opgate.adapter.support.AdapterJson;
import io.opgate.adapter.support.BackendHttp;
import io.opgate.adapter.support.JsonStrings;
import io.opgate.adapter.support.ReplyOutcomes;
import io.opgate.contracts.spi.AdapterContext;
import io.opgate.contracts.spi.BackendAdapter;
import io.opgate.contracts.spi.BackendReply;
import io.opgate.contracts.spi.BackendRequest;
import io.opgate.contracts.spi.PollOutcome;
import io.opgate.contracts.spi.PollRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Polls Alibaba Cloud BPStudio's {@code GetExecuteOperationResult} (RPC style, {@code POST /} with a form body,
 * signed with {@link Acs3Signer}). BPStudio cannot cancel an operation: cancel is unsupported.
 */
public final class AliyunBpstudioAdapter implements BackendAdapter {

    static final String ACTION = "GetExecuteOperationResult";
    static final String VERSION = "2021-09-31";
    static final String FORM = "application/x-www-form-urlencoded";

    private static final Logger log = LoggerFactory.getLogger(AliyunBpstudioAdapter.class);
    private static final DateTimeFormatter ACS_DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private final AliyunBpstudioConfig config;
    private final AdapterContext context;
    private final Supplier<String> nonces;
    private final Acs3Signer signer;
    private final OperationResultMapper mapper;
    private final String url;
    private final String host;
    private final String path;

    AliyunBpstudioAdapter(AliyunBpstudioConfig config, AdapterContext context, Supplier<String> nonces) {
        this.config = config;
        this.context = context;
        this.nonces = nonces;
        this.signer = new Acs3Signer(config.accessKeyId().reveal(), config.accessKeySecret());
        this.mapper = new OperationResultMapper(AdapterJson.MAPPER);
        this.url = config.endpoint() + "/";
        this.host = host(URI.create(config.endpoint()));
        // The signature covers the path actually sent, which is more than "/" behind a proxy or a prefixed base URL.
        this.path = URI.create(url).getRawPath();
    }

    /** The {@code Host} header for {@code endpoint}, with the port only when it is not the scheme's default. */
    private static String host(URI endpoint) {
        int port = endpoint.getPort();
        boolean defaultPort = port == -1
                || port == 443 && "https".equalsIgnoreCase(endpoint.getScheme())
                || port == 80 && "http".equalsIgnoreCase(endpoint.getScheme());
        return defaultPort ? endpoint.getHost() : endpoint.getHost() + ":" + port;
    }

    static String randomNonce() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    @Override
    public Optional<String> validateHandle(String handle) {
        if (handle.isBlank() || handle.length() > 256) {
            return Optional.of("a BPStudio OperationId is 1 to 256 characters");
        }
        for (int i = 0; i < handle.length(); i++) {
            if (Character.isISOControl(handle.charAt(i)) || Character.isWhitespace(handle.charAt(i))) {
                return Optional.of("a BPStudio OperationId has no whitespace or control characters");
            }
        }
        return Optional.empty();
    }

    @Override
    public Mono<PollOutcome> poll(PollRequest request) {
        return Mono.defer(() -> send(request))
                .map(answer -> ReplyOutcomes.read(answer, context.clock(), this::outcome))
                .onErrorResume(e -> Mono.just(PollOutcome.Failed.of(BackendHttp.describe(e))))
                .doOnNext(outcome -> {
                    if (outcome instanceof PollOutcome.Failed || outcome instanceof PollOutcome.Throttled) {
                        log.debug("backend {}: poll of {}: {}", config.name(), request.handle(), outcome);
                    }
                });
    }

    private Mono<BackendReply> send(PollRequest request) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("OperationId", request.handle());
        String group = request.param("resourceGroupId");
        if (group == null || group.isBlank()) {
            group = config.resourceGroupId();
        }
        if (group != null) {
            form.put("ResourceGroupId", group.trim());
        }
        byte[] body = Acs3Signer.canonicalQuery(form).getBytes(StandardCharsets.UTF_8);

        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", host);
        headers.put("content-type", FORM);
        headers.put("x-acs-action", ACTION);
        headers.put("x-acs-version", VERSION);
        headers.put("x-acs-date", ACS_DATE.format(context.clock().instant()));
        headers.put("x-acs-signature-nonce", nonces.get());
        headers.put("x-acs-content-sha256", Acs3Signer.sha256Hex(body));
        String authorization = signer.authorization("POST", path, Map.of(), headers, body);

        BackendRequest post = BackendRequest.post(url, body);
        for (Map.Entry<String, String> header : headers.entrySet()) {
            post = post.header(header.getKey(), header.getValue());
        }
        return context.transport()
                .send(post.header("authorization", authorization).header("accept", "application/json"));
    }

    private PollOutcome outcome(BackendReply answer) {
        JsonNode body = JsonStrings.parse(AdapterJson.MAPPER, answer.body());
        if (answer.successful()) {
            return body == null ? PollOutcome.Failed.of("the answer is not JSON") : mapper.map(body);
        }
        // Only the error's Code is passed on: Alibaba's Message may quote the server's string-to-sign.
        String code = body == null ? null : code(body);
        String reason = "HTTP " + answer.status() + (code == null ? "" : " " + code);
        // Alibaba throttles with HTTP 400 and a Throttling code, and says nothing about how long to wait.
        return OperationResultMapper.isThrottling(code)
                ? PollOutcome.Throttled.of(reason)
                : PollOutcome.Failed.of(reason);
    }

    private static @Nullable String code(JsonNode body) {
        JsonNode code = body.path("Code");
        if (code.isString() && code.stringValue().matches("[A-Za-z0-9._-]{1,80}") || code.isIntegralNumber()) {
            return code.asString();
        }
        return null;
    }

    @Override
    public String toString() {
        return "AliyunBpstudioAdapter[" + config.name() + "]";
    }
}
