package io.opgate.gateway.api;

import io.opgate.gateway.security.Caller;
import io.opgate.gateway.security.ClientQuotas;
import io.opgate.gateway.security.ConcurrencyQuota;
import io.opgate.gateway.security.StreamLifetime;
import java.util.function.Supplier;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;

/** The answer of an event stream: held against the caller's stream quota, aged, and paced by the connection. */
@Component
final class StreamAnswers {

    private final ConcurrencyQuota quota;
    private final OpenStreams open;
    private final StreamLifetime lifetime;

    StreamAnswers(ClientQuotas quotas, OpenStreams open, StreamLifetime lifetime) {
        this.quota = quotas.streams();
        this.open = open;
        this.lifetime = lifetime;
    }

    /** The answer of a stream that counts against the caller's quota while it is open. */
    ResponseEntity<Flux<SseFrame>> answer(Caller caller, ServerWebExchange exchange, Supplier<Flux<SseFrame>> stream) {
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
