package io.opgate.gateway.security;

import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Reads the credential of a request: a stream token from {@code ?token=} on the two event streams, else the
 * {@code Authorization: Bearer} value. A {@code token} parameter anywhere else, or another authorization scheme, is
 * refused rather than ignored, so that a client learns at once that it is doing something the gateway will not honour.
 */
public final class BearerCredentialsConverter implements ServerAuthenticationConverter {

    static final String TOKEN_PARAMETER = "token";
    private static final String BEARER = "bearer ";
    /** Far above any real key or JWT; a longer header is refused before anything is computed over it. */
    static final int MAX_CREDENTIAL_LENGTH = 8192;

    @Override
    public Mono<Authentication> convert(ServerWebExchange exchange) {
        return Mono.fromCallable(() -> credential(exchange.getRequest()));
    }

    private static Authentication credential(ServerHttpRequest request) {
        List<String> tokens = request.getQueryParams().get(TOKEN_PARAMETER);
        if (tokens != null && !tokens.isEmpty()) {
            if (!isEventStream(request)) {
                throw new CredentialsRejected(
                        "a stream token (?token=) is accepted only on GET /v1/events and GET /v1/operations/{id}/events;"
                                + " send Authorization: Bearer instead");
            }
            if (tokens.size() > 1) {
                throw new CredentialsRejected("give one stream token");
            }
            return new PresentedCredential(
                    PresentedCredential.Kind.STREAM_TOKEN, checked(tokens.get(0)), StreamScope.of(request));
        }
        List<String> authorization = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (authorization == null || authorization.isEmpty()) {
            return null;
        }
        if (authorization.size() > 1) {
            throw new CredentialsRejected("give one Authorization header");
        }
        String header = authorization.get(0);
        if (header.length() <= BEARER.length()
                || !header.substring(0, BEARER.length())
                        .toLowerCase(Locale.ROOT)
                        .equals(BEARER)) {
            throw new CredentialsRejected("only Authorization: Bearer <api key or JWT> is accepted");
        }
        return new PresentedCredential(
                PresentedCredential.Kind.BEARER,
                checked(header.substring(BEARER.length()).trim()));
    }

    private static String checked(String value) {
        if (value.isEmpty() || value.length() > MAX_CREDENTIAL_LENGTH) {
            throw new CredentialsRejected("the credential is empty or too long");
        }
        return value;
    }

    /** {@code GET /v1/events} and {@code GET /v1/operations/{id}/events}, the only places a stream token opens. */
    static boolean isEventStream(ServerHttpRequest request) {
        if (request.getMethod() != HttpMethod.GET) {
            return false;
        }
        String path = request.getPath().pathWithinApplication().value();
        if (path.equals("/v1/events")) {
            return true;
        }
        String prefix = "/v1/operations/";
        String suffix = "/events";
        if (!path.startsWith(prefix) || !path.endsWith(suffix)) {
            return false;
        }
        String id = path.substring(prefix.length(), path.length() - suffix.length());
        return !id.isEmpty() && id.indexOf('/') < 0;
    }
}
