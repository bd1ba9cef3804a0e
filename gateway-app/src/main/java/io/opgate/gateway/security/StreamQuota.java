package io.opgate.gateway.security;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.Disposable;

/**
 * How many event streams each tenant has open on this instance, and the most it may have: every stream holds a
 * queue and a watch, so one client opening streams in a loop must not starve the others.
 */
public final class StreamQuota {

    private final int maxPerTenant;
    private final ConcurrentMap<String, AtomicInteger> open = new ConcurrentHashMap<>();

    public StreamQuota(int maxPerTenant) {
        this.maxPerTenant = maxPerTenant;
    }

    /**
     * Takes one stream of the caller's tenant; dispose the answer when the stream ends.
     *
     * @throws LimitExceeded when the tenant has its maximum open already
     */
    public Disposable acquire(Caller caller) {
        String tenant = caller.tenant();
        AtomicInteger count = open.computeIfAbsent(tenant, t -> new AtomicInteger());
        if (count.incrementAndGet() > maxPerTenant) {
            count.decrementAndGet();
            throw new LimitExceeded(
                    "this client has " + maxPerTenant + " event streams open already; close one first",
                    Duration.ofSeconds(5));
        }
        AtomicBoolean released = new AtomicBoolean();
        return new Disposable() {
            @Override
            public void dispose() {
                if (released.compareAndSet(false, true)) {
                    count.decrementAndGet();
                }
            }

            @Override
            public boolean isDisposed() {
                return released.get();
            }
        };
    }

    /** Streams of {@code tenant} open now. */
    public int open(String tenant) {
        AtomicInteger count = open.get(tenant);
        return count == null ? 0 : count.get();
    }
}
