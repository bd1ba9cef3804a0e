package io.opgate.gateway.config;

import io.opgate.gateway.events.EventHub;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Ends the event streams first when the application stops: the web server's graceful shutdown, which runs in a later
 * phase, would otherwise wait for streams that never end by themselves.
 */
@Component
class StreamDrainLifecycle implements SmartLifecycle {

    private final EventHub hub;
    private volatile boolean running;

    StreamDrainLifecycle(EventHub hub) {
        this.hub = hub;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        hub.endStreams();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
