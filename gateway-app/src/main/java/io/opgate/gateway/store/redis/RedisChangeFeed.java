package io.opgate.gateway.store.redis;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.opgate.gateway.store.Change;
import io.opgate.gateway.store.ChangeFeed;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * The change feed as a capped Redis stream: cursors are stream entry ids, so a cursor from any replica resumes on any
 * other, and after restarts. Each replica reads new entries with one dedicated connection in an {@code XREAD BLOCK}
 * loop and publishes them on {@link #live()}; when Redis goes away it tells its outage listeners (the event hub ends
 * its streams, so that clients reconnect) and reads on from where it stopped once Redis answers again.
 *
 * <p>{@link #head()} is the newest entry this replica has read, so it may lag behind the stream a little: a snapshot
 * taken after it may then repeat a change the client already has, but never misses one.
 */
public final class RedisChangeFeed implements ChangeFeed, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisChangeFeed.class);
    private static final int BATCH = 500;

    private final RedisClusterReactiveCommands<String, String> redis;
    private final RedisClusterReactiveCommands<String, String> reader;
    private final RedisKeys keys;
    private final Duration block;
    private final OperationCodec codec = new OperationCodec();
    private final Sinks.Many<Change> live = Sinks.many().multicast().directBestEffort();
    private final AtomicReference<@Nullable String> position = new AtomicReference<>();
    private final List<Runnable> outageListeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean down = new AtomicBoolean();
    private volatile @Nullable String head;
    private Disposable reading = () -> {};

    /**
     * @param redis the shared connection, for reading ranges
     * @param reader a connection of its own for the blocking reads; its command timeout must exceed {@code block}
     * @param block how long one {@code XREAD} waits for new entries
     */
    public RedisChangeFeed(
            RedisClusterReactiveCommands<String, String> redis,
            RedisClusterReactiveCommands<String, String> reader,
            RedisKeys keys,
            Duration block) {
        this.redis = redis;
        this.reader = reader;
        this.keys = keys;
        this.block = block;
    }

    /**
     * Whether this replica follows the feed without a gap right now: started, and not since cut off from Redis
     * without having read on from where it stopped.
     */
    public boolean following() {
        return position.get() != null && !down.get();
    }

    /** Runs {@code listener} each time the feed loses Redis. */
    public void onOutage(Runnable listener) {
        outageListeners.add(listener);
    }

    /** Starts the reading loop, from the newest entry at the time (older ones are for {@link #readAfter}). */
    public void start() {
        reading = Mono.defer(this::readOnce)
                .repeat()
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100))
                        .maxBackoff(Duration.ofSeconds(2))
                        .transientErrors(true)
                        .doBeforeRetry(signal -> lost(signal.failure())))
                .subscribe(null, e -> log.error("The change feed reader stopped", e));
    }

    private Mono<Void> readOnce() {
        String from = position.get();
        Mono<String> start = from != null
                ? Mono.just(from)
                : newest().doOnNext(id -> {
                    position.compareAndSet(null, id);
                    if (!id.equals(origin())) {
                        head = id;
                    }
                });
        return start.flatMapMany(after -> reader.xread(
                        XReadArgs.Builder.block(block).count(BATCH), XReadArgs.StreamOffset.from(keys.feed(), after)))
                .doOnNext(this::publish)
                .then()
                .doOnSuccess(v -> {
                    if (down.compareAndSet(true, false)) {
                        log.info("The change feed reads Redis again");
                    }
                });
    }

    private Mono<String> newest() {
        return redis.xrevrange(keys.feed(), Range.unbounded(), Limit.from(1))
                .next()
                .map(StreamMessage::getId)
                .defaultIfEmpty(origin());
    }

    private void publish(StreamMessage<String, String> message) {
        position.set(message.getId());
        head = message.getId();
        Change change;
        try {
            change = decode(message);
        } catch (RuntimeException e) {
            log.warn("Skipping change-feed entry {}: it does not decode ({})", message.getId(), e.toString());
            return;
        }
        // Only this loop emits, one entry at a time; having no subscriber is fine.
        live.tryEmitNext(change);
    }

    private void lost(Throwable failure) {
        if (down.compareAndSet(false, true)) {
            log.warn("The change feed lost Redis, retrying: {}", failure.toString());
            outageListeners.forEach(listener -> {
                try {
                    listener.run();
                } catch (RuntimeException e) {
                    log.warn("An outage listener failed", e);
                }
            });
        }
    }

    private Change decode(StreamMessage<String, String> message) {
        var body = message.getBody();
        return new Change(message.getId(), body.get("t"), codec.readFromFeed(body.get("o")), "1".equals(body.get("r")));
    }

    @Override
    public Flux<Change> readAfter(String cursor) {
        return Flux.defer(() -> {
            StreamId after = StreamId.parse(cursor);
            if (after == null) {
                return Flux.error(new CursorExpired(cursor));
            }
            // A cursor is an entry this feed gave out (or the origin): anything else is unknown, even if in range.
            Mono<Boolean> known = after.equals(StreamId.ORIGIN)
                    ? Mono.just(true)
                    : redis.xrange(keys.feed(), Range.create(after.toString(), after.toString()), Limit.from(1))
                            .hasElements();
            return known.flatMapMany(exists -> exists ? batchAfter(after) : Mono.error(new CursorGone()))
                    .expand(batch -> batch.size() < BATCH
                            ? Mono.empty()
                            : batchAfter(
                                    StreamId.parse(batch.get(batch.size() - 1).cursor())))
                    .concatMapIterable(batch -> batch)
                    .onErrorMap(CursorGone.class, e -> new CursorExpired(cursor));
        });
    }

    /**
     * The entries after {@code after}, checked afterwards against what the feed holds: trimming only removes the
     * oldest entries, so if nothing after {@code after} is gone now, nothing was gone while reading.
     */
    private Mono<List<Change>> batchAfter(@Nullable StreamId after) {
        if (after == null) {
            return Mono.error(new CursorGone());
        }
        return redis.xrange(
                        keys.feed(),
                        Range.from(Range.Boundary.excluding(after.toString()), Range.Boundary.unbounded()),
                        Limit.from(BATCH))
                .map(this::decode)
                .collectList()
                .zipWhen(batch -> bounds())
                .flatMap(
                        read -> read.getT2().resumable(after) ? Mono.just(read.getT1()) : Mono.error(new CursorGone()));
    }

    private Mono<FeedBounds> bounds() {
        return redis.xinfoStream(keys.feed())
                .collectList()
                .map(FeedBounds::of)
                .onErrorResume(
                        RedisCommandExecutionException.class,
                        e -> e.getMessage() != null && e.getMessage().contains("no such key")
                                ? Mono.just(FeedBounds.EMPTY)
                                : Mono.error(e));
    }

    @Override
    public @Nullable String head() {
        return head;
    }

    @Override
    public String origin() {
        return StreamId.ORIGIN.toString();
    }

    @Override
    public int compare(String a, String b) {
        StreamId x = StreamId.parse(a);
        StreamId y = StreamId.parse(b);
        // Something that is not a cursor sorts first: it can resume nothing.
        if (x == null || y == null) {
            return x == null ? (y == null ? 0 : -1) : 1;
        }
        return x.compareTo(y);
    }

    @Override
    public Flux<Change> live() {
        return live.asFlux();
    }

    @Override
    public void close() {
        reading.dispose();
        live.tryEmitComplete();
    }

    private static final class CursorGone extends RuntimeException {
        CursorGone() {
            super("cursor gone", null, false, false);
        }
    }
}
