package io.opgate.gateway.security;

import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import reactor.core.publisher.Mono;

/**
 * Checks a presented credential: a stream token against the signing keys, a bearer value against the API keys (mode
 * api-key) or as a JWT (mode jwt). Every success is a {@link CallerAuthentication}.
 */
public final class CallerAuthenticationManager implements ReactiveAuthenticationManager {

    private final StreamTokens streamTokens;
    private final @Nullable ApiKeys apiKeys;
    private final @Nullable ReactiveAuthenticationManager jwt;

    private CallerAuthenticationManager(
            StreamTokens streamTokens, @Nullable ApiKeys apiKeys, @Nullable ReactiveAuthenticationManager jwt) {
        this.streamTokens = streamTokens;
        this.apiKeys = apiKeys;
        this.jwt = jwt;
    }

    /** Mode api-key. */
    public static CallerAuthenticationManager apiKeys(StreamTokens streamTokens, ApiKeys keys) {
        return new CallerAuthenticationManager(streamTokens, keys, null);
    }

    /** Mode jwt: {@code jwt} is a resource server's JWT authentication manager that yields callers. */
    public static CallerAuthenticationManager jwt(StreamTokens streamTokens, ReactiveAuthenticationManager jwt) {
        return new CallerAuthenticationManager(streamTokens, null, jwt);
    }

    @Override
    public Mono<Authentication> authenticate(Authentication authentication) {
        if (!(authentication instanceof PresentedCredential credential)) {
            return Mono.error(new CredentialsRejected("unsupported credential"));
        }
        if (credential.kind() == PresentedCredential.Kind.STREAM_TOKEN) {
            return Mono.fromCallable(
                    () -> new CallerAuthentication(streamTokens.verify(credential.value(), credential.stream())));
        }
        if (apiKeys != null) {
            return Mono.fromCallable(() -> apiKeys.authenticate(credential.value())
                    .map(caller -> (Authentication) new CallerAuthentication(caller))
                    .orElseThrow(() -> new CredentialsRejected("the API key is not known")));
        }
        return jwt.authenticate(new BearerTokenAuthenticationToken(credential.value()));
    }
}
