package io.opgate.gateway.security;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import io.opgate.gateway.support.TestIdentityProvider;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link AccessSweep} in mode jwt against a JWK set served over HTTP: tokens with each scope mix, another tenant's,
 * and tokens that must be refused (another audience, another issuer, {@code alg: none}, HS256 signed with a secret
 * under the real key's id, an unknown key, expired beyond the allowed skew), plus bad stream tokens.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "opgate.security.mode=jwt",
            "opgate.security.jwt.issuer-uri=" + TestIdentityProvider.ISSUER,
            "opgate.security.jwt.audiences=" + TestIdentityProvider.AUDIENCE,
            "opgate.security.jwt.tenant-claim=org",
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
class JwtAccessSweepIntegrationTests extends AccessSweep {

    static final RSAKey KEY = TestIdentityProvider.rsaKey("sweep-key");
    static final RSAKey UNKNOWN = TestIdentityProvider.rsaKey("sweep-key");
    static final TestIdentityProvider IDP = TestIdentityProvider.start(KEY);

    @DynamicPropertySource
    static void jwkSet(DynamicPropertyRegistry registry) {
        registry.add("opgate.security.jwt.jwk-set-uri", IDP::jwkSetUri);
    }

    @AfterAll
    static void stopIdp() {
        IDP.close();
    }

    static Who bearer(String name, String tenant, String scopes) {
        Set<Need> roles = EnumSet.noneOf(Need.class);
        for (String scope : scopes.split(" ")) {
            roles.add(Need.valueOf(scope.substring("opgate.".length()).toUpperCase()));
        }
        String token =
                TestIdentityProvider.token(KEY, c -> c.claim("org", tenant).claim("scope", scopes));
        return new Who(name, tenant, roles, Map.of("Authorization", "Bearer " + token), null);
    }

    static Who refused(String name, String token) {
        return new Who(name, null, Set.of(), Map.of("Authorization", "Bearer " + token), null);
    }

    static Consumer<JWTClaimsSet.Builder> owner(Consumer<JWTClaimsSet.Builder> more) {
        return c -> {
            c.claim("org", OWNER_TENANT).claim("scope", "opgate.read opgate.write opgate.admin");
            more.accept(c);
        };
    }

    static final List<Who> CALLERS = List.of(
            bearer("owner (read, write)", OWNER_TENANT, "opgate.read opgate.write"),
            bearer("read-only", OWNER_TENANT, "opgate.read"),
            bearer("write-only", OWNER_TENANT, "opgate.write"),
            bearer("admin-only", "ops", "opgate.admin"),
            bearer("admin with read", "ops", "opgate.read opgate.admin"),
            bearer("other tenant (read, write)", "team-b", "opgate.read opgate.write"),
            new Who("no credentials", null, Set.of(), Map.of(), null),
            refused(
                    "a token for another audience",
                    TestIdentityProvider.token(KEY, owner(c -> c.audience("another-api")))),
            refused("a token without audience", TestIdentityProvider.token(KEY, owner(c -> c.audience((String) null)))),
            refused(
                    "a token of another issuer",
                    TestIdentityProvider.token(KEY, owner(c -> c.issuer("https://evil.test")))),
            refused("alg none", TestIdentityProvider.unsigned(owner(c -> {}))),
            refused(
                    "HS256 under the real key's id",
                    TestIdentityProvider.hs256(
                            KEY.getKeyID(),
                            KEY.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8),
                            owner(c -> {}))),
            refused("signed by an unknown key", TestIdentityProvider.token(UNKNOWN, owner(c -> {}))),
            refused("expired beyond the skew", TestIdentityProvider.token(KEY, owner(c -> c.issueTime(
                            Date.from(Instant.now().minusSeconds(600)))
                    .expirationTime(Date.from(Instant.now().minusSeconds(120)))))),
            new Who(
                    "an expired stream token",
                    null,
                    Set.of(),
                    Map.of(),
                    ApiKeyAccessSweepIntegrationTests.streamToken(
                            ApiKeyAccessSweepIntegrationTests.STREAM_KEY,
                            Instant.now().minusSeconds(3600),
                            Caller.Role.READ)),
            new Who(
                    "a forged stream token",
                    null,
                    Set.of(),
                    Map.of(),
                    ApiKeyAccessSweepIntegrationTests.streamToken(
                            "forged-stream-token-key-8b6d4f2a0c9e7a5b", Instant.now(), Caller.Role.READ)));

    @Override
    List<Who> callers() {
        return CALLERS;
    }

    @Override
    Who owner() {
        return CALLERS.get(0);
    }
}
