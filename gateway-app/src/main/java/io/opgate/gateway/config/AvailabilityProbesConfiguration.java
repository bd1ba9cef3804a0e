package io.opgate.gateway.config;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

/**
 * The liveness and readiness probes' indicators, reactive. Boot's own are imperative, and the health endpoint runs an
 * imperative indicator on a {@code boundedElastic} thread in case it blocks: every probe then paid two thread
 * hand-offs (there and back to the event loop), the largest part of its cost (BENCHMARKS.md, round 6). Reading the
 * availability state never blocks. The beans have the names of Boot's, which therefore back off; the contributors keep
 * their names ({@code livenessState}, {@code readinessState}) and Boot's mapping of each state to a status.
 */
@Configuration(proxyBeanMethods = false)
class AvailabilityProbesConfiguration {

    private static final Health UP = Health.up().build();
    private static final Health DOWN = Health.down().build();
    private static final Health OUT_OF_SERVICE = Health.outOfService().build();

    @Bean
    ReactiveHealthIndicator livenessStateHealthIndicator(ApplicationAvailability availability) {
        return () -> Mono.fromSupplier(() -> availability.getLivenessState() == LivenessState.CORRECT ? UP : DOWN);
    }

    @Bean
    ReactiveHealthIndicator readinessStateHealthIndicator(ApplicationAvailability availability) {
        return () -> Mono.fromSupplier(
                () -> availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC ? UP : OUT_OF_SERVICE);
    }
}
