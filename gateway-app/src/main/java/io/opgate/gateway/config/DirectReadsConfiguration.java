package io.opgate.gateway.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.opgate.gateway.api.DirectOperationReads;
import io.opgate.gateway.security.DirectCallers;
import io.opgate.gateway.store.OperationSnapshots;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.util.function.SingletonSupplier;
import tools.jackson.databind.ObjectMapper;

/**
 * Puts {@link DirectOperationReads} on the Reactor Netty server as a route in front of the WebFlux application,
 * unless {@code opgate.api.direct-reads} is off. What it hands on goes to the same application that every other
 * request reaches.
 */
@Configuration(proxyBeanMethods = false)
class DirectReadsConfiguration {

    @Bean
    NettyRouteProvider directOperationReads(
            ApiProperties api,
            OperationSnapshots snapshots,
            DirectCallers callers,
            ObjectMapper json,
            MeterRegistry meters,
            ObjectProvider<HttpHandler> application) {
        if (!api.directReads()) {
            return routes -> routes;
        }
        DirectOperationReads reads =
                new DirectOperationReads(snapshots, callers, op -> json.writeValueAsBytes(op.withoutNative()), meters);
        // The application is built after the server's routes: look it up at the first request handed on.
        SingletonSupplier<ReactorHttpHandlerAdapter> fullPath =
                SingletonSupplier.of(() -> new ReactorHttpHandlerAdapter(application.getObject()));
        return routes -> routes.route(
                DirectOperationReads::candidate,
                (request, response) -> reads.handle(request, response, fullPath.obtain()));
    }
}
