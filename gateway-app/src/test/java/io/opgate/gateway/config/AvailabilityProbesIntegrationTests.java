package io.opgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.gateway.support.ApiKeyGatewayTest;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The probes follow the application's availability as Boot's own indicators do, and answer on the thread that asks:
 * no hand-off to {@code boundedElastic} and back per probe.
 */
@ApiKeyGatewayTest
class AvailabilityProbesIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @AfterEach
    void available() {
        AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
        AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
    }

    @Test
    void readinessFollowsTheReadinessState() {
        probe("/actuator/health/readiness", 200, "UP");
        AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
        probe("/actuator/health/readiness", 503, "OUT_OF_SERVICE");
        probe("/actuator/health/liveness", 200, "UP");
        AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
        probe("/actuator/health/readiness", 200, "UP");
    }

    @Test
    void livenessFollowsTheLivenessState() {
        probe("/actuator/health/liveness", 200, "UP");
        AvailabilityChangeEvent.publish(context, LivenessState.BROKEN);
        probe("/actuator/health/liveness", 503, "DOWN");
    }

    @Test
    void bothAnswerOnTheCallingThread() {
        for (String name : new String[] {"livenessStateHealthIndicator", "readinessStateHealthIndicator"}) {
            AtomicReference<String> answeredOn = new AtomicReference<>();
            context.getBean(name, ReactiveHealthIndicator.class)
                    .health()
                    .subscribe(health -> answeredOn.set(Thread.currentThread().getName()));
            assertThat(answeredOn).as(name).hasValue(Thread.currentThread().getName());
        }
    }

    private void probe(String path, int status, String health) {
        WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .build()
                .get()
                .uri(path)
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(health);
    }
}
