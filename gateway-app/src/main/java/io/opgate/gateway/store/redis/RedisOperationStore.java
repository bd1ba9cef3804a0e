package io.opgate.gateway.store.redis;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.opgate.contracts.model.OperationState;
import io.opgate.gateway.store.CountScope;
import io.opgate.gateway.store.HistoryEntry;
import io.opgate.gateway.store.InvalidPageToken;
import io.opgate.gateway.store.OperationCounts;
import io.opgate.gateway.store.OperationFilter;
import io.opgate.gateway.store.OperationHistory;
import io.opgate.gateway.store.OperationStore;
import io.opgate.gateway.store.Page;
import io.opgate.gateway.store.TrackedOperation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Operations in Redis (layout in {@link RedisKeys}). Every write is one Lua script that checks the revision the
 * writer read, moves the index entries and appends the change-feed entry, so that replicas never lose each other's
 * updates and no reader sees a version without its content. A page merges the sorted index of each requested state
 * in one script, so it costs what the page costs, not what the store holds.
 */
public final class RedisOperationStore implements OperationStore {

    /** Entries a page examines at most beyond its size, when filters reject many (it then ends early, with a token). */
    static final int PAGE_EXAMINE_BUDGET = 2_000;

    private static final int ACTIVE_PAGE = 500;
    private static final int EXPIRE_BATCH = 200;
    /** The revision check and count bookkeeping that update and remove share. */
    private static final String OPERATION_WRITES = "operation-writes";

    private static final Set<OperationState> NOT_DONE =
            EnumSet.of(OperationState.UNKNOWN, OperationState.QUEUED, OperationState.RUNNING, OperationState.PAUSED);

    private final RedisClusterReactiveCommands<String, String> redis;
    private final RedisKeys keys;
    private final OperationCodec codec = new OperationCodec();
    private final String retainedChanges;
    private final RedisScript insert = RedisScript.load("insert");
    private final RedisScript update = RedisScript.load("update", OPERATION_WRITES);
    private final RedisScript remove = RedisScript.load("remove", OPERATION_WRITES);
    private final RedisScript page = RedisScript.load("page");
    private final String historyLimit;

    /**
     * @param redis the shared connection's commands
     * @param retainedChanges about how many changes the feed keeps (it is trimmed in whole blocks)
     */
    public RedisOperationStore(
            RedisClusterReactiveCommands<String, String> redis, RedisKeys keys, int retainedChanges) {
        this(redis, keys, retainedChanges, OperationHistory.DEFAULT_MAX_ENTRIES);
    }

    /**
     * @param redis the shared connection's commands
     * @param retainedChanges about how many changes the feed keeps (it is trimmed in whole blocks)
     * @param historyLimit the most history entries kept per operation
     */
    public RedisOperationStore(
            RedisClusterReactiveCommands<String, String> redis, RedisKeys keys, int retainedChanges, int historyLimit) {
        if (historyLimit < 1) {
            throw new IllegalArgumentException("the history keeps at least one entry");
        }
        this.redis = redis;
        this.keys = keys;
        this.retainedChanges = Integer.toString(retainedChanges);
        this.historyLimit = Integer.toString(historyLimit);
    }

    @Override
    public Mono<TrackedOperation> find(String id) {
        return redis.hmget(keys.operation(id), "rev", "doc").collectList().flatMap(values -> {
            if (values.size() < 2 || !values.get(0).hasValue() || !values.get(1).hasValue()) {
                return Mono.empty();
            }
            return Mono.just(codec.read(
                    values.get(1).getValue(), Long.parseLong(values.get(0).getValue())));
        });
    }

