package io.opgate.gateway.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.opgate.gateway.api.DirectEventStreams;
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
 * Puts {@link DirectEventStreams} and {@link DirectOperationReads} on the Reactor Netty server as routes in front of
 * the WebFlux application, as {@code opgate.api.direct-reads} and {@code opgate.api.direct-streams} say. What they hand on goes to the same
 * application that every other request reaches.
 */
@Configuration(proxyBeanMethods = false)
class DirectReadsConfiguration {

    @Bean
    NettyRouteProvider directOperationReads(
            ApiProperties api,
            DirectEventStreams streams,
            OperationSnapshots snapshots,
            DirectCallers callers,
            ObjectMapper json,
            MeterRegistry meters,
            ObjectProvider<HttpHandler> application) {
        // The application is built after the server's routes: look it up at the first request handed on.
        SingletonSupplier<ReactorHttpHandlerAdapter> fullPath =
                SingletonSupplier.of(() -> new ReactorHttpHandlerAdapter(application.getObject()));
        DirectOperationReads reads =
                new DirectOperationReads(snapshots, callers, op -> json.writeValueAsBytes(op.withoutNative()), meters);
        return routes -> {
            // Streams first: a stream's path also starts like a read's.
            if (api.directStreams()) {
                routes.route(
                        DirectEventStreams::candidate,
                        (request, response) -> streams.handle(request, response, fullPath.obtain()));
            }
            if (api.directReads()) {
                routes.route(
                        DirectOperationReads::candidate,
                        (request, response) -> reads.handle(request, response, fullPath.obtain()));
            }
            return routes;
        };
    }
}
