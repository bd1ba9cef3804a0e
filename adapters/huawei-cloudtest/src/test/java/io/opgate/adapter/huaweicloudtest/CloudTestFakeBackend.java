package io.opgate.adapter.huaweicloudtest;

import io.opgate.adapter.kit.AdapterCompatibilityKit.Scenario;
import io.opgate.adapter.kit.FakeResponse;
import io.opgate.adapter.kit.RecordedRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A scripted IAM and CloudTest that check what they receive the way the real ones do. */
final class CloudTestFakeBackend {

    static final String HANDLE = "79d49383043f4f84818569b38b38dcf4";
    static final String PROJECT_UUID = "2f9b1ac0e1d04bc0a8e1c3a0ff0b5e01";
    static final String DOMAIN = "kit-domain";
    static final String USERNAME = "kit-user";
    static final String PASSWORD = "Kit-IAM-Pa55word!";
    static final String PROJECT = "cn-north-4";
    static final String STATIC_TOKEN = "MIIE-static-kit-token-0123456789";
    /** Every token this fake issues starts with it. */
    static final String ISSUED_TOKEN_PREFIX = "MIIE-issued-kit-token-";

    /** The seed's own example (CloudTest's "获取异步进度" response example). */
    static final String SEED_SUCCEEDED =
            """
            {
              "uri" : "79d49383043f4f84818569b38b38dcf4",
              "name" : "BatchCopyMindmap",
              "total" : 1,
              "completed" : true,
              "informations" : [ ],
              "code" : null,
              "reason" : null,
              "submitted_time" : "2025-01-13 07:56:56",
              "begin_time" : "2025-01-13 07:56:56",
              "end_time" : "2025-01-13 07:56:56",
              "last_modified_time" : 1736751416756,
              "finished_count" : 1,
              "finished_percent" : 100
            }
            """;

    static final String RUNNING =
            """
            {
              "uri" : "79d49383043f4f84818569b38b38dcf4",
              "name" : "BatchCopyMindmap",
              "total" : 4,
              "completed" : false,
              "cancelled" : false,
              "informations" : [ "copying 1/4", "copying 2/4" ],
              "code" : null,
              "reason" : null,
              "submitted_time" : "2025-01-13 07:56:56",
              "begin_time" : "2025-01-13 07:56:57",
              "end_time" : null,
              "server_ip" : "10.0.0.12",
              "last_modified_time" : 1736751418000,
              "finished_count" : 2,
              "line_up_num" : 0,
              "is_ended" : false,
              "finished_percent" : 50
            }
            """;

    static final String FAILED =
            """
            {
              "uri" : "79d49383043f4f84818569b38b38dcf4",
              "name" : "BatchCopyMindmap",
              "total" : 1,
              "completed" : true,
              "cancelled" : false,
              "informations" : [ "copy started" ],
              "code" : "CLOUDTEST.04010011",
              "reason" : "The mind map does not exist.",
              "submitted_time" : "2025-01-13 07:56:56",
              "begin_time" : "2025-01-13 07:56:56",
              "end_time" : "2025-01-13 07:56:58",
              "last_modified_time" : 1736751418000,
              "finished_count" : 0,
              "is_ended" : true,
              "finished_percent" : 100
            }
            """;

    private final JsonMapper json = JsonMapper.builder().build();
    private final Clock clock;
    private final AtomicInteger issued = new AtomicInteger();
    private final Set<String> valid = ConcurrentHashMap.newKeySet();
    private volatile Duration tokenLifetime = Duration.ofHours(24);
    private volatile Duration tokenDelay = Duration.ZERO;
    private volatile int tokenLength;

    CloudTestFakeBackend(Clock clock) {
        this.clock = clock;
    }

    static Map<String, String> iamSettings(String baseUrl) {
        return Map.of(
                "type", "huawei-cloudtest",
                "base-url", baseUrl,
                "iam.url", baseUrl,
                "iam.domain", DOMAIN,
                "iam.username", USERNAME,
                "iam.password", PASSWORD,
                "iam.project", PROJECT);
    }

    static boolean isTokenRequest(RecordedRequest request) {
        return request.path().equals("/v3/auth/tokens");
    }

    CloudTestFakeBackend tokenLifetime(Duration lifetime) {
        this.tokenLifetime = lifetime;
        return this;
    }

