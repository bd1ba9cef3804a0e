package io.opgate.gateway.security;

import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The security headers of every answer, errors and refusals included: it runs first, before CORS and Spring
 * Security's firewall, and writes when the answer is committed, so nothing the gateway answers leaves without them.
 * API answers get a Content-Security-Policy that allows nothing; pages (the dashboard, the API explorer) one that
 * allows only their own files, and no inline script.
 */
public final class SecurityHeaders implements WebFilter {

    /** For JSON, problems and event streams: nothing in them is ever to be run, shown in a frame or loaded. */
    public static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

    /** The dashboard: its own script, styles and calls only; no inline script, no frames, no plugins. */
    public static final String PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'none'";

    /** Swagger UI sets inline styles on the elements it builds; still no inline script. */
    public static final String EXPLORER_POLICY = "default-src 'self'; script-src 'self';"
            + " style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none';"
            + " base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /** Written on every answer, as Spring Security's defaults would, plus the referrer policy. */
    public static final Map<String, String> FIXED = Map.of(
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "X-XSS-Protection", "0",
            "Referrer-Policy", "no-referrer");

    /** Unless the answer says how it may be cached (static files do), it may not be. */
    public static final Map<String, String> NO_CACHE = Map.of(
            HttpHeaders.CACHE_CONTROL, "no-cache, no-store, max-age=0, must-revalidate",
            HttpHeaders.PRAGMA, "no-cache",
            HttpHeaders.EXPIRES, "0");

    static final String HSTS = "max-age=31536000 ; includeSubDomains";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        exchange.getResponse().beforeCommit(() -> {
            write(
                    exchange.getRequest(),
                    exchange.getResponse().getHeaders(),
                    exchange.getResponse().getStatusCode() != null
                            && exchange.getResponse().getStatusCode().value() == 304);
            return Mono.empty();
        });
        return chain.filter(exchange);
    }

    static void write(ServerHttpRequest request, HttpHeaders headers, boolean notModified) {
        FIXED.forEach(headers::set);
        headers.set(
                "Content-Security-Policy",
                policy(request.getPath().pathWithinApplication().value()));
        boolean cacheSaid = headers.containsHeader(HttpHeaders.CACHE_CONTROL)
                || headers.containsHeader(HttpHeaders.EXPIRES)
                || headers.containsHeader(HttpHeaders.PRAGMA);
        if (!cacheSaid && !notModified) {
            NO_CACHE.forEach(headers::set);
        }
        if (request.getSslInfo() != null) {
            headers.set("Strict-Transport-Security", HSTS);
        }
    }

    /** The policy for an answer to {@code path}. */
    public static String policy(String path) {
        if (path.startsWith("/v1") || path.startsWith("/actuator") || path.startsWith("/v3/")) {
            return API_POLICY;
        }
        if (path.startsWith("/swagger-ui") || path.startsWith("/webjars/")) {
            return EXPLORER_POLICY;
        }
        return PAGE_POLICY;
    }
}
