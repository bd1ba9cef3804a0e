package io.opgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.concurrent.EventExecutor;
import io.opgate.gateway.support.GatewayIntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * With a management port, Boot builds the management server in a child context; it serves on the gateway's workers,
 * not on a second set of event loops (Reactor Netty's global ones, which it had without
 * {@link ManagementEventLoopsConfiguration}).
 */
@GatewayIntegrationTest
@TestPropertySource(properties = {"management.server.port=0", "management.server.address=127.0.0.1"})
@Import(ManagementEventLoopsIntegrationTests.Watch.class)
class ManagementEventLoopsIntegrationTests {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    ReactorResourceFactory eventLoops;

    @Autowired
    Watch watch;

    @Test
    void aManagementRequestIsServedOnAGatewayWorker() throws Exception {
        assertThat(managementPort).isPositive().isNotEqualTo(port);

        WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + managementPort)
                .responseTimeout(Duration.ofSeconds(30))
                .build()
                .get()
                .uri("/actuator/health")
                .exchange()
                .expectStatus()
                .isOk();

        assertThat(workerThreads())
                .as("the gateway's workers (Reactor Netty's global loops have threads of the same names)")
                .contains(watch.servedOn.get());
    }

    private List<Thread> workerThreads() throws Exception {
        List<Thread> threads = new ArrayList<>();
        for (EventExecutor worker : eventLoops.getLoopResources().onServer(LoopResources.DEFAULT_NATIVE)) {
            threads.add(worker.submit(Thread::currentThread).get());
        }
        return threads;
    }

    /**
     * Where the management server runs a health check: a reactive indicator runs on the thread that serves the request.
     */
    @TestConfiguration(proxyBeanMethods = false)
    static class Watch {

        final AtomicReference<Thread> servedOn = new AtomicReference<>();

        @Bean
        ReactiveHealthIndicator servingThreadHealthIndicator() {
            return () -> Mono.fromSupplier(() -> {
                servedOn.set(Thread.currentThread());
                return Health.up().build();
            });
        }
    }
}
