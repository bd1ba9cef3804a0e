package io.opgate.gateway.api;

import io.opgate.contracts.model.Operation;
import io.opgate.gateway.events.ConflatingQueue;
import io.opgate.gateway.events.EventHub;
import io.opgate.gateway.security.Caller;
import io.opgate.gateway.store.Change;
import io.opgate.gateway.store.ChangeFeed;
import io.opgate.gateway.store.OperationFilter;
import io.opgate.gateway.store.OperationStore;
import io.opgate.gateway.store.TrackedOperation;
import io.opgate.gateway.tracking.OperationService;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * Builds the two Server-Sent Event streams of CONTRACT §3 as frames; {@link OpenStreams} paces them to the connection
 * and adds the keepalives.
 */
@Component
final class EventStreams {

    private static final Logger log = LoggerFactory.getLogger(EventStreams.class);

    private final OperationService operations;
    private final OperationStore store;
    private final ChangeFeed feed;
    private final EventHub hub;
    private final SseFrames frames;

    EventStreams(OperationService operations, OperationStore store, ChangeFeed feed, EventHub hub, SseFrames frames) {
        this.operations = operations;
        this.store = store;
        this.feed = feed;
        this.hub = hub;
        this.frames = frames;
    }

    /**
     * One operation: its snapshot (unless the client has it already), then one event per change, ending after the
     * terminal one or when the operation is forgotten.
     */
    Flux<SseFrame> operation(Caller caller, TrackedOperation first, @Nullable Long lastVersion) {
        String id = first.id();
        return framed(Flux.using(
                () -> operations.follow(first),
                following -> {
                    AtomicLong sent = new AtomicLong(lastVersion == null ? 0 : lastVersion);
                    Flux<Change> changes = following.queue().flux();
                    // Re-read after following: a change between the caller's read and the follow is not missed.
                    Flux<Operation> snapshot = operations
                            .find(caller, id)
                            .map(TrackedOperation::operation)
                            .defaultIfEmpty(first.operation())
                            .flux();
                    return Flux.concat(snapshot.map(op -> new Change("", first.tenant(), op, false)), changes)
                            .takeUntil(Change::removed)
                            .filter(change -> !change.removed())
                            .map(Change::operation)
                            // Ending comes before the version check: a client that already has the terminal
                            // version gets nothing more and the stream ends at once.
                            .takeUntil(Operation::done)
                            .filter(op -> {
                                if (op.version() <= sent.get()) {
                                    return false;
                                }
                                sent.set(op.version());
                                return true;
                            })
                            .map(frames::version);
                },
                OperationService.Following::close));
    }

    /**
     * Every change the caller may see and the filter accepts. With a cursor it resumes after it; without one, or when
     * the cursor is too old or unknown (then after an {@code event: reset}), it starts with the snapshot of every
     * matching operation that is not done.
     */
    Flux<SseFrame> all(Caller caller, OperationFilter requested, @Nullable String lastEventId) {
        OperationFilter filter = operations.scoped(caller, requested);
        return framed(Flux.using(
                () -> hub.followAll(change -> change.removed()
                        ? filter.tenant() == null || filter.tenant().equals(change.tenant())
                        : filter.matches(change.tenant(), change.operation())),
                queue -> {
                    AtomicReference<String> resumeAfter = new AtomicReference<>();
                    Map<String, Long> snapshotVersions = new HashMap<>();
                    Flux<SseFrame> prefix = lastEventId == null
                            ? snapshot(filter, resumeAfter, snapshotVersions)
                            : feed.readAfter(lastEventId)
                                    .doOnNext(change -> resumeAfter.set(change.cursor()))
                                    .filter(queue::accepts)
                                    .map(frames::change)
                                    .doOnSubscribe(s -> resumeAfter.set(lastEventId))
                                    .onErrorResume(
                                            ChangeFeed.CursorExpired.class,
                                            e -> Flux.concat(
                                                    Flux.just(frames.reset()),
                                                    snapshot(filter, resumeAfter, snapshotVersions)));
                    Flux<SseFrame> live = queue.flux()
                            .filter(change -> isNewer(change, resumeAfter.get(), snapshotVersions))
                            .map(frames::change);
                    return Flux.concat(prefix, live);
                },
                ConflatingQueue::close));
    }

    private Flux<SseFrame> snapshot(
            OperationFilter filter, AtomicReference<String> resumeAfter, Map<String, Long> versions) {
        return Flux.defer(() -> {
            String head = feed.head();
            String cursor = head == null ? feed.origin() : head;
            resumeAfter.set(cursor);
            return store.active(filter).map(op -> {
                synchronized (versions) {
                    versions.put(op.id(), op.operation().version());
                }
                return frames.snapshot(cursor, op.operation());
            });
        });
    }

    private boolean isNewer(Change change, @Nullable String after, Map<String, Long> snapshotVersions) {
        if (after != null && feed.compare(change.cursor(), after) <= 0) {
            return false;
        }
        if (change.removed()) {
            return true;
        }
        Long snapshotVersion;
        synchronized (snapshotVersions) {
            snapshotVersion = snapshotVersions.get(change.operation().id());
        }
        return snapshotVersion == null || change.operation().version() > snapshotVersion;
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
