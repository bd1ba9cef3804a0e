package io.opgate.gateway.api;

import io.opgate.gateway.security.CallerResolver;
import io.opgate.gateway.security.StreamTokens;
import java.time.Instant;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Hands out stream tokens: a browser's {@code EventSource} cannot send an {@code Authorization} header, so the page
 * asks for a short-lived token with its credentials and opens the stream with {@code ?token=}.
 */
@RestController
class StreamTokensController {

    private final CallerResolver callers;
    private final StreamTokens tokens;

    StreamTokensController(CallerResolver callers, StreamTokens tokens) {
        this.callers = callers;
        this.tokens = tokens;
    }

    @PostMapping(path = "/v1/stream-tokens", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<StreamTokenView> issue(ServerWebExchange exchange) {
        return callers.resolve(exchange).map(caller -> {
            StreamTokens.Issued issued = tokens.issue(caller);
            return new StreamTokenView(issued.token(), issued.expiresAt());
        });
    }

    /**
     * The answer of {@code POST /v1/stream-tokens}.
     *
     * @param token the value for {@code ?token=} on the two event streams
     * @param expiresAt after this the token opens no stream; streams opened before stay open
     */
    record StreamTokenView(String token, Instant expiresAt) {

        @Override
        public String toString() {
            // Codecs log what they encode at DEBUG; the token is a credential.
            return "StreamTokenView[token=******, expiresAt=" + expiresAt + "]";
        }
    }
}
