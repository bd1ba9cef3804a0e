package io.opgate.gateway.security;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.header.ServerHttpHeadersWriter;
import org.springframework.security.web.server.header.StrictTransportSecurityServerHttpHeadersWriter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The response headers Spring Security writes by default, with the same values and the same rule (a group of headers
 * is written only when the answer has none of them, so that an answer's own {@code Cache-Control}, an event stream's
 * for instance, stands), but checked header by header. Spring Security's own writers copy every header name of the
 * answer into a new case-insensitive set for each of the five groups, on every answer: that was about two fifths of
 * all the bytes a read allocated in the profiles (BENCHMARKS.md). HSTS is Spring Security's own writer (HTTPS only).
 */
public final class SecurityResponseHeaders implements ServerHttpHeadersWriter {

    static final String CONTENT_TYPE_OPTIONS = "X-Content-Type-Options";
    static final String FRAME_OPTIONS = "X-Frame-Options";
    static final String XSS_PROTECTION = "X-XSS-Protection";
    static final String REFERRER_POLICY = "Referrer-Policy";

    private final ServerHttpHeadersWriter hsts = new StrictTransportSecurityServerHttpHeadersWriter();

    @Override
    public Mono<Void> writeHttpHeaders(ServerWebExchange exchange) {
        HttpHeaders headers = exchange.getResponse().getHeaders();
        if (exchange.getResponse().getStatusCode() != HttpStatus.NOT_MODIFIED
                && !headers.containsHeader(HttpHeaders.CACHE_CONTROL)
                && !headers.containsHeader(HttpHeaders.PRAGMA)
                && !headers.containsHeader(HttpHeaders.EXPIRES)) {
            headers.set(HttpHeaders.CACHE_CONTROL, "no-cache, no-store, max-age=0, must-revalidate");
            headers.set(HttpHeaders.PRAGMA, "no-cache");
            headers.set(HttpHeaders.EXPIRES, "0");
        }
        setIfAbsent(headers, CONTENT_TYPE_OPTIONS, "nosniff");
        setIfAbsent(headers, FRAME_OPTIONS, "DENY");
        setIfAbsent(headers, XSS_PROTECTION, "0");
        setIfAbsent(headers, REFERRER_POLICY, "no-referrer");
        return hsts.writeHttpHeaders(exchange);
    }

    private static void setIfAbsent(HttpHeaders headers, String name, String value) {
        if (!headers.containsHeader(name)) {
            headers.set(name, value);
        }
    }
}
