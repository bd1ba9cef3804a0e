package io.opgate.gateway.security;

import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Tells who makes a request. */
public interface CallerResolver {

    /** The caller of {@code exchange}; an error when it is not authenticated or not allowed. */
    Mono<Caller> resolve(ServerWebExchange exchange);
}
