package io.opgate.gateway.api;

import io.opgate.gateway.security.Caller;
import io.opgate.gateway.security.CallerResolver;
import io.opgate.gateway.security.ClientQuotas;
import io.opgate.gateway.security.ConcurrencyQuota;
import io.opgate.gateway.security.StreamLifetime;
import io.opgate.gateway.tracking.OperationService;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The two Server-Sent Event streams (CONTRACT §3). {@code Last-Event-ID} may also be given as the query parameter
 * {@code lastEventId}, for a browser's first connection.
 */
@RestController
class EventsController {

    private static final String LAST_EVENT_ID = "Last-Event-ID";

    private final OperationService operations;
    private final EventStreams streams;
    private final CallerResolver callers;
    private final ConcurrencyQuota quota;
    private final OpenStreams open;
    private final StreamLifetime lifetime;

    EventsController(
            OperationService operations,
            EventStreams streams,
            CallerResolver callers,
            ClientQuotas quotas,
            OpenStreams open,
            StreamLifetime lifetime) {
        this.operations = operations;
        this.streams = streams;
        this.callers = callers;
        this.quota = quotas.streams();
        this.open = open;
        this.lifetime = lifetime;
    }

    @GetMapping(path = "/v1/operations/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Mono<ResponseEntity<Flux<SseFrame>>> operation(
            @PathVariable String id,
            @RequestHeader(name = LAST_EVENT_ID, required = false) @Nullable String lastEventIdHeader,
            @RequestParam(required = false) @Nullable String lastEventId,
            ServerWebExchange exchange) {
        return callers.resolve(exchange).flatMap(caller -> {
            String checked = QueryParams.id(id);
            Long lastVersion =
                    QueryParams.version(LAST_EVENT_ID, lastEventIdHeader != null ? lastEventIdHeader : lastEventId);
            return operations
                    .get(caller, checked)
                    .map(op -> stream(caller, exchange, () -> streams.operation(caller, op, lastVersion)));
        });
    }

    @GetMapping(path = "/v1/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Mono<ResponseEntity<Flux<SseFrame>>> all(
            @RequestHeader(name = LAST_EVENT_ID, required = false) @Nullable String lastEventIdHeader,
            @RequestParam(required = false) @Nullable String lastEventId,
            ServerWebExchange exchange) {
        return callers.resolve(exchange).map(caller -> {
            var filter = QueryParams.filter(exchange.getRequest().getQueryParams());
            String resumeAfter = QueryParams.cursor(lastEventIdHeader != null ? lastEventIdHeader : lastEventId);
            return stream(caller, exchange, () -> streams.all(caller, filter, resumeAfter));
        });
    }

    /** The answer of a stream that counts against the caller's quota while it is open. */
    private ResponseEntity<Flux<SseFrame>> stream(
            Caller caller, ServerWebExchange exchange, Supplier<Flux<SseFrame>> stream) {
        // Paced by the connection: a client that falls behind leaves its changes in its conflating queue.
        Flux<SseFrame> held = quota.holdingFlux(caller, stream);
        // A stream opened with a stream token ends after the maximum age; the client comes back with a new token.
        Flux<SseFrame> aged = lifetime.maxAge(exchange).map(held::take).orElse(held);
        Flux<SseFrame> events = open.pace(exchange.getResponse(), aged);
        return ResponseEntity.ok()
                .contentType(MediaType.TEXT_EVENT_STREAM)
                .cacheControl(CacheControl.noCache())
                .header("X-Accel-Buffering", "no")
                .body(events);
    }
}
