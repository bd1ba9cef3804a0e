package io.opgate.adapter.huaweicloudtest;

import io.opgate.adapter.support.AdapterJson;
import io.opgate.adapter.support.BackendHttp;
import io.opgate.contracts.spi.AdapterContext;
import io.opgate.contracts.spi.BackendRequest;
import io.opgate.contracts.spi.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fetches a project-scoped token from Huawei Cloud IAM with password authentication ({@code POST /v3/auth/tokens}).
 * The token comes in the {@code X-Subject-Token} header, its expiry in the body's {@code token.expires_at}.
 */
final class IamTokenClient {

    /** Used when IAM does not say when the token expires (its tokens normally live 24 hours). */
    static final Duration ASSUMED_LIFETIME = Duration.ofMinutes(15);

    /** Tokens are refreshed this long before they expire, or at 90% of their lifetime when that is shorter. */
    static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

    private final AdapterContext context;
    private final String url;
    private final String domain;
    private final String username;
    private final Secret password;
    private final String project;

    IamTokenClient(
            AdapterContext context, String iamUrl, String domain, String username, Secret password, String project) {
        this.context = context;
        this.url = iamUrl.endsWith("/v3") ? iamUrl + "/auth/tokens" : iamUrl + "/v3/auth/tokens";
        this.domain = domain;
        this.username = username;
        this.password = password;
        this.project = project;
    }

    Mono<IssuedToken> fetch() {
        return Mono.defer(() -> context.transport()
                        .send(BackendRequest.post(url, requestBody().getBytes(StandardCharsets.UTF_8))
                                .header("content-type", "application/json;charset=utf8")
                                .header("accept", "application/json")))
                .map(reply -> issued(reply.status(), reply.header("X-Subject-Token"), reply.body()))
                .onErrorMap(
                        e -> !(e instanceof TokenException),
                        e -> new TokenException("IAM token request failed: " + BackendHttp.describe(e)));
    }

    private String requestBody() {
        ObjectNode root = AdapterJson.MAPPER.createObjectNode();
        ObjectNode auth = root.putObject("auth");
        ObjectNode identity = auth.putObject("identity");
        identity.putArray("methods").add("password");
        ObjectNode user = identity.putObject("password").putObject("user");
        user.put("name", username);
        user.put("password", password.reveal());
        user.putObject("domain").put("name", domain);
        auth.putObject("scope").putObject("project").put("name", project);
        return AdapterJson.MAPPER.writeValueAsString(root);
    }

    private IssuedToken issued(int status, @Nullable String header, String body) {
        if (status / 100 != 2) {
            throw new TokenException("IAM answered HTTP " + status);
        }
        if (header == null || header.isBlank()) {
            throw new TokenException("IAM answered without an X-Subject-Token header");
        }
        Instant now = context.clock().instant();
        Instant expiresAt = expiry(body);
        Duration lifetime = expiresAt == null ? ASSUMED_LIFETIME : Duration.between(now, expiresAt);
        if (lifetime.isNegative()) {
            lifetime = Duration.ZERO;
        }
        Duration tenth = lifetime.dividedBy(10);
        Duration margin = tenth.compareTo(REFRESH_MARGIN) < 0 ? tenth : REFRESH_MARGIN;
        return new IssuedToken(Secret.of(header.trim()), now.plus(lifetime).minus(margin));
    }

    private @Nullable Instant expiry(String body) {
        try {
            JsonNode expires = AdapterJson.MAPPER.readTree(body).path("token").path("expires_at");
            return expires.isString()
                    ? OffsetDateTime.parse(expires.stringValue()).toInstant()
                    : null;
        } catch (JacksonException | DateTimeParseException e) {
            return null;
        }
    }
}
