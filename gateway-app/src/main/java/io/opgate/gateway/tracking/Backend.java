package io.opgate.gateway.tracking;

import io.opgate.contracts.spi.BackendAdapter;
import io.opgate.contracts.spi.BackendConfig;
import io.opgate.contracts.spi.PollOutcome;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/** One configured backend: its settings, its adapter, and the health of polling it as this instance sees it. */
public final class Backend {

    private final BackendConfig config;
    private final BackendAdapter adapter;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicReference<Health> health = new AtomicReference<>(new Health(true, 0, null, null));

    public Backend(BackendConfig config, BackendAdapter adapter) {
        this.config = config;
        this.adapter = adapter;
    }

    public String name() {
        return config.name();
    }

    public String type() {
        return config.type();
    }

    public BackendConfig config() {
        return config;
    }

    public BackendAdapter adapter() {
        return adapter;
    }

    public int maxConcurrency() {
        return config.maxConcurrency();
    }

    public int inFlight() {
        return inFlight.get();
    }

    void pollStarted() {
        inFlight.incrementAndGet();
    }

    void pollEnded(PollOutcome outcome, Instant at) {
        inFlight.decrementAndGet();
        health.updateAndGet(h -> outcome instanceof PollOutcome.Failed failed
                ? new Health(false, h.consecutiveFailures() + 1, failed.reason(), at)
                : new Health(true, 0, null, at));
    }

    public Health health() {
        return health.get();
    }

    /**
     * How polling this backend goes, from the last poll of any of its operations.
     *
     * @param reachable whether the last poll got a usable answer
     * @param consecutiveFailures failed polls in a row, across operations
     * @param lastError the last failure's reason, null after a usable answer
     * @param lastPollAt when the last poll ended, null before the first
     */
    public record Health(
            boolean reachable, int consecutiveFailures, @Nullable String lastError, @Nullable Instant lastPollAt) {}
}
