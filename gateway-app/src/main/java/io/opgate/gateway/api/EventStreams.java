package io.opgate.gateway.api;

import io.opgate.contracts.model.Operation;
import io.opgate.gateway.config.OpgateProperties;
import io.opgate.gateway.events.ConflatingQueue;
import io.opgate.gateway.events.EventHub;
import io.opgate.gateway.security.Caller;
import io.opgate.gateway.store.Change;
import io.opgate.gateway.store.ChangeFeed;
import io.opgate.gateway.store.OperationFilter;
import io.opgate.gateway.store.OperationStore;
import io.opgate.gateway.store.TrackedOperation;
import io.opgate.gateway.tracking.OperationService;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import tools.jackson.databind.ObjectMapper;

/** Builds the two Server-Sent Event streams of CONTRACT §3. */
@Component
final class EventStreams {

    private static final Logger log = LoggerFactory.getLogger(EventStreams.class);

    static final String OPERATION_EVENT = "operation";
    static final String RESET_EVENT = "reset";
    static final String DELETED_EVENT = "deleted";

    private static final int SMALL_PREFETCH = 8;
    private static final ServerSentEvent<String> END =
            ServerSentEvent.<String>builder().comment("end").build();

    private final OperationService operations;
    private final OperationStore store;
    private final ChangeFeed feed;
    private final EventHub hub;
    private final ObjectMapper json;
    private final OperationMemo<String> payloads;
    private final Duration keepalive;
    private final Duration retry;

    @Autowired
    EventStreams(
            OperationService operations,
            OperationStore store,
            ChangeFeed feed,
            EventHub hub,
            ObjectMapper json,
            OpgateProperties properties) {
        this(
                operations,
                store,
                feed,
                hub,
                json,
                properties.sse().keepalive(),
                properties.sse().retry());
    }

    EventStreams(
            OperationService operations,
            OperationStore store,
            ChangeFeed feed,
            EventHub hub,
            ObjectMapper json,
            Duration keepalive,
            Duration retry) {
        this.operations = operations;
        this.store = store;
        this.feed = feed;
        this.hub = hub;
        this.json = json;
        this.payloads = new OperationMemo<>(operation -> json.writeValueAsString(operation.withoutNative()));
        this.keepalive = keepalive;
        this.retry = retry;
    }

    /**
     * One operation: its snapshot (unless the client has it already), then one event per change, ending after the
     * terminal one or when the operation is forgotten.
     */
    Flux<ServerSentEvent<String>> operation(Caller caller, TrackedOperation first, @Nullable Long lastVersion) {
        String id = first.id();
        return withKeepalive(Flux.using(
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
                            .map(op -> event(Long.toString(op.version()), op));
                },
                OperationService.Following::close));
    }

    /**
     * Every change the caller may see and the filter accepts. With a cursor it resumes after it; without one, or when
     * the cursor is too old or unknown (then after an {@code event: reset}), it starts with the snapshot of every
     * matching operation that is not done.
     */
    Flux<ServerSentEvent<String>> all(Caller caller, OperationFilter requested, @Nullable String lastEventId) {
        OperationFilter filter = operations.scoped(caller, requested);
        return withKeepalive(Flux.using(
                () -> hub.followAll(change -> change.removed()
                        ? filter.tenant() == null || filter.tenant().equals(change.tenant())
                        : filter.matches(change.tenant(), change.operation())),
                queue -> {
                    AtomicReference<String> resumeAfter = new AtomicReference<>();
                    Map<String, Long> snapshotVersions = new HashMap<>();
                    Flux<ServerSentEvent<String>> prefix = lastEventId == null
                            ? snapshot(filter, resumeAfter, snapshotVersions)
                            : feed.readAfter(lastEventId)
                                    .doOnNext(change -> resumeAfter.set(change.cursor()))
                                    .filter(queue::accepts)
                                    .map(this::event)
                                    .doOnSubscribe(s -> resumeAfter.set(lastEventId))
                                    .onErrorResume(
                                            ChangeFeed.CursorExpired.class,
                                            e -> Flux.concat(
                                                    Flux.just(ServerSentEvent.<String>builder()
                                                            .event(RESET_EVENT)
                                                            .data("{\"reason\":\"cursor unknown or too old\"}")
                                                            .build()),
                                                    snapshot(filter, resumeAfter, snapshotVersions)));
                    Flux<ServerSentEvent<String>> live = queue.flux()
                            .filter(change -> isNewer(change, resumeAfter.get(), snapshotVersions))
                            .map(this::event);
                    return Flux.concat(prefix, live);
                },
                ConflatingQueue::close));
    }

    private Flux<ServerSentEvent<String>> snapshot(
            OperationFilter filter, AtomicReference<String> resumeAfter, Map<String, Long> versions) {
        return Flux.defer(() -> {
            String head = feed.head();
            String cursor = head == null ? feed.origin() : head;
            resumeAfter.set(cursor);
            return store.active(filter).map(op -> {
                synchronized (versions) {
                    versions.put(op.id(), op.operation().version());
                }
                return event(cursor, op.operation());
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

    private ServerSentEvent<String> event(Change change) {
        if (change.removed()) {
            return ServerSentEvent.<String>builder()
                    .id(change.cursor())
                    .event(DELETED_EVENT)
                    .data(json.writeValueAsString(
                            Map.of("id", change.operation().id())))
                    .build();
        }
        return event(change.cursor(), change.operation());
    }

    private ServerSentEvent<String> event(String id, Operation operation) {
        return ServerSentEvent.<String>builder()
                .id(id)
                .event(OPERATION_EVENT)
                .data(payloads.get(operation))
                .build();
    }

    /** Adds the reconnect hint first and a keepalive comment every {@code keepalive} while the stream lasts. */
    private Flux<ServerSentEvent<String>> withKeepalive(Flux<ServerSentEvent<String>> events) {
        Flux<ServerSentEvent<String>> hello = Flux.just(
                ServerSentEvent.<String>builder().comment("opgate").retry(retry).build());
        Flux<ServerSentEvent<String>> keepalives = Flux.interval(keepalive)
                .onBackpressureDrop()
                .map(tick ->
                        ServerSentEvent.<String>builder().comment("keepalive").build());
        // A small prefetch keeps a slow client's backlog in its conflating queue, where it shrinks, not in buffers.
        // A failure once the stream has begun cannot be answered with a status any more: end the stream cleanly,
        // so that the client reconnects (and gets a problem answer if the failure lasts).
        Flux<ServerSentEvent<String>> ending = events.onErrorResume(e -> {
            log.warn("Ending an event stream after a failure: {}", e.toString());
            return Flux.empty();
        });
        return Flux.merge(SMALL_PREFETCH, hello.concatWith(ending).concatWith(Flux.just(END)), keepalives)
                .takeWhile(event -> event != END);
    }
}
