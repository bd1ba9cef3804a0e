package io.opgate.gateway.api;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * The event streams open on this instance: one timer gives all of them their keepalive (a timer per stream would cost
 * each connection a scheduled task and its own subscriber), and their buffers can be seen in the metrics.
 */
@Component
final class OpenStreams implements MeterBinder, DisposableBean {

    private final Set<StreamPump.Pump> open = ConcurrentHashMap.newKeySet();
    private final SseFrames frames;
    private final Disposable ticking;

    @Autowired
    OpenStreams(SseFrames frames, StreamSettings settings) {
        this(frames, settings.keepalive());
    }

    OpenStreams(SseFrames frames, Duration keepalive) {
        this.frames = frames;
        this.ticking = Flux.interval(keepalive, keepalive)
                .onBackpressureDrop()
                .subscribe(tick -> open.forEach(StreamPump.Pump::keepalive));
    }

    /** {@code frames} written to {@code response}, paced by its connection and kept alive while open. */
    StreamPump pace(ServerHttpResponse response, Flux<SseFrame> frames) {
        return new StreamPump(frames, StreamOutlet.of(response), this);
    }

    SseFrame keepaliveFrame() {
        return frames.keepalive();
    }

    void opened(StreamPump.Pump pump) {
        open.add(pump);
    }

    void closed(StreamPump.Pump pump) {
        open.remove(pump);
    }

    int count() {
        return open.size();
    }

    /** Bytes written to stream connections and not yet sent, over all of them. */
    long bufferedBytes() {
        long sum = 0;
        for (StreamPump.Pump pump : open) {
            sum += pump.pendingBytes();
        }
        return sum;
    }

    /** The most bytes one stream connection has written and not yet sent. */
    long largestBuffer() {
        long max = 0;
        for (StreamPump.Pump pump : open) {
            max = Math.max(max, pump.pendingBytes());
        }
        return max;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("opgate.sse.buffered", this, OpenStreams::bufferedBytes)
                .baseUnit("bytes")
                .description("Bytes written to event stream connections and not yet sent")
                .register(registry);
        Gauge.builder("opgate.sse.buffered.largest", this, OpenStreams::largestBuffer)
                .baseUnit("bytes")
                .description("The most bytes one event stream connection has written and not yet sent")
                .register(registry);
    }

    @Override
    public void destroy() {
        ticking.dispose();
    }
}
