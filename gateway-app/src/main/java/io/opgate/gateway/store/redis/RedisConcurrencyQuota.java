package io.opgate.gateway.store.redis;

import io.opgate.gateway.security.Caller;
import io.opgate.gateway.security.ConcurrencyLimit;
import io.opgate.gateway.security.ConcurrencyQuota;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@link ConcurrencyQuota} shared by every replica on one Redis. Each replica counts what its own clients hold, in
 * memory and in its field of the tenant's quota hash; a unit is taken only while the fields of the live replicas add
 * up to less than the maximum (one script, so two replicas cannot both take the last one).
 *
 * <p>A replica that dies cannot give its units back, so each replica holds a lease, renewed every third of it: a field
 * whose replica's lease has ended is not counted, and is dropped by the next take. A dead replica's share therefore
 * comes back within one lease. Every renewal also writes the replica's own counts again, which mends a release that
 * never reached Redis (an outage) and a lapsed lease (a long pause) within one renewal.
 */
public final class RedisConcurrencyQuota implements ConcurrencyQuota, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisConcurrencyQuota.class);
    private static final RedisScript ACQUIRE = RedisScript.load("quota-acquire");
    private static final RedisScript RELEASE = RedisScript.load("quota-release");
    private static final RedisScript RENEW = RedisScript.load("quota-renew");

    private final SharedQuotas shared;
    private final ConcurrencyLimit limit;
    private final String replica = UUID.randomUUID().toString();
    private final Map<String, Integer> held = new ConcurrentHashMap<>();
    private volatile Set<String> written = Set.of();
    private Disposable renewing = () -> {};

    /** @param limit its maximum holds for all replicas together; its kind names the quota's keys */
    RedisConcurrencyQuota(SharedQuotas shared, ConcurrencyLimit limit) {
        this.shared = shared;
        this.limit = limit;
    }

    public void start() {
        Duration every = shared.lease().dividedBy(3);
        // No renewal at once: a replica's first acquire starts its lease, and a renewal that overlaps an acquire
        // counts the unit twice until the next one (it writes the local count, which has the unit already, and the
        // acquire then adds it in Redis): at start that refused a tenant's first units.
        renewing = Flux.interval(every, every, shared.timer())
                .onBackpressureDrop()
                .concatMap(tick -> renew().onErrorResume(e -> {
                    log.debug("Renewing the {} quota lease failed, retrying: {}", limit.kind(), e.toString());
                    return Mono.empty();
                }))
                .subscribe();
    }

    @Override
    public Mono<Permit> acquire(Caller caller) {
        String tenant = caller.tenant();
        return Mono.defer(() -> {
            // Counted here before Redis hears of it, so that a renewal meanwhile errs towards too many, never too few.
            held.merge(tenant, 1, Integer::sum);
            return ACQUIRE.run(
                            shared.redis(),
                            new String[] {
                                shared.keys().quota(limit.kind(), tenant),
                                shared.keys().quotaReplicas()
                            },
                            replica,
                            Integer.toString(limit.maxPerTenant()),
                            Long.toString(shared.hashLife()),
                            Long.toString(shared.lease().toMillis()))
                    .onErrorResume(e -> {
                        forget(tenant);
                        return Mono.error(e);
                    })
                    .flatMap(reply -> {
                        if (((Number) reply.get(0)).longValue() == 1) {
                            return Mono.just(permit(tenant));
                        }
                        forget(tenant);
                        return Mono.error(limit.refusal());
                    });
        });
    }

    private Permit permit(String tenant) {
        AtomicBoolean released = new AtomicBoolean();
        return () -> Mono.defer(() -> {
            if (!released.compareAndSet(false, true)) {
                return Mono.empty();
            }
            // Forgotten here only after Redis has it (or failed to): a renewal meanwhile writes one too many at worst.
            return RELEASE.run(shared.redis(), new String[] {shared.keys().quota(limit.kind(), tenant)}, replica)
                    .doOnError(e -> log.debug("Releasing a {} quota unit failed: {}", limit.kind(), e.toString()))
                    .onErrorResume(e -> Mono.empty())
                    .doFinally(signal -> forget(tenant))
                    .then();
        });
    }

    private void forget(String tenant) {
        held.computeIfPresent(tenant, (key, count) -> count <= 1 ? null : count - 1);
    }

    @Override
    public int held(String tenant) {
        return held.getOrDefault(tenant, 0);
    }

    /** This replica's name in the quota hashes. */
    String replica() {
        return replica;
    }

    /** Renews this replica's lease and writes down what it holds now. */
    Mono<Void> renew() {
        Map<String, Integer> now = Map.copyOf(held);
        Set<String> tenants = new HashSet<>(written);
        tenants.addAll(now.keySet());
        List<String> keyList = new ArrayList<>();
        List<String> args = new ArrayList<>();
        keyList.add(shared.keys().quotaReplicas());
        args.add(replica);
        args.add(Long.toString(shared.lease().toMillis()));
        args.add(Long.toString(shared.hashLife()));
        for (String tenant : tenants) {
            keyList.add(shared.keys().quota(limit.kind(), tenant));
            args.add(Integer.toString(now.getOrDefault(tenant, 0)));
        }
        return RENEW.run(shared.redis(), keyList.toArray(String[]::new), args.toArray(String[]::new))
                .doOnNext(reply -> written = now.keySet())
                .then();
    }

    @Override
    public void close() {
        renewing.dispose();
    }
}