    @Override
    public Mono<Insertion> insertIfAbsent(TrackedOperation operation) {
        return Mono.defer(() -> {
            TrackedOperation fresh = operation.withRevision(1);
            String[] scriptKeys = {
                keys.operation(fresh.id()),
                keys.index(fresh.operation().state()),
                keys.index(fresh.operation().state(), fresh.tenant()),
                keys.active(),
                keys.expiry(),
                keys.feed(),
                keys.history(fresh.id())
            };
            List<String> args = new ArrayList<>(List.of(
                    codec.write(fresh),
                    fresh.operation().backend(),
                    codec.writeLabels(fresh.operation().labels()),
                    member(fresh),
                    flag(!fresh.done()),
                    millis(fresh.expiresAt()),
                    fresh.id(),
                    fresh.tenant(),
                    codec.writeForFeed(fresh.operation()),
                    retainedChanges,
                    history(null, fresh),
                    historyLimit,
                    countField(fresh)));
            args.addAll(countKeys(fresh));
            return insert.run(redis, scriptKeys, args.toArray(String[]::new)).map(reply -> {
                if (asLong(reply.get(0)) == 1) {
                    return new Insertion(fresh, true);
                }
                TrackedOperation existing = codec.read((String) reply.get(2), Long.parseLong((String) reply.get(1)));
                return new Insertion(existing, false);
            });
        });
    }

    @Override
    public Mono<Update> update(String id, UnaryOperator<TrackedOperation> change) {
        return Mono.defer(() -> find(id).flatMap(before -> {
                    TrackedOperation changed = change.apply(before);
                    if (changed == before) {
                        return Mono.just(new Update(before, before));
                    }
                    TrackedOperation after = changed.withRevision(before.revision() + 1);
                    return write(before, after).map(written -> new Update(before, after));
                }))
                .retryWhen(ON_CONCURRENT_WRITE);
    }

    /** Writes {@code after} if {@code before} is still stored: true, {@link ConcurrentWrite}, or empty when gone. */
    private Mono<Boolean> write(TrackedOperation before, TrackedOperation after) {
        boolean versionChanged =
                after.operation().version() != before.operation().version();
        String[] scriptKeys = {
            keys.operation(after.id()),
            keys.index(before.operation().state()),
            keys.index(before.operation().state(), before.tenant()),
            keys.index(after.operation().state()),
            keys.index(after.operation().state(), after.tenant()),
            keys.active(),
            keys.expiry(),
            keys.feed(),
            keys.history(after.id())
        };
        List<String> args = new ArrayList<>(List.of(
                Long.toString(before.revision()),
                codec.write(after),
                member(before),
                member(after),
                after.operation().backend(),
                flag(!before.done()),
                flag(!after.done()),
                millis(before.expiresAt()),
                millis(after.expiresAt()),
                after.id(),
                after.tenant(),
                versionChanged ? codec.writeForFeed(after.operation()) : "",
                retainedChanges,
                codec.writeLabels(after.operation().labels()),
                history(before, after),
                historyLimit,
                countField(before),
                countField(after)));
        boolean countsMove = before.operation().state() != after.operation().state()
                || !before.operation().labels().equals(after.operation().labels())
                || !before.tenant().equals(after.tenant());
        if (countsMove) {
            List<String> old = countKeys(before);
            args.add(Integer.toString(old.size()));
            args.addAll(old);
            args.addAll(countKeys(after));
        } else {
            args.add("0");
        }
        return update.run(redis, scriptKeys, args.toArray(String[]::new))
                .flatMap(reply -> written(asLong(reply.get(0))));
    }

    /** The history entry the write from {@code before} to {@code after} adds, as JSON, or '' for none. */
    private String history(@Nullable TrackedOperation before, TrackedOperation after) {
        HistoryEntry entry = OperationHistory.entryFor(before == null ? null : before.operation(), after.operation());
        return entry == null ? "" : codec.writeHistory(entry);
    }

    private static String countField(TrackedOperation op) {
        return RedisKeys.countField(op.operation().state(), op.operation().backend());
    }

    private List<String> countKeys(TrackedOperation op) {
        return CountScope.of(op).stream().map(keys::counts).toList();
    }

