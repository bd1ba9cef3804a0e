package io.opgate.gateway.security;

import static io.opgate.gateway.support.ScriptedAdapter.running;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.opgate.gateway.support.Api;
import io.opgate.gateway.support.ScriptedAdapter;
import io.opgate.gateway.support.ScriptedAdapterFactory;
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
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

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
            "opgate.backends.lab.type=scripted",
            "opgate.polling.initial-interval=200ms",
            "opgate.polling.max-interval=2s",
            "opgate.polling.watched-interval=300ms",
            "opgate.polling.timeout=2s",
            "opgate.sse.keepalive=500ms"
        })
@AutoConfigureWebTestClient(timeout = "30s")
class JwtAuthenticationIntegrationTests {

    static final String ISSUER = "https://login.example.test/realm";
    static final RSAKey KEY = rsaKey("gateway-test");
    static final RSAKey STRANGER = rsaKey("gateway-test");
    static final DisposableServer JWKS = HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .route(routes ->
                    routes.get("/jwks", (request, response) -> response.header("Content-Type", "application/json")
                            .sendString(Mono.just(new JWKSet(KEY.toPublicJWK()).toString()))))
            .bindNow();

    @DynamicPropertySource
    static void jwkSet(DynamicPropertyRegistry registry) {
        registry.add("opgate.security.jwt.jwk-set-uri", () -> "http://127.0.0.1:" + JWKS.port() + "/jwks");
    }

    @AfterAll
    static void stop() {
        JWKS.disposeNow();
    }

    Api api;
    final ScriptedAdapter lab = ScriptedAdapterFactory.adapter("lab");

    @Autowired
    void api(WebTestClient http) {
        this.api = new Api(http);
    }

    static RSAKey rsaKey(String id) {
        try {
            return new RSAKeyGenerator(2048).keyID(id).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String jwt(RSAKey key, Consumer<JWTClaimsSet.Builder> claims) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("someone")
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(300)));
        claims.accept(builder);
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(key.getKeyID())
                            .build(),
                    builder.build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
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
}
