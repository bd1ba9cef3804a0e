package io.opgate.gateway.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.opgate.contracts.model.Operation;
import io.opgate.gateway.security.Caller;
import io.opgate.gateway.security.DirectCallers;
import io.opgate.gateway.security.SecurityHeaders;
import io.opgate.gateway.store.OperationSnapshots;
import io.opgate.gateway.tracking.OperationIds;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Answers the plain read of one operation, {@code GET /v1/operations/{id}} without parameters, which polling clients
 * repeat more than anything else, on Reactor Netty's own request: no Spring request objects, no dispatch, no filter
 * chain, no observation, and no JSON writing per request (the body is made once per change of the operation).
 * Profiles of this request showed the framework's request path costing about nine tenths of it, opgate's own work
 * (find the operation, check the tenant) two hundredths.
 *
 * <p>Whatever it cannot answer exactly as the full path would, it hands to the full path, which then does everything
 * it always does: any query parameter, TLS (the full path adds HSTS), CORS requests (with {@code Origin}), an
 * {@code Accept} other than none, {@code *}{@code /*} or {@code application/json}, callers that are not known by a
 * lookup ({@link DirectCallers}), ids that are not well-formed, unknown or other tenants' ids, and store errors. Its
 * answers carry the same status, headers and bytes as the full path's ({@code DirectOperationReadsIntegrationTests}),
 * and are counted in {@code http.server.requests} with the same tags; they start no trace span.
 */
public final class DirectOperationReads {

    private static final String PREFIX = "/v1/operations/";
    private static final String JSON = "application/json";
    /** What the full path's answer carries besides the body's length: Spring Security's default header writers. */
    private static final HttpHeaders FIXED = new DefaultHttpHeaders()
            .set(HttpHeaderNames.CONTENT_TYPE, JSON)
            .set(HttpHeaderNames.CACHE_CONTROL, "no-cache, no-store, max-age=0, must-revalidate")
            .set(HttpHeaderNames.PRAGMA, "no-cache")
            .set(HttpHeaderNames.EXPIRES, "0")
            .set("X-Content-Type-Options", "nosniff")
            .set("X-Frame-Options", "DENY")
            .set("X-XSS-Protection", "0")
            .set("Referrer-Policy", "no-referrer")
            .set("Content-Security-Policy", SecurityHeaders.API_POLICY);

    private final OperationSnapshots snapshots;
    private final DirectCallers callers;
    private final OperationMemo<byte[]> bodies;
    private final Timer served;

    /**
     * @param summary the summary view of an operation, as the full path writes it
     */
    public DirectOperationReads(
            OperationSnapshots snapshots,
            DirectCallers callers,
            Function<Operation, byte[]> summary,
            MeterRegistry meters) {
        this.snapshots = snapshots;
        this.callers = callers;
        this.bodies = new OperationMemo<>(summary);
        this.served = DirectRequests.served(meters, "/v1/operations/{id}");
    }

    /** Whether a request may be one this class answers; cheap, since every request is asked. */
    public static boolean candidate(HttpServerRequest request) {
        return request.method() == HttpMethod.GET && request.uri().startsWith(PREFIX);
    }

    /** Answers a {@link #candidate}, or hands it to {@code fullPath}. */
    public Publisher<Void> handle(
            HttpServerRequest request,
            HttpServerResponse response,
            BiFunction<? super HttpServerRequest, ? super HttpServerResponse, ? extends Publisher<Void>> fullPath) {
        String id = plainRead(request);
        Caller caller =
                id == null ? null : callers.reader(request.requestHeaders().getAll(HttpHeaderNames.AUTHORIZATION));
        if (id == null || caller == null) {
            return fullPath.apply(request, response);
        }
        long started = System.nanoTime();
        return snapshots
                .find(id)
                .filter(snapshot -> caller.sees(snapshot.tenant()))
                .map(snapshot -> bodies.get(snapshot.operation()))
                .onErrorResume(e -> Mono.empty())
                .flatMap(body -> write(response, body)
                        .doOnSuccess(v -> served.record(System.nanoTime() - started, TimeUnit.NANOSECONDS))
                        .thenReturn(true))
                .switchIfEmpty(Mono.defer(
                        () -> Mono.from(fullPath.apply(request, response)).thenReturn(false)))
                .then();
    }

    /** The id of a plain read that this class may answer, else null. */
    static @Nullable String plainRead(HttpServerRequest request) {
        if (!candidate(request) || !DirectRequests.plain(request, JSON)) {
            return null;
        }
        String id = request.uri().substring(PREFIX.length());
        return OperationIds.isWellFormed(id) ? id : null;
    }

    private static Mono<Void> write(HttpServerResponse response, byte[] body) {
        return response.status(HttpResponseStatus.OK)
                .headers(FIXED)
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
                .send(Mono.just(Unpooled.wrappedBuffer(body)))
                .then();
    }
}