    /** A script's status: written (true), a concurrent write ({@link ConcurrentWrite}) or gone (empty). */
    private static Mono<Boolean> written(long status) {
        if (status == 0) {
            return Mono.error(new ConcurrentWrite());
        }
        return status < 0 ? Mono.empty() : Mono.just(true);
    }

    @Override
    public Mono<Boolean> remove(String id) {
        return removeIf(id, null);
    }

    /** Removes the operation if {@code expiredBy} is null or it expired by then; true when it removed it. */
    private Mono<Boolean> removeIf(String id, @Nullable Instant expiredBy) {
        return Mono.defer(() -> find(id).flatMap(existing -> {
                    if (expiredBy != null
                            && (existing.expiresAt() == null
                                    || existing.expiresAt().isAfter(expiredBy))) {
                        return Mono.just(false);
                    }
                    String[] scriptKeys = {
                        keys.operation(id),
                        keys.index(existing.operation().state()),
                        keys.index(existing.operation().state(), existing.tenant()),
                        keys.active(),
                        keys.expiry(),
                        keys.feed(),
                        keys.history(id)
                    };
                    List<String> args = new ArrayList<>(List.of(
                            Long.toString(existing.revision()),
                            member(existing),
                            existing.operation().backend(),
                            flag(!existing.done()),
                            id,
                            existing.tenant(),
                            codec.writeForFeed(existing.operation()),
                            retainedChanges,
                            countField(existing)));
                    args.addAll(countKeys(existing));
                    return remove.run(redis, scriptKeys, args.toArray(String[]::new))
                            .flatMap(reply -> written(asLong(reply.get(0))));
                }))
                .retryWhen(ON_CONCURRENT_WRITE)
                .defaultIfEmpty(false);
    }

    @Override
    public Mono<Page> list(OperationFilter filter, int pageSize, @Nullable String pageToken) {
        return Mono.defer(() -> {
            String after = pageToken == null ? "" : decodeToken(pageToken);
            if (filter.matchesNothing()) {
                return Mono.just(new Page(List.of(), null));
            }
            List<String> indexKeys = new ArrayList<>();
            for (OperationState state : filter.states()) {
                indexKeys.add(filter.tenant() == null ? keys.index(state) : keys.index(state, filter.tenant()));
            }
            List<String> args = new ArrayList<>();
            args.add(after);
            args.add(Integer.toString(pageSize));
            args.add(keys.operationPrefix());
            args.add(filter.backend() == null ? "" : filter.backend());
            args.add(Integer.toString(pageSize + PAGE_EXAMINE_BUDGET));
            args.add(Integer.toString(filter.labels().size()));
            filter.labels().forEach((k, v) -> {
                args.add(k);
                args.add(v);
            });
            return page.run(redis, indexKeys.toArray(String[]::new), args.toArray(String[]::new))
                    .map(this::toPage);
        });
    }

    private Page toPage(List<Object> reply) {
        String last = (String) reply.get(0);
        boolean more = "1".equals(reply.get(1));
        List<TrackedOperation> items = new ArrayList<>((reply.size() - 2) / 2);
        for (int i = 2; i + 1 < reply.size(); i += 2) {
            items.add(codec.read((String) reply.get(i + 1), Long.parseLong((String) reply.get(i))));
        }
        return new Page(items, more && !last.isEmpty() ? encodeToken(last) : null);
    }

    @Override
    public Flux<TrackedOperation> active(OperationFilter filter) {
        EnumSet<OperationState> states = EnumSet.noneOf(OperationState.class);
        states.addAll(filter.states());
        states.retainAll(NOT_DONE);
        OperationFilter notDone = new OperationFilter(filter.tenant(), filter.backend(), states, filter.labels());
        return list(notDone, ACTIVE_PAGE, null)
                .expand(p -> p.nextPageToken() == null ? Mono.empty() : list(notDone, ACTIVE_PAGE, p.nextPageToken()))
                .concatMapIterable(Page::items)
                .filter(op -> !op.done());
    }

    @Override
    public Mono<List<HistoryEntry>> history(String id) {
        return redis.lrange(keys.history(id), 0, -1).map(codec::readHistory).collectList();
    }

