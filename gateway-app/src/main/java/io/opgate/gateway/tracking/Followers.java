package io.opgate.gateway.tracking;

import io.opgate.gateway.events.ConflatingQueue;
import io.opgate.gateway.events.EventHub;
import io.opgate.gateway.store.TrackedOperation;
import io.opgate.gateway.store.WatchRegistry;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/** The clients that follow one operation (a stream of it, a long-poll): each is sent its changes and hastens its polls. */
public final class Followers {

    private final EventHub hub;
    private final WatchRegistry watches;
    private final PollingEngine engine;

    public Followers(EventHub hub, WatchRegistry watches, PollingEngine engine) {
        this.hub = hub;
        this.watches = watches;
        this.engine = engine;
    }

    /**
     * Starts following {@code op} for a client: its changes are queued from now on, and it is polled at the watched
     * interval until the returned handle is closed.
     */
    public Following follow(TrackedOperation op) {
        Following following = new Following(hub.followOperation(op.id()), watches.watch(op.id()));
        // Best effort: if the store is unreachable now, the operation is polled at its usual time instead.
        engine.expedite(op).onErrorResume(e -> Mono.empty()).subscribe();
        return following;
    }

    /** A client following one operation: its queue of changes and its watch. */
    public record Following(ConflatingQueue queue, Disposable watch) {
        public void close() {
            queue.close();
            watch.dispose();
        }
    }
}
