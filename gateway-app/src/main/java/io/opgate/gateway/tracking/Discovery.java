package io.opgate.gateway.tracking;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opgate.contracts.spi.DiscoveredOperation;
import io.opgate.contracts.spi.DiscoveryOutcome;
import io.opgate.contracts.spi.DiscoveryRequest;
import io.opgate.contracts.spi.PollOutcome;
import io.opgate.gateway.store.DiscoveryLease;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Tracks the jobs a backend lists that nobody registered. Each backend with {@code discovery.enabled} is listed once
 * per {@code discovery.interval} by whichever replica holds the {@link DiscoveryLease}; each listed job that its
 * tenant does not track yet becomes an ordinary operation (the same id a registration by that tenant gives), stored
 * with the listing's observation as its first and then polled like any other.
 */
public final class Discovery implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Discovery.class);
    /** Jobs adopted at once: each costs a read and perhaps a write of the store. */
    private static final int ADOPT_CONCURRENCY = 16;

    private static final Duration MAX_TICK = Duration.ofSeconds(1);

    private final BackendRegistry backends;
    private final HandleTracking handles;
    private final DiscoveryLease lease;
    private final Map<String, DiscoverySettings> settings;
    private final Clock clock;
    private final Scheduler timer;
    private final Disposable.Composite running = Disposables.composite();
    private final MeterRegistry meters;

    public Discovery(
            BackendRegistry backends,
            HandleTracking handles,
            DiscoveryLease lease,
            Clock clock,
            Scheduler timer,
            MeterRegistry meters) {
        this.meters = meters;
        this.backends = backends;
        this.handles = handles;
        this.lease = lease;
        this.clock = clock;
        this.timer = timer;
        Map<String, DiscoverySettings> enabled = new LinkedHashMap<>();
        for (Backend backend : backends.all()) {
            DiscoverySettings s = DiscoverySettings.of(backend.config());
            if (s.enabled()) {
                enabled.put(backend.name(), s);
            }
        }
        this.settings = Map.copyOf(enabled);
    }

    /** The backends that discover, by name. */
    public Map<String, DiscoverySettings> settings() {
        return settings;
    }

    /**
     * Looks for the lease every tenth of the interval (at most every second); the lease is held for the interval less
     * half such a tick, so that runs, on whichever replica, are an interval apart give or take half a tick.
     */
    public void start() {
        settings.forEach((name, s) -> {
            Backend backend = backends.find(name).orElseThrow();
            Duration tick = tick(s.interval());
            Duration held = s.interval().minus(tick.dividedBy(2));
            running.add(Flux.interval(Duration.ZERO, tick, timer)
                    .onBackpressureDrop()
                    .concatMap(
                            t -> lease.tryAcquire(name, clock.instant(), held)
                                    .onErrorResume(e -> {
                                        log.warn("Discovery on {} could not take its lease: {}", name, e.toString());
                                        return Mono.just(false);
                                    })
                                    .filter(Boolean::booleanValue)
                                    .flatMap(granted -> discoverOnce(backend, s)),
                            1)
                    .subscribe());
        });
    }

    static Duration tick(Duration interval) {
        Duration tenth = interval.dividedBy(10);
        return tenth.compareTo(MAX_TICK) > 0 ? MAX_TICK : tenth;
    }

    /**
     * Lists the backend's jobs once and adopts those not tracked yet; answers how many it adopted. Never fails: a
     * failed listing is logged and tried again at the next interval. While the backend asked to be left alone
     * ({@code Retry-After}), nothing is asked.
     */
    public Mono<Long> discoverOnce(Backend backend, DiscoverySettings s) {
        return Mono.defer(() -> {
                    Instant now = clock.instant();
                    if (!backend.pausedFor(now).isZero()) {
                        return Mono.just(0L);
                    }
                    DiscoveryRequest request = new DiscoveryRequest(now.minus(s.window()), s.types());
                    return backend.adapter()
                            .discover(request)
                            .timeout(s.interval(), timer)
                            .flatMap(outcome -> {
                                if (outcome instanceof DiscoveryOutcome.Failed failed) {
                                    log.info("Discovery on {} failed: {}", backend.name(), failed.reason());
                                    runs(backend, "failed").increment();
                                    return Mono.just(0L);
                                }
                                runs(backend, "listed").increment();
                                return Flux.fromIterable(((DiscoveryOutcome.Listed) outcome).operations())
                                        .filter(d -> request.wants(
                                                d.observed().observation().type()))
                                        .flatMap(d -> adopt(backend, s, d), ADOPT_CONCURRENCY)
                                        .filter(Boolean::booleanValue)
                                        .count();
                            });
                })
                .doOnNext(adopted -> {
                    adopted(backend).increment(adopted);
                    if (adopted > 0) {
                        log.debug("Discovery on {} adopted {} operations", backend.name(), adopted);
                    }
                })
                .onErrorResume(e -> {
                    log.info("Discovery on {} failed: {}", backend.name(), e.toString());
                    return Mono.just(0L);
                });
    }

    private Counter runs(Backend backend, String outcome) {
        return Counter.builder("opgate.discovery.runs")
                .description("Listings of a backend's jobs by outcome (listed, failed), on this replica")
                .tag("backend", backend.name())
                .tag("outcome", outcome)
                .register(meters);
    }

    private Counter adopted(Backend backend) {
        return Counter.builder("opgate.discovery.adopted")
                .description("Jobs found by discovery that became operations, on this replica")
                .tag("backend", backend.name())
                .register(meters);
    }

    /**
     * Tracks one listed job unless its tenant tracks it already; true when it is new. A job whose handle another tenant
     * tracks is left to that tenant, as a registration would be.
     */
    private Mono<Boolean> adopt(Backend backend, DiscoverySettings s, DiscoveredOperation discovered) {
        String handle = discovered.handle();
        if (backend.adapter().validateHandle(handle).isPresent()) {
            return Mono.just(false);
        }
        PollOutcome observed = discovered.observed();
        return handles.start(
                        new HandleTracking.Candidate(backend, s.tenant(), handle, Map.of(), s.labels()),
                        provisional -> Mono.just(observed))
                .map(Registration::created)
                .defaultIfEmpty(false);
    }

    @Override
    public void close() {
        running.dispose();
    }
}