    @Override
    public Mono<OperationCounts> counts(CountScope scope) {
        return redis.hgetall(keys.counts(scope)).collectList().map(entries -> {
            Map<String, Map<OperationState, Long>> byBackend = new HashMap<>();
            entries.forEach(kv -> {
                String field = kv.getKey();
                int colon = field.indexOf(':');
                OperationState state = OperationState.valueOf(field.substring(0, colon));
                byBackend
                        .computeIfAbsent(field.substring(colon + 1), b -> new EnumMap<>(OperationState.class))
                        .put(state, Long.parseLong(kv.getValue()));
            });
            return new OperationCounts(byBackend);
        });
    }

    /** Every state's count, from the counts the write scripts keep: one small hash read, not a walk. */
    @Override
    public Mono<Map<OperationState, Long>> countByState() {
        return counts(new CountScope(null, null)).map(counts -> counts.states(null));
    }

    @Override
    public Mono<Map<String, Long>> activeCountByBackend() {
        return redis.hgetall(keys.active()).collectList().map(entries -> {
            Map<String, Long> counts = new HashMap<>();
            entries.forEach(kv -> counts.put(kv.getKey(), Long.parseLong(kv.getValue())));
            return counts;
        });
    }

    @Override
    public Mono<Long> expire(Instant now) {
        return expireBatch(now)
                .expand(count -> count.batch() < EXPIRE_BATCH ? Mono.empty() : expireBatch(now))
                .reduce(0L, (sum, count) -> sum + count.removed());
    }

    private Mono<ExpireCount> expireBatch(Instant now) {
        return redis.zrangebyscore(
                        keys.expiry(),
                        Range.create(Double.NEGATIVE_INFINITY, (double) now.toEpochMilli()),
                        Limit.create(0, EXPIRE_BATCH))
                .concatMap(id -> removeIf(id, now)
                        .flatMap(removed -> removed
                                ? Mono.just(true)
                                // Gone already, or no longer expiring then: the expiry entry is stale.
                                : redis.zrem(keys.expiry(), id).thenReturn(false)))
                .collectList()
                .map(results -> new ExpireCount(
                        results.size(), results.stream().filter(r -> r).count()));
    }

    private record ExpireCount(int batch, long removed) {}

    private static String member(TrackedOperation op) {
        return RedisKeys.member(op.operation().updatedAt(), op.id());
    }

    private static String flag(boolean value) {
        return value ? "1" : "0";
    }

    private static String millis(@Nullable Instant at) {
        return at == null ? "" : Long.toString(at.toEpochMilli());
    }

    static long asLong(Object value) {
        return value instanceof Long l ? l : Long.parseLong(value.toString());
    }

    private static Duration jitter() {
        return Duration.ofMillis(1 + ThreadLocalRandom.current().nextInt(5));
    }

    /** The page token: where the previous page ended, as the index member's millis and id (as the memory store's). */
    static String encodeToken(String member) {
        String raw = RedisKeys.millisOf(member) + ":" + RedisKeys.idOf(member);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static String decodeToken(String token) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int colon = raw.indexOf(':');
            if (colon < 1 || colon == raw.length() - 1) {
                throw new InvalidPageToken();
            }
            return RedisKeys.member(
                    Instant.ofEpochMilli(Long.parseLong(raw.substring(0, colon))), raw.substring(colon + 1));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new InvalidPageToken();
        }
    }

    /** Another replica wrote the operation between this one's read and write: read again and retry. */
    private static final class ConcurrentWrite extends RuntimeException {
        ConcurrentWrite() {
            super("concurrent write", null, false, false);
        }
    }

    private static final Retry ON_CONCURRENT_WRITE = Retry.from(signals -> signals.concatMap(signal -> {
        if (signal.failure() instanceof ConcurrentWrite) {
            return Mono.delay(jitter());
        }
        return Mono.error(signal.failure());
    }));
}