    /** Issued tokens are padded to this many characters: Huawei's are ~9,100, CloudTest takes up to 100,000. */
    CloudTestFakeBackend tokenLength(int length) {
        this.tokenLength = length;
        return this;
    }

    CloudTestFakeBackend tokenDelay(Duration delay) {
        this.tokenDelay = delay;
        return this;
    }

    /** CloudTest no longer accepts any token issued so far, as after a revocation. */
    void revokeAll() {
        valid.clear();
    }

    void accept(String token) {
        valid.add(token);
    }

    int tokensIssued() {
        return issued.get();
    }

    /** IAM's answer to a password-auth token request: the token in {@code X-Subject-Token}, expiry in the body. */
    FakeResponse issueToken(RecordedRequest request) {
        if (!request.method().equals("POST") || !validPasswordAuth(request.body())) {
            return FakeResponse.json(
                    401,
                    "{\"error\":{\"code\":401,\"message\":\"The username or password is wrong.\",\"title\":\"Unauthorized\"}}");
        }
        String serial = ISSUED_TOKEN_PREFIX + issued.incrementAndGet();
        String token = serial.length() >= tokenLength ? serial : serial + "A".repeat(tokenLength - serial.length());
        valid.add(token);
        String expiresAt = clock.instant().plus(tokenLifetime).toString();
        return FakeResponse.json(
                        201,
                        """
                        {"token":{"expires_at":"%s","methods":["password"],"catalog":[],"roles":[],
                          "project":{"name":"cn-north-4","id":"0a1b2c","domain":{"name":"kit-domain","id":"9f8e"}},
                          "issued_at":"%s","user":{"name":"kit-user","id":"7d6c","domain":{"name":"kit-domain"}}}}
                        """
                                .formatted(expiresAt, clock.instant()))
                .withHeader("X-Subject-Token", token)
                .after(tokenDelay);
    }

    private boolean validPasswordAuth(String body) {
        try {
            JsonNode auth = json.readTree(body).path("auth");
            JsonNode user = auth.path("identity").path("password").path("user");
            return auth.path("identity").path("methods").path(0).asString("").equals("password")
                    && user.path("name").asString("").equals(USERNAME)
                    && user.path("password").asString("").equals(PASSWORD)
                    && user.path("domain").path("name").asString("").equals(DOMAIN)
                    && auth.path("scope")
                            .path("project")
                            .path("name")
                            .asString("")
                            .equals(PROJECT);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** CloudTest's answer: 401 for an unknown token, 403 for a request that is not the progress query. */
    FakeResponse progress(RecordedRequest request, String payload) {
        String token = request.header("X-Auth-Token");
        if (token == null || !valid.contains(token)) {
            return FakeResponse.json(
                    401, "{\"error_code\":\"APIGW.0301\",\"error_msg\":\"Incorrect IAM authentication information\"}");
        }
        if (!request.method().equals("GET")
                || !request.path().equals("/GT3KServer/v4/progress/" + HANDLE)
                || !request.query().equals("project_uuid=" + PROJECT_UUID)) {
            return FakeResponse.json(403, "{\"code\":\"CLOUDTEST.00000403\",\"reason\":\"Forbidden\"}");
        }
        return FakeResponse.json(200, payload);
    }

    FakeResponse respond(Scenario scenario, RecordedRequest request) {
        if (isTokenRequest(request)) {
            return issueToken(request);
        }
        return switch (scenario) {
            case RUNNING -> progress(request, RUNNING);
            case SUCCEEDED -> progress(request, SEED_SUCCEEDED);
            case FAILED -> progress(request, FAILED);
            case NOT_FOUND -> {
                FakeResponse checked = progress(request, "{}");
                yield checked.status() != 200
                        ? checked
                        : FakeResponse.json(
                                404, "{\"code\":\"CLOUDTEST.00000404\",\"reason\":\"The progress does not exist.\"}");
            }
            case SERVER_ERROR ->
                FakeResponse.json(500, "{\"code\":\"CLOUDTEST.00000500\",\"reason\":\"Internal Server Error\"}");
            // The API gateway's flow control: APIG.0308, "The throttling threshold has been reached".
            case THROTTLED ->
                FakeResponse.json(
                        429,
                        "{\"error_code\":\"APIG.0308\",\"error_msg\":\"The throttling threshold has been reached\"}");
        };
    }
}
