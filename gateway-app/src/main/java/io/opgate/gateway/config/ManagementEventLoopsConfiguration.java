package io.opgate.gateway.config;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * The management server, when it has a port of its own, on the gateway's event loops ({@link EventLoopsConfiguration}).
 *
 * <p>Boot builds that server in a child context from a new {@link NettyReactiveWebServerFactory} that is given no
 * resource factory, so Reactor Netty ran it on its global loops: a second set of {@code reactor-http-epoll-N} threads
 * for probes and scrapes. The child has no resource factory of its own, so the one injected here is the gateway's.
 * Registered for the child context in {@code META-INF/spring/...ManagementContextConfiguration.imports}; component
 * scanning also finds it in the main context, where it sets the resource factory that Boot has already set.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
class ManagementEventLoopsConfiguration {

    @Bean
    WebServerFactoryCustomizer<NettyReactiveWebServerFactory> gatewayEventLoops(ReactorResourceFactory eventLoops) {
        return factory -> factory.setResourceFactory(eventLoops);
    }
}
