package io.opgate.gateway.security;

import static io.opgate.gateway.support.ScriptedAdapter.running;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import io.opgate.gateway.support.Api;
import io.opgate.gateway.support.ScriptedAdapter;
import io.opgate.gateway.support.ScriptedAdapterFactory;
import io.opgate.gateway.support.TestIdentityProvider;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Mode jwt against a local authorization server: an RSA key made here, its JWK set served over HTTP, tokens signed
 * with it. The tenant comes from the claim {@code org} (configured), roles from {@code opgate.*} scopes.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "opgate.security.mode=jwt",
            "opgate.security.jwt.issuer-uri=" + JwtAuthenticationIntegrationTests.ISSUER,
            "opgate.security.jwt.tenant-claim=org",
            "opgate.security.jwt.audiences=" + TestIdentityProvider.AUDIENCE,
            "opgate.security.jwt.clock-skew=30s",
            "opgate.backends.lab.type=scripted",
            "opgate.polling.initial-interval=200ms",
            "opgate.polling.max-interval=2s",
            "opgate.polling.watched-interval=300ms",
            "opgate.polling.timeout=2s",
            "opgate.sse.keepalive=500ms"
        })
@AutoConfigureWebTestClient(timeout = "30s")
class JwtAuthenticationIntegrationTests {

    static final String ISSUER = TestIdentityProvider.ISSUER;
    static final RSAKey KEY = rsaKey("gateway-test");
    static final RSAKey STRANGER = rsaKey("gateway-test");
    static final TestIdentityProvider IDP = TestIdentityProvider.start(KEY);

    @DynamicPropertySource
    static void jwkSet(DynamicPropertyRegistry registry) {
        registry.add("opgate.security.jwt.jwk-set-uri", IDP::jwkSetUri);
    }

    @AfterAll
    static void stop() {
        IDP.close();
    }

    Api api;
    final ScriptedAdapter lab = ScriptedAdapterFactory.adapter("lab");

    @Autowired
    void api(WebTestClient http) {
        this.api = new Api(http);
    }

    static RSAKey rsaKey(String id) {
        return TestIdentityProvider.rsaKey(id);
    }

    static String jwt(RSAKey key, Consumer<JWTClaimsSet.Builder> claims) {
        return TestIdentityProvider.token(key, claims);
    }

    static String token(String tenant, String scope) {
        return jwt(KEY, c -> c.claim("org", tenant).claim("scope", scope));
    }

    String operation(String token) {
        String handle = Api.unique("jwt");
        lab.answer(handle, running(10));
        return api.registered(token, "lab", handle, "{}");
    }

    @Test
    void scopesGiveTheRolesAndTheClaimTheTenant() {
        String writer = token("team-a", "openid opgate.read opgate.write");
        String id = operation(writer);
        assertThat(api.get("/v1/operations/" + id, writer).json().get("id").asString())
                .isEqualTo(id);

        String reader = jwt(KEY, c -> c.claim("org", "team-a").claim("scp", List.of("opgate.read")));
        assertThat(api.get("/v1/operations/" + id, reader).status()).isEqualTo(200);
        api.call(HttpMethod.DELETE, "/v1/operations/" + id, reader, null).problem(403);

        String noOpgateScope = token("team-a", "openid profile");
        api.get("/v1/operations/" + id, noOpgateScope).problem(403);
    }

