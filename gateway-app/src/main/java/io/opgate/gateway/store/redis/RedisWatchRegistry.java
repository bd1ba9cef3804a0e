package io.opgate.gateway.store.redis;

import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.opgate.gateway.store.WatchRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Watches shared by every replica. This replica counts its own watchers in memory and, every {@code refresh}, marks
 * what they watch in Redis until {@code 3 × refresh} from now, then reads back what every replica watches. So an
 * operation's poller (any replica) applies the watched interval whoever holds the watcher; a watch outlives its last
 * watcher by at most {@code 3 × refresh}. {@link #isWatched} never waits for Redis.
 */
public final class RedisWatchRegistry implements WatchRegistry, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisWatchRegistry.class);
    private static final int MARK_BATCH = 1_000;

    private final RedisClusterReactiveCommands<String, String> redis;
    private final RedisKeys keys;
    private final Clock clock;
    private final Duration refresh;
    private final Scheduler timer;
    private final Map<String, Integer> local = new ConcurrentHashMap<>();
    private volatile Set<String> everywhere = ConcurrentHashMap.newKeySet();
    private Disposable refreshing = () -> {};

    public RedisWatchRegistry(
            RedisClusterReactiveCommands<String, String> redis,
            RedisKeys keys,
            Clock clock,
            Duration refresh,
            Scheduler timer) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
        this.refresh = refresh;
        this.timer = timer;
    }

    public void start() {
        refreshing = Flux.interval(refresh, refresh, timer)
                .onBackpressureDrop()
                .concatMap(tick -> refreshOnce().onErrorResume(e -> {
                    log.debug("Refreshing watches failed, retrying: {}", e.toString());
                    return Mono.empty();
                }))
                .subscribe();
    }

    @Override
    public Disposable watch(String id) {
        if (local.merge(id, 1, Integer::sum) == 1) {
            // Marked at once, on the shared connection before anything the watcher asks next (commands keep their
            // order), so that a claim of this operation on any replica already sees it.
            mark(List.of(id)).subscribe(null, e -> log.debug("Marking a watch failed: {}", e.toString()));
        }
        AtomicBoolean released = new AtomicBoolean();
        return new Disposable() {
            @Override
            public void dispose() {
                if (released.compareAndSet(false, true)) {
                    local.computeIfPresent(id, (key, count) -> count <= 1 ? null : count - 1);
                }
            }

            @Override
            public boolean isDisposed() {
                return released.get();
            }
        };
    }

    @Override
    public boolean isWatched(String id) {
        return local.containsKey(id) || everywhere.contains(id);
    }

    Mono<Void> refreshOnce() {
        List<String> mine = new ArrayList<>(local.keySet());
        long now = clock.millis();
        return Flux.fromIterable(partition(mine))
                .concatMap(this::mark)
                .then(redis.zremrangebyscore(keys.watched(), Range.create(Double.NEGATIVE_INFINITY, (double) now)))
                .then(redis.zrangebyscore(keys.watched(), Range.create((double) now, Double.POSITIVE_INFINITY))
                        .collectList())
                .doOnNext(ids -> {
                    Set<String> next = ConcurrentHashMap.newKeySet(ids.size());
                    next.addAll(ids);
                    everywhere = next;
                })
                .then();
    }

    private Mono<Long> mark(List<String> ids) {
        if (ids.isEmpty()) {
            return Mono.just(0L);
        }
        double until = clock.millis() + 3 * refresh.toMillis();
        @SuppressWarnings("unchecked")
        ScoredValue<String>[] values =
                ids.stream().map(id -> ScoredValue.just(until, id)).toArray(ScoredValue[]::new);
        return redis.zadd(keys.watched(), values);
    }

    private static List<List<String>> partition(List<String> ids) {
        List<List<String>> parts = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += MARK_BATCH) {
            parts.add(ids.subList(i, Math.min(ids.size(), i + MARK_BATCH)));
        }
        return parts;
    }

    @Override
    public void close() {
        refreshing.dispose();
    }
}
