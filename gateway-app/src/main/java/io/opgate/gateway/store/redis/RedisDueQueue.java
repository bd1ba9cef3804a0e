package io.opgate.gateway.store.redis;

import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.opgate.gateway.store.DueQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The due queue that every replica shares: a sorted set of due times. A claim moves the operation's due time to the
 * end of a lease in the same script, so exactly one replica polls it; if that replica dies or loses Redis before it
 * schedules the operation again, the lease ends and any replica claims it.
 *
 * <p>Times are the replicas' clocks (in millis): keep them synchronized (NTP); skew between replicas shortens or
 * lengthens leases by as much.
 */
public final class RedisDueQueue implements DueQueue {

    private final RedisClusterReactiveCommands<String, String> redis;
    private final RedisKeys keys;
    private final Duration lease;
    private final Clock clock;
    private final RedisScript claim = RedisScript.load("claim");
    private final RedisScript schedule = RedisScript.load("schedule");
    private final RedisScript scheduleEarlier = RedisScript.load("schedule-earlier");
    private final RedisScript unschedule = RedisScript.load("unschedule");

    /**
     * @param lease how long a claim holds: longer than a poll and its write can take ({@code polling.timeout} plus
     *     margin), short enough that a dead replica's operations are taken over soon
     */
    public RedisDueQueue(
            RedisClusterReactiveCommands<String, String> redis, RedisKeys keys, Duration lease, Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.lease = lease;
        this.clock = clock;
    }

    @Override
    public Mono<Void> schedule(String id, Instant at) {
        return schedule.run(redis, queueKeys(), id, millis(at)).then();
    }

    @Override
    public Mono<Void> scheduleEarlier(String id, Instant at) {
        return scheduleEarlier
                .run(redis, queueKeys(), id, millis(at), millis(clock.instant()))
                .then();
    }

    /**
     * Claims in one script; each claim says whether some replica's client watches the operation (from the shared
     * watch marks), so that the claimer schedules it at the watched interval.
     */
    @Override
    public Flux<Claim> claimDue(Instant now, int max) {
        return Flux.defer(() -> claim.run(
                        redis,
                        new String[] {keys.due(), keys.leases(), keys.watched()},
                        millis(now),
                        millis(now.plus(lease)),
                        Integer.toString(max))
                .flatMapIterable(RedisDueQueue::claims));
    }

    /** The claim script's reply, {@code id, due millis, watched (1/0)} per operation, as claims. */
    static List<Claim> claims(List<Object> reply) {
        List<Claim> claims = new ArrayList<>(reply.size() / 3);
        for (int i = 0; i + 2 < reply.size(); i += 3) {
            // A score comes back as Redis prints a double: whole millis, but maybe in exponent notation.
            long due = (long) Double.parseDouble(reply.get(i + 1).toString());
            claims.add(new Claim((String) reply.get(i), Instant.ofEpochMilli(due), "1".equals(reply.get(i + 2))));
        }
        return claims;
    }

    @Override
    public Mono<Void> remove(String id) {
        return unschedule.run(redis, queueKeys(), id).then();
    }

    private String[] queueKeys() {
        return new String[] {keys.due(), keys.leases()};
    }

    private static String millis(Instant at) {
        return Long.toString(at.toEpochMilli());
    }
}