    @Test
    void tenantsAreIsolatedAndTheAdminScopeSeesThemAll() {
        String a = operation(token("team-a", "opgate.read opgate.write"));
        api.get("/v1/operations/" + a, token("team-b", "opgate.read")).problem(404);
        assertThat(api.get("/v1/operations/" + a, token("ops", "opgate.read opgate.admin"))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aStreamTokenFromAJwtCarriesItsTenant() {
        String writer = token("team-a", "opgate.read opgate.write");
        String id = operation(writer);
        String streamToken = api.call(HttpMethod.POST, "/v1/stream-tokens", writer, null)
                .json()
                .get("token")
                .asString();
        Api.eventsUntil(
                api.open("/v1/operations/" + id + "/events?token=" + streamToken, Map.of()),
                TenantIsolationIntegrationTests.mentionsAny(Set.of(id)));
        String other = api.call(HttpMethod.POST, "/v1/stream-tokens", token("team-b", "opgate.read"), null)
                .json()
                .get("token")
                .asString();
        api.get("/v1/operations/" + id + "/events?token=" + other, null).problem(404);
    }

    @Test
    void badTokensAre401() {
        Map<String, String> bad = Map.of(
                "expired",
                jwt(KEY, c -> c.claim("org", "team-a")
                        .claim("scope", "opgate.read")
                        .expirationTime(Date.from(Instant.now().minusSeconds(600)))),
                "signed by another key",
                jwt(STRANGER, c -> c.claim("org", "team-a").claim("scope", "opgate.read")),
                "another issuer",
                jwt(KEY, c -> c.claim("org", "team-a")
                        .claim("scope", "opgate.read")
                        .issuer("https://evil.test")),
                "no tenant claim",
                jwt(KEY, c -> c.claim("scope", "opgate.read")),
                "a tenant claim that is not a string",
                jwt(KEY, c -> c.claim("org", List.of("team-a", "team-b")).claim("scope", "opgate.read")),
                "not a JWT",
                "eyJhbGciOiJub25lIn0.e30.",
                "a truncated JWT",
                token("team-a", "opgate.read").substring(0, 60));
        bad.forEach((why, jwt) -> {
            Api.Answer answer = api.get("/v1/operations", jwt).problem(401);
            assertThat(answer.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE))
                    .as(why)
                    .isEqualTo("Bearer");
            assertThat(answer.text()).as(why).doesNotContain(jwt);
        });
        api.get("/v1/operations", null).problem(401);
        assertThat(api.get("/actuator/health", null).status()).isEqualTo(200);
    }

    @Test
    void onlyTokensForThisGatewaysAudienceAreAccepted() {
        String otherApi = jwt(
                KEY, c -> c.claim("org", "team-a").claim("scope", "opgate.read").audience("billing-api"));
        api.get("/v1/operations", otherApi).problem(401);
        String both = jwt(KEY, c -> c.claim("org", "team-a")
                .claim("scope", "opgate.read")
                .audience(List.of("billing-api", TestIdentityProvider.AUDIENCE)));
        assertThat(api.get("/v1/operations", both).status()).isEqualTo(200);
    }

    @Test
    void theClockSkewIsAllowedAndNoMore() {
        String justExpired = jwt(KEY, c -> c.claim("org", "team-a")
                .claim("scope", "opgate.read")
                .issueTime(Date.from(Instant.now().minusSeconds(300)))
                .expirationTime(Date.from(Instant.now().minusSeconds(5))));
        assertThat(api.get("/v1/operations", justExpired).status()).isEqualTo(200);
        String longExpired = jwt(KEY, c -> c.claim("org", "team-a")
                .claim("scope", "opgate.read")
                .issueTime(Date.from(Instant.now().minusSeconds(300)))
                .expirationTime(Date.from(Instant.now().minusSeconds(60))));
        api.get("/v1/operations", longExpired).problem(401);
        String notYet = jwt(KEY, c -> c.claim("org", "team-a")
                .claim("scope", "opgate.read")
                .notBeforeTime(Date.from(Instant.now().plusSeconds(120))));
        api.get("/v1/operations", notYet).problem(401);
    }

    @Test
    void aRotatedKeyIsFetchedAndTheRetiredOneRefused() {
        RSAKey rotated = rsaKey("gateway-test-2");
        String before = jwt(KEY, c -> c.claim("org", "team-a").claim("scope", "opgate.read"));
        assertThat(api.get("/v1/operations", before).status()).isEqualTo(200);
        try {
            // The identity provider rotates: the new key signs, the old one is withdrawn.
            IDP.publish(rotated);
            String after = jwt(rotated, c -> c.claim("org", "team-a").claim("scope", "opgate.read"));
            assertThat(api.get("/v1/operations", after).status()).isEqualTo(200);
            String retired = jwt(KEY, c -> c.claim("org", "team-a").claim("scope", "opgate.read"));
            api.get("/v1/operations", retired).problem(401);
        } finally {
            IDP.publish(KEY);
        }
    }
}
