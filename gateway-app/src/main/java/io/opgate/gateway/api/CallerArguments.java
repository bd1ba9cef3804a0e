package io.opgate.gateway.api;

import io.opgate.gateway.security.Caller;
import io.opgate.gateway.security.CallerResolver;
import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Hands a handler method its {@link Caller} as an argument, so that no controller resolves it itself; a request whose
 * caller cannot be resolved fails before the handler runs, with the resolver's error.
 */
public record CallerArguments(CallerResolver callers) implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Mono<Object> resolveArgument(
            MethodParameter parameter, BindingContext bindingContext, ServerWebExchange exchange) {
        return callers.resolve(exchange).cast(Object.class);
    }
}
