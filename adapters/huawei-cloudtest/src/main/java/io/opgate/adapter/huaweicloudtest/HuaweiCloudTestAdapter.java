package io.opgate.adapter.huaweicloudtest;

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
import io.opgate.contracts.spi.Secret;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Polls Huawei Cloud CloudTest's asynchronous progress ({@code GET /GT3KServer/v4/progress/{operation_uri}}) with an
 * {@code X-Auth-Token}: a static one, or one from IAM that is cached, shared by concurrent polls and fetched anew when
 * CloudTest rejects it (the poll is then retried once). CloudTest cannot cancel a progress: cancel is unsupported.
 */
public final class HuaweiCloudTestAdapter implements BackendAdapter {

    private static final Logger log = LoggerFactory.getLogger(HuaweiCloudTestAdapter.class);

    /** Characters an {@code operation_uri} may have: it becomes one path segment. */
    private static final Pattern HANDLE = Pattern.compile("[A-Za-z0-9._:-]{1,256}");

    private final HuaweiCloudTestConfig config;
    private final AdapterContext context;
    private final TokenProvider tokens;
    private final ProgressMapper mapper;
    private final String progressUrl;

    HuaweiCloudTestAdapter(HuaweiCloudTestConfig config, AdapterContext context) {
        this.config = config;
        this.context = context;
        this.tokens = tokens(config, context);
        this.mapper = new ProgressMapper(config.timeZone(), AdapterJson.MAPPER);
        this.progressUrl = Objects.requireNonNull(config.baseUrl(), "base-url") + "/GT3KServer/v4/progress/";
    }

    private static TokenProvider tokens(HuaweiCloudTestConfig config, AdapterContext context) {
        Secret token = config.authToken();
        if (token != null) {
            log.warn(
                    "backend {}: a static auth-token expires 24 hours after IAM issued it and cannot be renewed;"
                            + " every poll fails once it has (401 APIG.0301). Configure opgate.backends.{}.iam.url,"
                            + " iam.domain, iam.username, iam.password and iam.project instead, so that tokens are"
                            + " fetched and renewed",
                    config.name(),
                    config.name());
            return TokenProvider.fixed(token);
        }
        IamTokenClient iam = new IamTokenClient(
                context,
                Objects.requireNonNull(config.iamUrl(), "iam.url"),
                Objects.requireNonNull(config.iamDomain(), "iam.domain"),
                Objects.requireNonNull(config.iamUsername(), "iam.username"),
                Objects.requireNonNull(config.iamPassword(), "iam.password"),
                Objects.requireNonNull(config.iamProject(), "iam.project"));
        String name = config.name();
        // Token changes are backend health an operator wants to see; the messages carry no token (TokenException's
        // are written here, never copied from IAM's answer).
        return new TokenCache(
                () -> iam.fetch()
                        .doOnNext(issued ->
                                log.info("Backend {}: IAM token renewed, next renewal at {}", name, issued.refreshAt()))
                        .doOnError(e -> log.info(
                                "Backend {}: IAM token could not be fetched: {}",
                                name,
                                e instanceof TokenException
                                        ? e.getMessage()
                                        : e.getClass().getSimpleName())),
                context.clock());
    }

    @Override
    public Optional<String> validateHandle(String handle) {
        if (!HANDLE.matcher(handle).matches()) {
            return Optional.of("a CloudTest operation_uri is 1 to 256 letters, digits, '-', '_', '.' or ':'");
        }
        if (handle.contains("..") || handle.equals(".")) {
            return Optional.of("a CloudTest operation_uri cannot be '.' or contain '..'");
        }
        return Optional.empty();
    }

    @Override
    public Mono<PollOutcome> poll(PollRequest request) {
        String url = url(request);
        return tokens.token()
                .flatMap(token -> get(url, token)
                        .flatMap(answer -> answer.status() == 401
                                ? tokens.renew(token)
                                        .flatMap(fresh -> get(url, fresh))
                                        .defaultIfEmpty(answer)
                                : Mono.just(answer)))
                .map(answer -> ReplyOutcomes.read(answer, context.clock(), this::outcome))
                .onErrorResume(e -> Mono.just(
                        PollOutcome.Failed.of(e instanceof TokenException ? e.getMessage() : BackendHttp.describe(e))))
                .doOnNext(outcome -> {
                    if (outcome instanceof PollOutcome.Failed || outcome instanceof PollOutcome.Throttled) {
                        log.debug("backend {}: poll of {}: {}", config.name(), request.handle(), outcome);
                    }
                });
    }

    private String url(PollRequest request) {
        String project = request.param("projectUuid");
        if (project == null || project.isBlank()) {
            project = config.projectUuid();
        }
        String url = progressUrl + encodePathSegment(request.handle());
        return project == null
                ? url
                : url + "?project_uuid=" + URLEncoder.encode(project.trim(), StandardCharsets.UTF_8);
    }

    private Mono<BackendReply> get(String url, Secret token) {
        return context.transport()
                .send(BackendRequest.get(url).header("X-Auth-Token", token).header("accept", "application/json"));
    }

    private PollOutcome outcome(BackendReply answer) {
        JsonNode body = JsonStrings.parse(AdapterJson.MAPPER, answer.body());
        int status = answer.status();
        if (answer.successful()) {
            return body == null ? PollOutcome.Failed.of("the answer is not JSON") : mapper.map(body);
        }
        String code = body == null ? null : errorCode(body);
        String suffix = code == null ? "" : " " + (code.length() <= 80 ? code : code.substring(0, 80) + "...");
        if (status == 404) {
            // CloudTest's own "no such progress" carries its business code; the API gateway's (APIG.*), a proxy's
            // page or an empty body say the request never reached CloudTest: an outage, not a missing progress.
            return code != null && !isGatewayCode(code)
                    ? new PollOutcome.NotFound("HTTP 404" + suffix, body)
                    : PollOutcome.Failed.of("HTTP 404" + (code == null ? " without CloudTest's error body" : suffix)
                            + ": wrong base-url, or a proxy answering");
        }
        if (status == 401) {
            return PollOutcome.Failed.of(rejectedToken(code));
        }
        return PollOutcome.Failed.of("HTTP " + status + suffix);
    }

    /**
     * Why CloudTest refused the token. {@code APIG.0301} (also spelt {@code APIGW.0301}) is how its API gateway
     * answers an expired token, which is what a static token becomes 24 hours after it was issued.
     */
    private String rejectedToken(@Nullable String code) {
        String shown = code == null ? "HTTP 401" : code.length() <= 80 ? code : code.substring(0, 80) + "...";
        String reason = "token expired or rejected (" + shown + ")";
        return config.authToken() != null
                ? reason + ": a static auth-token cannot be renewed, configure iam.* instead"
                : reason;
    }

    private static boolean isGatewayCode(String code) {
        return code.startsWith("APIG.") || code.startsWith("APIGW.");
    }

    private static @Nullable String errorCode(JsonNode body) {
        for (JsonNode node :
                new JsonNode[] {body.path("error_code"), body.path("error").path("code"), body.path("code")}) {
            if (node.isString() && !node.stringValue().isBlank() || node.isNumber()) {
                return node.asString();
            }
        }
        return null;
    }

    /** Percent-encodes everything but RFC 3986's unreserved characters, so that no handle can change the path. */
    static String encodePathSegment(String segment) {
        StringBuilder out = new StringBuilder(segment.length());
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "HuaweiCloudTestAdapter[" + config.name() + "]";
    }
}
