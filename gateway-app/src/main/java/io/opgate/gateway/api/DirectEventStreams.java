package io.opgate.gateway.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.opgate.gateway.security.Caller;
import io.opgate.gateway.security.DirectCallers;
import io.opgate.gateway.security.LimitExceeded;
import io.opgate.gateway.security.SecurityHeaders;
import io.opgate.gateway.security.StreamQuota;
import io.opgate.gateway.tracking.OperationIds;
import io.opgate.gateway.tracking.OperationService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Serves the two event streams without parameters, {@code GET /v1/operations/{id}/events} and {@code GET /v1/events},
 * on Reactor Netty's own request, for the same reason as {@link DirectOperationReads}: the events are the same
 * {@link EventStreams} build for the full path, but a held stream keeps none of the framework's per-request objects
 * (exchange, attribute maps, controller binding, security and observation state), and an operation event's bytes are
 * made once per change and shared by every client ({@link SseBytes}), so a client that does not read holds references
 * to shared bytes, not copies.
 *
 * <p>Handed to the full path, which then answers as it always does: any query parameter (filters, {@code token},
 * {@code lastEventId}), TLS, {@code Origin}, an {@code Accept} other than none, {@code *}{@code /*} or
 * {@code text/event-stream}, callers not known by a lookup, a malformed {@code Last-Event-ID} on an operation's
 * stream, unknown or other tenants' ids, a full stream quota, and store errors.
 */
@Component
public final class DirectEventStreams {

    private static final String OPERATIONS = "/v1/operations/";
    private static final String EVENTS_SUFFIX = "/events";
    private static final String ALL = "/v1/events";
    private static final String LAST_EVENT_ID = "Last-Event-ID";
    /** What the full path's stream answer carries: the controller's headers and Spring Security's writers. */
    private static final HttpHeaders FIXED = new DefaultHttpHeaders()
            .set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream;charset=UTF-8")
            // Without a length or chunking Reactor Netty would end the stream by closing the connection.
            .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
            .set(HttpHeaderNames.CACHE_CONTROL, "no-cache")
            .set("X-Accel-Buffering", "no")
            .set("X-Content-Type-Options", "nosniff")
            .set("X-Frame-Options", "DENY")
            .set("X-XSS-Protection", "0")
            .set("Referrer-Policy", "no-referrer")
            .set("Content-Security-Policy", SecurityHeaders.API_POLICY);

    private final OperationService operations;
    private final EventStreams streams;
    private final DirectCallers callers;
    private final StreamQuota quota;
    private final SseBytes bytes = new SseBytes();
    private final Timer operationStreams;
    private final Timer allStreams;

    DirectEventStreams(
            OperationService operations,
            EventStreams streams,
            DirectCallers callers,
            StreamQuota quota,
            MeterRegistry meters) {
        this.operations = operations;
        this.streams = streams;
        this.callers = callers;
        this.quota = quota;
        this.operationStreams = DirectRequests.served(meters, "/v1/operations/{id}/events");
        this.allStreams = DirectRequests.served(meters, ALL);
    }

    /** Whether a request may be one this class serves; cheap, since every request is asked. */
    public static boolean candidate(HttpServerRequest request) {
        if (request.method() != HttpMethod.GET) {
            return false;
        }
        String uri = request.uri();
        return uri.equals(ALL)
                || (uri.length() > OPERATIONS.length() + EVENTS_SUFFIX.length()
                        && uri.startsWith(OPERATIONS)
                        && uri.endsWith(EVENTS_SUFFIX));
    }

    /** Serves a {@link #candidate}, or hands it to {@code fullPath}. */
    public Publisher<Void> handle(
            HttpServerRequest request,
            HttpServerResponse response,
            BiFunction<? super HttpServerRequest, ? super HttpServerResponse, ? extends Publisher<Void>> fullPath) {
        Caller caller = DirectRequests.plain(request, "text/event-stream")
                ? callers.reader(request.requestHeaders().getAll(HttpHeaderNames.AUTHORIZATION))
                : null;
        if (caller == null) {
            return fullPath.apply(request, response);
        }
        String lastEventId = request.requestHeaders().get(LAST_EVENT_ID);
        String uri = request.uri();
        if (uri.equals(ALL)) {
            var filter = QueryParams.filter(new LinkedMultiValueMap<>());
            String resumeAfter = QueryParams.cursor(lastEventId);
            return serve(
                    caller, response, allStreams, () -> streams.all(caller, filter, resumeAfter), fullPath, request);
        }
        String id = uri.substring(OPERATIONS.length(), uri.length() - EVENTS_SUFFIX.length());
        Long lastVersion = version(lastEventId);
        if (!OperationIds.isWellFormed(id) || (lastEventId != null && lastVersion == null)) {
            return fullPath.apply(request, response);
        }
        return operations
                .find(caller, id)
                .onErrorResume(e -> Mono.empty())
                .flatMap(op -> Mono.from(serve(
                                caller,
                                response,
                                operationStreams,
                                () -> streams.operation(caller, op, lastVersion),
                                fullPath,
                                request))
                        .thenReturn(true))
                .switchIfEmpty(Mono.defer(
                        () -> Mono.from(fullPath.apply(request, response)).thenReturn(false)))
                .then();
    }

    private Publisher<Void> serve(
            Caller caller,
            HttpServerResponse response,
            Timer served,
            Supplier<Flux<ServerSentEvent<String>>> events,
            BiFunction<? super HttpServerRequest, ? super HttpServerResponse, ? extends Publisher<Void>> fullPath,
            HttpServerRequest request) {
        Disposable taken;
        try {
            taken = quota.acquire(caller);
        } catch (LimitExceeded full) {
            // The full path takes the quota again and answers the 429 problem.
            return fullPath.apply(request, response);
        }
        long started = System.nanoTime();
        Flux<ServerSentEvent<String>> stream = Flux.using(() -> taken, t -> events.get(), Disposable::dispose);
        return response.status(HttpResponseStatus.OK)
                .headers(FIXED)
                .send(stream.map(event -> Unpooled.wrappedBuffer(bytes.of(event))))
                .then()
                .doFinally(signal -> served.record(System.nanoTime() - started, TimeUnit.NANOSECONDS));
    }

    private static @Nullable Long version(@Nullable String lastEventId) {
        if (lastEventId == null) {
            return null;
        }
        try {
            return QueryParams.version(LAST_EVENT_ID, lastEventId);
        } catch (RuntimeException malformed) {
            return null;
        }
    }
}
