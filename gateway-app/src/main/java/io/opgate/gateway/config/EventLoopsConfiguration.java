package io.opgate.gateway.config;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.reactor.netty.autoconfigure.ReactorNettyProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import reactor.netty.resources.LoopResources;

/**
 * The event loops of the server and of the backends' HTTP client: Reactor Netty's default number of workers, plus one
 * thread of their own for accepting connections.
 *
 * <p>By default Reactor Netty accepts connections on one of the workers. Under load that worker spends each turn
 * answering the requests of its own connections, and it waits for a core with the others, so a new connection waits
 * many turns before its first request is read: with 256 connections opened at once against a saturated gateway, 1 %
 * of the requests of a 10 s run took 0.7–1.1 s ({@code BENCHMARKS.md}, round 7). An acceptor that does nothing else is
 * idle, so the kernel runs it as soon as a connection arrives. This is Netty's own boss and worker arrangement, and
 * what Reactor Netty's {@code reactor.netty.ioSelectCount=1} gives its global resources; declared here so that it
 * holds whatever the JVM is started with.
 */
@Configuration(proxyBeanMethods = false)
class EventLoopsConfiguration {

    /** The name Reactor Netty gives its own threads, so that thread dumps and profiles read the same. */
    private static final String THREAD_PREFIX = "reactor-http";

    @Bean
    ReactorResourceFactory reactorResourceFactory(ObjectProvider<ReactorNettyProperties> reactorNetty) {
        ReactorResourceFactory factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        factory.setLoopResourcesSupplier(
                () -> LoopResources.create(THREAD_PREFIX, 1, LoopResources.DEFAULT_IO_WORKER_COUNT, true));
        ReactorNettyProperties properties = reactorNetty.getIfAvailable();
        if (properties != null && properties.getShutdownQuietPeriod() != null) {
            factory.setShutdownQuietPeriod(properties.getShutdownQuietPeriod());
        }
        return factory;
    }
}
