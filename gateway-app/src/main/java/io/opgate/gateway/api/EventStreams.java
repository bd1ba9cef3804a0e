package io.opgate.gateway.api;

import io.opgate.gateway.events.ChangeStreams;
import io.opgate.gateway.events.StreamItem;
import io.opgate.gateway.security.Caller;
import io.opgate.gateway.store.OperationFilter;
import io.opgate.gateway.store.TrackedOperation;
import io.opgate.gateway.tracking.Followers;
import io.opgate.gateway.tracking.OperationService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * Writes the two Server-Sent Event streams of CONTRACT §3, which {@link ChangeStreams} decides, as frames;
 * {@link OpenStreams} paces them to the connection and adds the keepalives.
 */
@Component
final class EventStreams {

    private static final Logger log = LoggerFactory.getLogger(EventStreams.class);

    private final OperationService operations;
    private final ChangeStreams changes;
    private final SseFrames frames;

    EventStreams(OperationService operations, ChangeStreams changes, SseFrames frames) {
        this.operations = operations;
        this.changes = changes;
        this.frames = frames;
    }

    /**
     * One operation: its snapshot (unless the client has it already), then one event per change, ending after the
     * terminal one or when the operation is forgotten.
     */
    Flux<SseFrame> operation(Caller caller, TrackedOperation first, @Nullable Long lastVersion) {
        return framed(Flux.using(
                () -> operations.follow(first),
                following -> ChangeStreams.operation(
                                // Re-read after following: a change between the caller's read and the follow is not
                                // missed.
                                operations
                                        .find(caller, first.id())
                                        .map(TrackedOperation::operation)
                                        .defaultIfEmpty(first.operation()),
                                following.queue().flux(),
                                lastVersion)
                        .map(frames::version),
                Followers.Following::close));
    }

    /** Every change the caller may see and the filter accepts, after {@code lastEventId} when it can. */
    Flux<SseFrame> all(Caller caller, OperationFilter requested, @Nullable String lastEventId) {
        return framed(
                changes.all(operations.scoped(caller, requested), lastEventId).map(this::frame));
    }

    private SseFrame frame(StreamItem item) {
        if (item instanceof StreamItem.Changed changed) {
            return frames.change(changed.change());
        }
        if (item instanceof StreamItem.Snapshot snapshot) {
            return frames.snapshot(snapshot.cursor(), snapshot.operation());
        }
        return frames.reset();
    }

    /**
     * The reconnect hint first, then the events. A failure once the stream has begun cannot be answered with a status
     * any more: the stream ends cleanly, so that the client reconnects (and gets a problem answer if it lasts).
     */
    private Flux<SseFrame> framed(Flux<SseFrame> events) {
        return Flux.concat(Flux.just(frames.hello()), events.onErrorResume(e -> {
            log.warn("Ending an event stream after a failure: {}", e.toString());
            return Flux.empty();
        }));
    }
}
