package io.opgate.gateway.store.redis;

import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.opgate.gateway.store.HandleTrackers;
import java.time.Instant;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * The trackers of every replica on one Redis: a hash per handle ({@code {p}:trk:<backend length>:<backend>:<handle>},
 * id → {@code <claimed at millis>|<tenant>}); a claim checks the other tenants' trackers and records its own in one
 * script, so that two replicas cannot both win a handle.
 */
public final class RedisHandleTrackers implements HandleTrackers {

    private final RedisScript claim = RedisScript.load("track-handle");
    private final RedisClusterReactiveCommands<String, String> redis;
    private final RedisKeys keys;

    public RedisHandleTrackers(RedisClusterReactiveCommands<String, String> redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public Mono<Boolean> claim(
            String backend, String handle, String tenant, String id, boolean exclusive, Instant now) {
        return claim.run(
                        redis,
                        new String[] {keys.handleTrackers(HandleTrackers.key(backend, handle))},
                        id,
                        tenant,
                        Long.toString(now.toEpochMilli()),
                        Long.toString(PENDING.toMillis()),
                        exclusive ? "1" : "0",
                        keys.operationPrefix())
                .map(reply -> !reply.isEmpty() && ((Number) reply.get(0)).longValue() == 1);
    }

    @Override
    public Mono<Void> forget(String backend, String handle, String id) {
        return redis.hdel(keys.handleTrackers(HandleTrackers.key(backend, handle)), id)
                .then();
    }

    @Override
    public Mono<Set<String>> trackers(String backend, String handle) {
        return redis.hkeys(keys.handleTrackers(HandleTrackers.key(backend, handle)))
                .collectList()
                .map(Set::copyOf);
    }
}
