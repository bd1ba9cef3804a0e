package io.opgate.gateway.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * An identity provider for mode jwt: RSA keys made here, their public JWK set served over real HTTP (and replaceable,
 * for key rotation), and tokens signed with them for issuer {@link #ISSUER} and audience {@link #AUDIENCE}.
 */
public final class TestIdentityProvider implements AutoCloseable {

    public static final String ISSUER = "https://login.example.test/realm";
    public static final String AUDIENCE = "opgate-api";

    private final AtomicReference<String> published = new AtomicReference<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private final DisposableServer server;

    private TestIdentityProvider(RSAKey... keys) {
        publish(keys);
        this.server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes.get("/jwks", (request, response) -> {
                    fetches.incrementAndGet();
                    return response.header("Content-Type", "application/json")
                            .sendString(Mono.fromSupplier(published::get));
                }))
                .bindNow();
    }

    public static TestIdentityProvider start(RSAKey... keys) {
        return new TestIdentityProvider(keys);
    }

    public String jwkSetUri() {
        return "http://127.0.0.1:" + server.port() + "/jwks";
    }

    /** Serves the public halves of {@code keys} from now on (and only those). */
    public void publish(RSAKey... keys) {
        List<JWK> pub = Arrays.stream(keys).map(k -> (JWK) k.toPublicJWK()).toList();
        published.set(new JWKSet(pub).toString());
    }

    /** How often the JWK set was fetched. */
    public int fetches() {
        return fetches.get();
    }

    public static RSAKey rsaKey(String id) {
        try {
            return new RSAKeyGenerator(2048).keyID(id).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims every good token has: issuer, audience, subject, issued now, expiring in five minutes. */
    public static JWTClaimsSet.Builder claims(Consumer<JWTClaimsSet.Builder> more) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject("someone")
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(300)));
        more.accept(builder);
        return builder;
    }

    /** A token signed RS256 with {@code key}. */
    public static String token(RSAKey key, Consumer<JWTClaimsSet.Builder> claims) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(key.getKeyID())
                            .build(),
                    claims(claims).build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token "signed" HS256 with a shared secret, naming {@code kid}: the algorithm-confusion attempt. */
    public static String hs256(String kid, byte[] secret, Consumer<JWTClaimsSet.Builder> claims) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(),
                    claims(claims).build());
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsigned token ({@code alg: none}). */
    public static String unsigned(Consumer<JWTClaimsSet.Builder> claims) {
        return new PlainJWT(new PlainHeader(), claims(claims).build()).serialize();
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
