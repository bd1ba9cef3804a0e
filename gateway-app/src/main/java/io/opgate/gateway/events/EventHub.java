package io.opgate.gateway.events;

import io.opgate.gateway.store.Change;
import io.opgate.gateway.store.ChangeFeed;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/**
 * Fans this instance's one reading of the change feed out to its stream clients. Per-operation clients are indexed
 * by operation, so a change costs work only for the clients that follow it; dispatch never waits for a client.
 */
public final class EventHub implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventHub.class);

    private final ChangeFeed feed;
    private final Set<ConflatingQueue> everything = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<ConflatingQueue>> byOperation = new ConcurrentHashMap<>();
    private final ConflatingQueue.Totals totals = new ConflatingQueue.Totals();
    private Disposable reading = () -> {};

    public EventHub(ChangeFeed feed) {
        this.feed = feed;
    }

    public void start() {
        reading = feed.live().subscribe(this::dispatch, e -> log.error("The change feed ended with an error", e));
    }

    /** Starts queueing the changes of one operation for a new client; close the queue when the client goes. */
    public ConflatingQueue followOperation(String id) {
        Set<ConflatingQueue> followers = ConcurrentHashMap.newKeySet();
        ConflatingQueue[] queue = new ConflatingQueue[1];
        queue[0] = new ConflatingQueue(
                change -> true,
                () -> byOperation.computeIfPresent(id, (key, set) -> {
                    set.remove(queue[0]);
                    return set.isEmpty() ? null : set;
                }),
                totals);
        byOperation.compute(id, (key, set) -> {
            Set<ConflatingQueue> target = set == null ? followers : set;
            target.add(queue[0]);
            return target;
        });
        return queue[0];
    }

    /** Starts queueing every change that {@code filter} accepts for a new client. */
    public ConflatingQueue followAll(Predicate<Change> filter) {
        ConflatingQueue[] queue = new ConflatingQueue[1];
        queue[0] = new ConflatingQueue(filter, () -> everything.remove(queue[0]), totals);
        everything.add(queue[0]);
        return queue[0];
    }

    void dispatch(Change change) {
        for (ConflatingQueue queue : everything) {
            if (queue.accepts(change)) {
                queue.offer(change);
            }
        }
        Set<ConflatingQueue> followers = byOperation.get(change.operation().id());
        if (followers != null) {
            followers.forEach(q -> q.offer(change));
        }
    }

    /** Stream clients connected to this instance. */
    public int clients() {
        int perOperation = 0;
        for (Set<ConflatingQueue> set : byOperation.values()) {
            perOperation += set.size();
        }
        return everything.size() + perOperation;
    }

    /** Changes handed to stream clients since start, across every client. */
    public long delivered() {
        return totals.delivered().sum();
    }

    /** Changes that clients skipped because a newer one of the same operation replaced them, across every client. */
    public long conflated() {
        return totals.conflated().sum();
    }

    /**
     * Ends every stream cleanly, after what each client has pending, so that clients reconnect (to another replica,
     * or to this one after a restart) instead of holding a graceful shutdown open.
     */
    public void endStreams() {
        everything.forEach(ConflatingQueue::end);
        byOperation.values().forEach(set -> set.forEach(ConflatingQueue::end));
    }

    @Override
    public void close() {
        endStreams();
        reading.dispose();
    }
}
