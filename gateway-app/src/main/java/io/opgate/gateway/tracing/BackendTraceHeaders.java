package io.opgate.gateway.tracing;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import io.opgate.gateway.metrics.MeteredBackendAdapter;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClientRequest;
import reactor.util.context.ContextView;

/**
 * Adds the current trace context ({@code traceparent} with W3C propagation) to each request an adapter sends. The
 * current observation is the one in the request's Reactor context: a poll's own ({@code opgate.poll.duration}), whose
 * parent is the client's request when the poll runs inside one (registration, cancel). Netty threads carry no thread
 * local for it, hence the Reactor context.
 */
public final class BackendTraceHeaders implements BiConsumer<HttpClientRequest, Connection> {

    private final Propagator propagator;

    public BackendTraceHeaders(Propagator propagator) {
        this.propagator = propagator;
    }

    @Override
    public void accept(HttpClientRequest request, Connection connection) {
        Span span = currentSpan(request.currentContextView());
        if (span != null && !span.isNoop()) {
            propagator.inject(span.context(), request, (carrier, key, value) -> {
                if (carrier != null) {
                    carrier.header(key, value);
                }
            });
        }
    }

    static @Nullable Span currentSpan(ContextView context) {
        Observation observation = context.getOrDefault(MeteredBackendAdapter.OBSERVATION_KEY, null);
        if (observation == null) {
            return null;
        }
        TracingObservationHandler.TracingContext tracing =
                observation.getContextView().get(TracingObservationHandler.TracingContext.class);
        return tracing == null ? null : tracing.getSpan();
    }
}
