package io.opgate.gateway.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.gateway.support.Api;
import io.opgate.gateway.support.GatewayReplica;
import io.opgate.gateway.support.RedisServer;
import io.opgate.simulator.Script;
import io.opgate.simulator.Simulator;
import io.opgate.simulator.SimulatorOptions;
import io.opgate.simulator.Vendor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;

/**
 * A packaged replica holding a tenant's whole quota of streams and long-polls is killed with SIGKILL, so it never
 * gives them back: another replica on the same Redis refuses more until the dead one's quota lease ends, then
 * serves them.
 */
class QuotaShareOfAKilledReplicaIntegrationTests {

    static final Duration QUOTA_LEASE = Duration.ofSeconds(3);
    static final String PREFIX = "quota-kill";

    final List<AutoCloseable> resources = new ArrayList<>();
    final List<Disposable> held = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        held.forEach(Disposable::dispose);
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    @Test
    void aKilledReplicasShareComesBackWithinItsLease() {
        Simulator sim = keep(Simulator.start(SimulatorOptions.defaults()));
        RedisServer redis = keep(RedisServer.local().start());
        Map<String, String> settings = new LinkedHashMap<>(ReplicaFaultsIntegrationTests.settings(sim, redis));
        settings.put("opgate.redis.key-prefix", PREFIX);
        settings.put("opgate.redis.quota-lease", QUOTA_LEASE.toMillis() + "ms");
        settings.put("opgate.security.max-streams-per-client", "2");
        settings.put("opgate.security.max-long-polls-per-client", "2");
        GatewayProcess doomed =
                keep(GatewayProcess.start("quota-doomed", settings, ReplicaFaultsIntegrationTests.REPLICA_JVM));
        GatewayReplica survivor =
                keep(GatewayReplica.start(redis.url(), PREFIX, new LinkedHashMap<String, Object>(settings)));
        doomed.awaitReady(Duration.ofSeconds(180));

        String handle = sim.create(
                Vendor.ONTAP, Script.builder().running(Duration.ofMinutes(10)).succeeds());
        String id = WebClient.create(doomed.url())
                .post()
                .uri("/v1/operations")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("backend", "ontap", "handle", handle))
                .retrieve()
                .bodyToMono(JsonNode.class)
                .block(Duration.ofSeconds(10))
                .get("id")
                .asString();
        WebClient onDoomed = WebClient.create(doomed.url());
        for (int i = 0; i < 2; i++) {
            held.add(onDoomed.get()
                    .uri("/v1/events")
                    .accept(MediaType.TEXT_EVENT_STREAM)
                    .retrieve()
                    .bodyToFlux(String.class)
                    .subscribe(null, e -> {}));
            held.add(onDoomed.get()
                    .uri("/v1/operations/" + id + "?wait=120&after=1000000")
                    .retrieve()
                    .toBodilessEntity()
                    .subscribe(null, e -> {}));
        }
        Api onSurvivor = new Api(survivor.http());
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> status(onSurvivor, "/v1/events") == 429
                        && status(onSurvivor, "/v1/operations/" + id + "?wait=1") == 429);

        doomed.kill();
        Instant killed = Instant.now();
        Awaitility.await()
                .atMost(QUOTA_LEASE.multipliedBy(3))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> status(onSurvivor, "/v1/operations/" + id + "?wait=1") == 200);
        Awaitility.await()
                .atMost(QUOTA_LEASE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> status(onSurvivor, "/v1/events") == 200);
        assertThat(Duration.between(killed, Instant.now()))
                .as("the dead replica's share came back within its lease and a renewal")
                .isLessThan(QUOTA_LEASE.multipliedBy(3));
    }

    int status(Api api, String uri) {
        if (!uri.equals("/v1/events")) {
            return api.get(uri, null).status();
        }
        var stream = api.open(uri, Map.of());
        held.add(stream.getResponseBody().subscribe(null, e -> {}));
        return stream.getStatus().value();
    }
}
