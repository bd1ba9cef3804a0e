package io.opgate.gateway.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import reactor.netty.http.server.HttpServerRequest;

/** What {@link DirectOperationReads} and {@link DirectEventStreams} share: which requests are theirs, and the meter. */
final class DirectRequests {

    private DirectRequests() {}

    /**
     * Whether the request has nothing that only the full path handles: no query string, no TLS (the full path adds
     * HSTS), no {@code Origin} (CORS), and an {@code Accept} that is absent, {@code *}{@code /*} or {@code mediaType}.
     */
    static boolean plain(HttpServerRequest request, String mediaType) {
        if (request.uri().indexOf('?') >= 0 || "https".equals(request.scheme())) {
            return false;
        }
        HttpHeaders headers = request.requestHeaders();
        if (headers.contains(HttpHeaderNames.ORIGIN)) {
            return false;
        }
        List<String> accept = headers.getAll(HttpHeaderNames.ACCEPT);
        if (accept.isEmpty()) {
            return true;
        }
        String value = accept.size() == 1 ? accept.get(0).trim() : "";
        return value.equals("*/*") || value.equals(mediaType);
    }

    /** The {@code http.server.requests} timer the full path's observation records a successful GET of {@code uri} in. */
    static Timer served(MeterRegistry meters, String uri) {
        return Timer.builder("http.server.requests")
                .tags(
                        "error", "none",
                        "exception", "none",
                        "method", "GET",
                        "outcome", "SUCCESS",
                        "status", "200",
                        "uri", uri)
                .register(meters);
    }
}
