package io.opgate.gateway.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.opgate.gateway.events.EventHub;

/** Server-Sent Event clients of this instance and what their queues did with the changes. */
public final class StreamMeters implements MeterBinder {

    private final EventHub hub;

    public StreamMeters(EventHub hub) {
        this.hub = hub;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("opgate.sse.clients", hub, EventHub::clients)
                .description("Event stream clients connected to this instance")
                .register(registry);
        FunctionCounter.builder("opgate.sse.events.sent", hub, EventHub::delivered)
                .description("Changes handed to event stream clients")
                .register(registry);
        FunctionCounter.builder("opgate.sse.events.conflated", hub, EventHub::conflated)
                .description("Changes a client never got because a newer one of the same operation replaced them")
                .register(registry);
    }
}
