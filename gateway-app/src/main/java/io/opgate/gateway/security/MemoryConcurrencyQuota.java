package io.opgate.gateway.security;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;

/** A {@link ConcurrencyQuota} counted in this instance's memory: the memory store's, which runs as one instance. */
public final class MemoryConcurrencyQuota implements ConcurrencyQuota {

    private final int maxPerTenant;
    private final String what;
    private final ConcurrentMap<String, Integer> held = new ConcurrentHashMap<>();

    /**
     * @param maxPerTenant the most units one tenant may hold
     * @param what what a unit is, plural, for the refusal ({@code "event streams"})
     */
    public MemoryConcurrencyQuota(int maxPerTenant, String what) {
        this.maxPerTenant = maxPerTenant;
        this.what = what;
    }

    @Override
    public Mono<Permit> acquire(Caller caller) {
        return Mono.fromCallable(() -> take(caller.tenant()));
    }

    private Permit take(String tenant) {
        boolean[] taken = {false};
        held.compute(tenant, (key, count) -> {
            int now = count == null ? 0 : count;
            if (now >= maxPerTenant) {
                return count;
            }
            taken[0] = true;
            return now + 1;
        });
        if (!taken[0]) {
            throw refusal(maxPerTenant, what);
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

    /** The refusal of a tenant that holds {@code max} already: it may retry once one of them ended. */
    public static LimitExceeded refusal(int max, String what) {
        return new LimitExceeded(
                "this client has " + max + " " + what + " open already; close one first", Duration.ofSeconds(5));
    }
}
