package io.opgate.simulator;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Huawei Cloud IAM's Keystone-style token endpoint, {@code POST /huawei-iam/v3/auth/tokens} with
 * password authentication scoped to a project: answers 201 with the token in {@code X-Subject-Token}.
 * Tokens are accepted by {@link HuaweiApi} until they expire.
 */
final class HuaweiIam {
    static final String PREFIX = "huawei-iam";
    private static final String TOKENS = "/" + PREFIX + "/v3/auth/tokens";
    private static final DateTimeFormatter TIME = Json.format("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'", ZoneOffset.UTC);

    private final Map<String, Long> expiryByToken = new ConcurrentHashMap<>();
    private final AtomicLong issued = new AtomicLong();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Credentials credentials;
    private final long lifeMillis;

    HuaweiIam(SimulatorOptions options) {
        this.clock = options.clock();
        this.credentials = options.credentials();
        this.lifeMillis = options.iamTokenLife().toMillis();
    }

    long tokensIssued() {
        return issued.get();
    }

    boolean accepts(@Nullable String token) {
        if (token == null) {
            return false;
        }
        Long expiry = expiryByToken.get(token);
        return expiry != null && clock.millis() < expiry;
    }

    Mono<SimResponse> handle(SimRequest request) {
        return Mono.fromSupplier(() -> answer(request));
    }

    private SimResponse answer(SimRequest request) {
        if (!request.rawPath().equals(TOKENS)) {
            return error(404, "Not Found", "The resource could not be found.");
        }
        if (!request.method().equals("POST")) {
            return error(405, "Method Not Allowed", "The method is not allowed for the requested URL.");
        }
        JsonNode body = Json.parse(request.body());
        if (body == null || !body.path("auth").isObject()) {
            return error(400, "Bad Request", "The request body is invalid.");
        }
        JsonNode auth = body.get("auth");
        JsonNode user = auth.path("identity").path("password").path("user");
        boolean methodOk = false;
        for (JsonNode m : auth.path("identity").path("methods")) {
            methodOk |= m.isString() && m.stringValue().equals("password");
        }
        boolean credentialsOk = methodOk
                && Objects.equals(Json.string(user, "name"), credentials.iamUsername())
                && Objects.equals(Json.string(user, "password"), credentials.iamPassword())
                && Objects.equals(Json.string(user.path("domain"), "name"), credentials.iamDomain());
        if (!credentialsOk) {
            return error(401, "Unauthorized", "The username or password is wrong.");
        }
        String project = Json.string(auth.path("scope").path("project"), "name");
        if (!Objects.equals(project, credentials.iamProject())) {
            return error(401, "Unauthorized", "The project is not found or the user has no access to it.");
        }
        long now = clock.millis();
        expiryByToken.values().removeIf(expiry -> expiry <= now);
        String token = newToken();
        long expiresAt = now + lifeMillis;
        expiryByToken.put(token, expiresAt);
        issued.incrementAndGet();

        ObjectNode answer = Json.object();
        ObjectNode t = answer.putObject("token");
        t.put("expires_at", TIME.format(Instant.ofEpochMilli(expiresAt)));
        t.put("issued_at", TIME.format(Instant.ofEpochMilli(now)));
        t.putArray("methods").add("password");
        ObjectNode u = t.putObject("user");
        u.put("name", credentials.iamUsername());
        u.putObject("domain").put("name", credentials.iamDomain());
        t.putObject("project").put("name", project);
        return SimResponse.json(201, answer, "application/json;charset=UTF-8").withHeader("X-Subject-Token", token);
    }

    /**
     * Real tokens are PKI blobs starting with "MII", about 9,100 characters long (Huawei's own example
     * decodes to ~6.8 KB): longer than the 8 KiB a default HTTP client accepts in response headers, which
     * is worth imitating.
     */
    static final int TOKEN_BYTES = 6_822;

    private String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return "MIIsim" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static SimResponse error(int status, String title, String message) {
        ObjectNode error = Json.object();
        error.put("code", status);
        error.put("message", message);
        error.put("title", title);
        ObjectNode body = Json.object();
        body.set("error", error);
        return SimResponse.json(status, body);
    }
}
