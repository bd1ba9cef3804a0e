package io.opgate.gateway.support;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * A web filter, first in line, that notes the path of every request reaching the WebFlux application: tests of the
 * direct paths tell by it whether a request was answered before the application or handed on to it. Import
 * {@link Registration} to have it.
 */
public final class ApplicationRequests implements WebFilter, Ordered {

    private final Queue<String> paths = new ConcurrentLinkedQueue<>();

    /** Requests so far whose path {@code path} accepts. */
    public long count(Predicate<String> path) {
        return paths.stream().filter(path).count();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        paths.add(exchange.getRequest().getPath().value());
        return chain.filter(exchange);
    }

    @TestConfiguration
    public static class Registration {
        @Bean
        ApplicationRequests applicationRequests() {
            return new ApplicationRequests();
        }
    }
}
