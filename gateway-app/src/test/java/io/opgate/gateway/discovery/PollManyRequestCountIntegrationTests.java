package io.opgate.gateway.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opgate.gateway.OpgateApplication;
import io.opgate.simulator.Credentials;
import io.opgate.simulator.Script;
import io.opgate.simulator.Simulator;
import io.opgate.simulator.SimulatorOptions;
import io.opgate.simulator.Vendor;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Counts the requests the simulated ONTAP and SolidFire receive while the gateway tracks 2,000 jobs on each at a 5 s
 * interval: every job is found by discovery (nobody registers one), then polled many at a time. Request counts do
 * not depend on how loaded the machine is; the figures are printed for BENCHMARKS.md.
 */
class PollManyRequestCountIntegrationTests {

    static final int JOBS = 2_000;
    static final Duration INTERVAL = Duration.ofSeconds(5);
    static final Duration DISCOVERY = Duration.ofSeconds(30);

    @Test
    void twoThousandJobsCostABatchOfRequestsPerInterval() {
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults())) {
            Script longRunning = Script.builder().running(Duration.ofHours(1)).succeeds();
            for (int i = 0; i < JOBS; i++) {
                sim.create(Vendor.ONTAP, longRunning);
                sim.create(Vendor.SOLIDFIRE, longRunning);
            }
            Credentials c = sim.options().credentials();
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("server.port", 0);
            p.put("server.address", "127.0.0.1");
            p.put("server.shutdown", "immediate");
            p.put("spring.main.banner-mode", "off");
            p.put("opgate.store", "memory");
            p.put("opgate.security.mode", "none");
            p.put("opgate.polling.initial-interval", INTERVAL.toMillis() + "ms");
            p.put("opgate.polling.max-interval", INTERVAL.toMillis() + "ms");
            p.put("opgate.polling.timeout", "10s");
            for (String name : new String[] {"ontap", "sf"}) {
                String prefix = "opgate.backends." + name + ".";
                p.put(prefix + "type", name.equals("sf") ? "solidfire" : "ontap");
                p.put(prefix + "base-url", name.equals("sf") ? sim.solidFireUrl() : sim.ontapUrl());
                p.put(prefix + "username", c.username());
                p.put(prefix + "password", c.password());
                p.put(prefix + "discovery.enabled", "true");
                p.put(prefix + "discovery.interval", DISCOVERY.toSeconds() + "s");
            }
            try (ConfigurableApplicationContext context = new SpringApplicationBuilder(OpgateApplication.class)
                    .properties(p)
                    .run()) {
                int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
                WebTestClient http = WebTestClient.bindToServer()
                        .baseUrl("http://127.0.0.1:" + port)
                        .responseTimeout(Duration.ofSeconds(30))
                        .build();
                await().atMost(Duration.ofMinutes(2))
                        .until(() -> active(http, "ontap") == JOBS && active(http, "sf") == JOBS);
                // Let the first polls after adoption settle onto the interval grid.
                await().pollDelay(INTERVAL.multipliedBy(3))
                        .atMost(INTERVAL.multipliedBy(4))
                        .until(() -> true);

                long ontapBefore = sim.requestCount(Vendor.ONTAP);
                long sfBefore = sim.requestCount(Vendor.SOLIDFIRE);
                long start = System.nanoTime();
                Duration window = DISCOVERY;
                await().pollDelay(window).atMost(window.plusSeconds(5)).until(() -> true);
                double intervals = (System.nanoTime() - start) / 1e9 / INTERVAL.toSeconds();
                double ontapPerInterval = (sim.requestCount(Vendor.ONTAP) - ontapBefore) / intervals;
                double sfPerInterval = (sim.requestCount(Vendor.SOLIDFIRE) - sfBefore) / intervals;
                System.out.printf(
                        "poll-many: %d jobs each, %.1f intervals of %s: ONTAP %.1f requests per interval, SolidFire %.1f"
                                + " (discovery every %s included)%n",
                        JOBS, intervals, INTERVAL, ontapPerInterval, sfPerInterval, DISCOVERY);
                // 2,000 / 50 = 40 poll-many requests, plus discovery's pages (5 a run, one run per 6 intervals).
                assertThat(ontapPerInterval).isLessThanOrEqualTo(45);
                // One ListAsyncResults per interval for polling, plus one per discovery run.
                assertThat(sfPerInterval).isLessThanOrEqualTo(2.5);
            }
        }
    }

    static long active(WebTestClient http, String backend) {
        JsonNode backends = http.get()
                .uri("/v1/backends")
                .exchange()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        for (JsonNode b : backends) {
            if (b.get("name").asString().equals(backend)) {
                return b.get("activeOperations").asLong();
            }
        }
        return -1;
    }
}
