package io.opgate.gateway.events;

import io.opgate.contracts.model.Operation;
import io.opgate.gateway.store.Change;
import io.opgate.gateway.store.ChangeFeed;
import io.opgate.gateway.store.OperationFilter;
import io.opgate.gateway.store.OperationStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the event streams of CONTRACT §3 send, before it is framed: where a stream of all operations resumes, the
 * reset and the snapshot when it cannot, and which changes and versions a client has already, so that it is sent
 * nothing twice and nothing older than what it holds.
 */
public final class ChangeStreams {

    private final EventHub hub;
    private final ChangeFeed feed;
    private final OperationStore store;

    public ChangeStreams(EventHub hub, ChangeFeed feed, OperationStore store) {
        this.hub = hub;
        this.feed = feed;
        this.store = store;
    }

    /**
     * Every change that {@code filter} accepts; the filter is already narrowed to what the client may see. After
     * {@code lastEventId} it resumes with the changes since; without one it starts with the snapshot of every
     * matching operation that is not done, and with a cursor too old or unknown, with a {@link StreamItem#RESET} and
     * then that snapshot.
     */
    public Flux<StreamItem> all(OperationFilter filter, @Nullable String lastEventId) {
        return Flux.using(
                () -> hub.followAll(change -> accepts(filter, change)),
                queue -> {
                    Sent sent = new Sent();
                    Flux<StreamItem> prefix = lastEventId == null
                            ? snapshot(filter, sent)
                            : feed.readAfter(lastEventId)
                                    .doOnSubscribe(s -> sent.after(lastEventId))
                                    .doOnNext(change -> sent.after(change.cursor()))
                                    .filter(queue::accepts)
                                    .<StreamItem>map(StreamItem.Changed::new)
                                    .onErrorResume(
                                            ChangeFeed.CursorExpired.class,
                                            e -> Flux.concat(Flux.just(StreamItem.RESET), snapshot(filter, sent)));
                    // Queued from the start, so that nothing between the prefix's read and now is missed.
                    Flux<StreamItem> live = queue.flux().filter(sent::lacks).map(StreamItem.Changed::new);
                    return Flux.concat(prefix, live);
                },
                ConflatingQueue::close);
    }

    /** A removal reaches every client of the tenant: the operation may have matched when the client was sent it. */
    private static boolean accepts(OperationFilter filter, Change change) {
        return change.removed()
                ? filter.tenant() == null || filter.tenant().equals(change.tenant())
                : filter.matches(change.tenant(), change.operation());
    }

    private Flux<StreamItem> snapshot(OperationFilter filter, Sent sent) {
        return Flux.defer(() -> {
            String head = feed.head();
            String cursor = head == null ? feed.origin() : head;
            sent.after(cursor);
            return store.active(filter).map(tracked -> {
                sent.snapshot(tracked.operation());
                return new StreamItem.Snapshot(cursor, tracked.operation());
            });
        });
    }

    /**
     * The versions a stream of one operation sends: {@code current} (read once its changes are queued, so that none
     * is missed), then each changed version, every one newer than {@code lastVersion} and than the one sent before.
     * It ends after the terminal version, even one the client has already, and when the operation is removed.
     */
    public static Flux<Operation> operation(Mono<Operation> current, Flux<Change> changes, @Nullable Long lastVersion) {
        return Flux.defer(() -> {
            AtomicLong sent = new AtomicLong(lastVersion == null ? 0 : lastVersion);
            Flux<Operation> changed = changes.takeUntil(Change::removed)
                    .filter(change -> !change.removed())
                    .map(Change::operation);
            return Flux.concat(current, changed).takeUntil(Operation::done).filter(op -> {
                if (op.version() <= sent.get()) {
                    return false;
                }
                sent.set(op.version());
                return true;
            });
        });
    }

    /** What one client of all operations has before its live changes: the cursor it is past, the snapshot's versions. */
    private final class Sent {

        private volatile @Nullable String after;
        private final Map<String, Long> snapshotVersions = new ConcurrentHashMap<>();

        void after(String cursor) {
            after = cursor;
        }

        void snapshot(Operation operation) {
            snapshotVersions.put(operation.id(), operation.version());
        }

        /** Whether a live change is news to the client: past its cursor, and newer than the snapshot's version. */
        boolean lacks(Change change) {
            String past = after;
            if (past != null && feed.compare(change.cursor(), past) <= 0) {
                return false;
            }
            if (change.removed()) {
                return true;
            }
            Long snapshotVersion = snapshotVersions.get(change.operation().id());
            return snapshotVersion == null || change.operation().version() > snapshotVersion;
        }
    }
}
