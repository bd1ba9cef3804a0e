package io.opgate.gateway.security;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;

/** A {@link ConcurrencyQuota} counted in this instance's memory: the memory store's, which runs as one instance. */
public final class MemoryConcurrencyQuota implements ConcurrencyQuota {

    private final ConcurrencyLimit limit;
    private final ConcurrentMap<String, Integer> held = new ConcurrentHashMap<>();

    public MemoryConcurrencyQuota(ConcurrencyLimit limit) {
        this.limit = limit;
    }

    @Override
    public Mono<Permit> acquire(Caller caller) {
        return Mono.fromCallable(() -> take(caller.tenant()));
    }

    private Permit take(String tenant) {
        boolean[] taken = {false};
        held.compute(tenant, (key, count) -> {
            int now = count == null ? 0 : count;
            if (now >= limit.maxPerTenant()) {
                return count;
            }
            taken[0] = true;
            return now + 1;
        });
        if (!taken[0]) {
            throw limit.refusal();
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> Mono.fromRunnable(() -> {
            if (released.compareAndSet(false, true)) {
                held.computeIfPresent(tenant, (key, count) -> count <= 1 ? null : count - 1);
            }
        });
    }

    @Override
    public int held(String tenant) {
        return held.getOrDefault(tenant, 0);
    }
}
