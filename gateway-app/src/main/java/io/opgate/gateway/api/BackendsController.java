package io.opgate.gateway.api;

import io.opgate.contracts.spi.AdapterCapabilities;
import io.opgate.gateway.security.Caller;
import io.opgate.gateway.store.OperationStore;
import io.opgate.gateway.tracking.Backend;
import io.opgate.gateway.tracking.BackendRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Health and load of each configured backend. */
@RestController
class BackendsController {

    private final BackendRegistry backends;
    private final OperationStore store;
    private final Clock clock;

    BackendsController(BackendRegistry backends, OperationStore store, Clock clock) {
        this.backends = backends;
        this.store = store;
        this.clock = clock;
    }

    @GetMapping(path = "/v1/backends", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<List<BackendView>> backends(Caller caller) {
        return store.activeCountByBackend().map(active -> backends.all().stream()
                .filter(b -> visible(caller, b))
                .map(b -> BackendView.of(b, active.getOrDefault(b.name(), 0L), clock.instant()))
                .toList());
    }

    /** A tenant sees the backends it may register on; which others exist is no business of its. */
    private static boolean visible(Caller caller, Backend backend) {
        Set<String> tenants = backend.config().tenants();
        return caller.admin() || tenants.isEmpty() || tenants.contains(caller.tenant());
    }

    /**
     * One backend as {@code GET /v1/backends} shows it.
     *
     * @param reachable whether the last poll of any of its operations got a usable answer; null before the first poll
     *     has ended (not yet polled: nothing is known)
     * @param activeOperations its operations that are not done
     * @param inFlight polls under way from this instance
     * @param maxConcurrency the most polls this instance runs at once against it
     * @param circuit {@code closed}; {@code open} after repeated failures, when only one probe poll goes out per probe
     *     interval; {@code half-open} while that probe is under way
     * @param maxRequestsPerSecond the request budget of this instance, null when there is none
     * @param state {@code throttled} while the backend is paused (it throttled, or asked with {@code Retry-After} to
     *     be left alone), else {@code unreachable} when its last poll got no usable answer, else {@code ok}
     * @param throttledUntil when the pause ends and the next poll goes out, null when the backend is not paused
     * @param capabilities what the backend's adapter declares it can do besides polling
     */
    record BackendView(
            String name,
            String type,
            @Nullable Boolean reachable,
            long activeOperations,
            int inFlight,
            int maxConcurrency,
            int consecutiveFailures,
            @Nullable String lastError,
            @Nullable Instant lastPollAt,
            String circuit,
            @Nullable Double maxRequestsPerSecond,
            String state,
            @Nullable Instant throttledUntil,
            Capabilities capabilities) {

        static BackendView of(Backend backend, long active, Instant now) {
            Backend.Health health = backend.health();
            Instant throttledUntil = backend.pausedUntil(now);
            String state = throttledUntil != null ? "throttled" : health.reachable() ? "ok" : "unreachable";
            return new BackendView(
                    backend.name(),
                    backend.type(),
                    health.lastPollAt() == null ? null : health.reachable(),
                    active,
                    backend.inFlight(),
                    backend.maxConcurrency(),
                    health.consecutiveFailures(),
                    health.lastError(),
                    health.lastPollAt(),
                    backend.circuit().state().label(),
                    backend.limits().maxRequestsPerSecond() > 0
                            ? backend.limits().maxRequestsPerSecond()
                            : null,
                    state,
                    throttledUntil,
                    Capabilities.of(backend.adapter().capabilities()));
        }
    }

    /** The capabilities of a backend as {@code GET /v1/backends} shows them. */
    record Capabilities(boolean cancel, boolean discover, boolean pollMany) {
        static Capabilities of(AdapterCapabilities declared) {
            return new Capabilities(declared.cancel(), declared.discover(), declared.pollMany());
        }
    }
}
