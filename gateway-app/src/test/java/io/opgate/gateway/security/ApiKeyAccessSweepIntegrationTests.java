package io.opgate.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link AccessSweep} in mode api-key: one key per role mix, another tenant's key, wrong keys and stream tokens. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "opgate.security.mode=api-key",
            "opgate.security.stream-token-keys[0]=" + ApiKeyAccessSweepIntegrationTests.STREAM_KEY,
            "opgate.security.registrations.per-second=1000",
            "opgate.security.registrations.burst=100000",
            "opgate.security.max-streams-per-client=1000",
            "opgate.backends.lab.type=scripted",
            "opgate.polling.initial-interval=5s",
            "opgate.polling.max-interval=5s",
            "opgate.polling.watched-interval=5s",
            "opgate.sse.keepalive=1s"
        })
class ApiKeyAccessSweepIntegrationTests extends AccessSweep {

    static final String STREAM_KEY = "sweep-stream-token-key-3f9a0c7e1b5d2a8c";

    /** Key, tenant, roles; every key is long and random-looking, as the README asks. */
    static final List<Key> KEYS = List.of(
            new Key("sweep-owner-rw-a-6c0e2f4b9d17a3e8", OWNER_TENANT, "read,write"),
            new Key("sweep-reader-a-1f8b3d5c7e9a0b2d", OWNER_TENANT, "read"),
            new Key("sweep-writer-a-4a6c8e0b2d4f6a8c", OWNER_TENANT, "write"),
            new Key("sweep-admin-only-9e7c5a3b1d0f2e4a", "ops", "admin"),
            new Key("sweep-admin-reader-2b4d6f8a0c1e3a5c", "ops", "read,admin"),
            new Key("sweep-other-tenant-b-7d5b3f1a9c8e6a4b", "team-b", "read,write"));

    record Key(String key, String tenant, String roles) {}

    @DynamicPropertySource
    static void keys(DynamicPropertyRegistry registry) {
        for (int i = 0; i < KEYS.size(); i++) {
            Key key = KEYS.get(i);
            registry.add("opgate.security.api-keys[" + i + "].sha256", () -> ApiKeys.sha256Hex(key.key()));
            registry.add("opgate.security.api-keys[" + i + "].tenant", key::tenant);
            registry.add("opgate.security.api-keys[" + i + "].roles", key::roles);
        }
    }

    static Who keyed(String name, Key key) {
        Set<Need> roles = EnumSet.noneOf(Need.class);
        for (String role : key.roles().split(",")) {
            roles.add(Need.valueOf(role.toUpperCase()));
        }
        return new Who(name, key.tenant(), roles, Map.of("Authorization", "Bearer " + key.key()), null);
    }

    static Who unauthenticated(String name, Map<String, String> headers, String streamToken) {
        return new Who(name, null, Set.of(), headers, streamToken);
    }

    static String streamToken(String signingKey, Instant now, Caller.Role... roles) {
        StreamTokens tokens =
                new StreamTokens(List.of(signingKey), Duration.ofSeconds(60), Clock.fixed(now, ZoneOffset.UTC));
        return tokens.issue(new Caller(OWNER_TENANT, Set.of(roles))).token();
    }

    static final List<Who> CALLERS = List.of(
            keyed("owner (read, write)", KEYS.get(0)),
            keyed("read-only", KEYS.get(1)),
            keyed("write-only", KEYS.get(2)),
            keyed("admin-only", KEYS.get(3)),
            keyed("admin with read", KEYS.get(4)),
            keyed("other tenant (read, write)", KEYS.get(5)),
            unauthenticated("no credentials", Map.of(), null),
            unauthenticated("a wrong key", Map.of("Authorization", "Bearer sweep-not-a-key-0d2f4b6a8c0e2a4c"), null),
            unauthenticated(
                    "a key's digest",
                    Map.of(
                            "Authorization",
                            "Bearer " + ApiKeys.sha256Hex(KEYS.get(0).key())),
                    null),
            unauthenticated(
                    "Basic instead of Bearer",
                    Map.of("Authorization", "Basic " + KEYS.get(0).key()),
                    null),
            unauthenticated(
                    "an expired stream token",
                    Map.of(),
                    streamToken(STREAM_KEY, Instant.now().minusSeconds(3600), Caller.Role.READ)),
            unauthenticated(
                    "a forged stream token",
                    Map.of(),
                    streamToken(
                            "forged-stream-token-key-8b6d4f2a0c9e7a5b",
                            Instant.now(),
                            Caller.Role.READ,
                            Caller.Role.ADMIN)));

    @Override
    List<Who> callers() {
        return CALLERS;
    }

    @Override
    Who owner() {
        return CALLERS.get(0);
    }

    @Test
    void theDashboardHasAContentSecurityPolicyAndNoInlineScript() {
        Answer page = call("GET", "/", CALLERS.get(6), null);
        assertThat(page.status()).isEqualTo(200);
        String policy =
                page.response().headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy)
                .contains("script-src 'self'", "object-src 'none'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        // Every script is a file of the page's own origin: no inline script, no event-handler attributes, no
        // inline styles, so the policy above can stay this strict.
        assertThat(Pattern.compile("<script(?![^>]*\\ssrc=)[^>]*>", Pattern.CASE_INSENSITIVE)
                        .matcher(page.text())
                        .find())
                .as("an inline <script>")
                .isFalse();
        assertThat(Pattern.compile("\\son[a-z]+\\s*=|\\sstyle\\s*=|javascript:", Pattern.CASE_INSENSITIVE)
                        .matcher(page.text())
                        .find())
                .as("an inline handler or style")
                .isFalse();
        Answer api = call("GET", "/v1/operations", CALLERS.get(1), null);
        assertThat(api.response().headers().firstValue("Content-Security-Policy"))
                .hasValue(SecurityHeaders.API_POLICY);
    }

    @Test
    void aRefusalOfAnUnservedPathEchoesNeitherTheQueryNorTheHost() {
        for (Who caller : List.of(CALLERS.get(1), CALLERS.get(6))) {
            Answer answer = call("GET", "/v1/no-such-route?secret=s3cr3t-v4lue&x=%3Cscript%3E", caller, null);
            assertThat(answer.status()).isIn(401, 404);
            assertThat(answer.text())
                    .doesNotContain("s3cr3t", "script", "127.0.0.1", "?")
                    .contains("\"instance\":\"/v1/no-such-route\"");
            Answer page = call("GET", "/no-such-page?secret=s3cr3t-v4lue", caller, null);
            assertThat(page.text()).doesNotContain("s3cr3t", "127.0.0.1");
        }
    }
}
