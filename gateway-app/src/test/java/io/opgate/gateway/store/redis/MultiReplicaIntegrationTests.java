package io.opgate.gateway.store.redis;

import static io.opgate.gateway.support.ScriptedAdapter.running;
import static io.opgate.gateway.support.ScriptedAdapter.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.opgate.gateway.support.GatewayReplica;
import io.opgate.gateway.support.RedisExtension;
import io.opgate.gateway.support.RedisServer;
import io.opgate.gateway.support.ScriptedAdapter;
import io.opgate.gateway.support.ScriptedAdapterFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Three replicas on one Redis act as one gateway. The tests run in order: the last ones stop replicas and start a
 * fresh one. Every replica polls at a fixed 400 ms interval with 2 s leases.
 */
@ExtendWith(RedisExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiReplicaIntegrationTests {

    static final Duration INTERVAL = Duration.ofMillis(400);
    static final Duration LEASE = Duration.ofSeconds(2);
    static final JsonMapper JSON = JsonMapper.builder().build();

    static String redisUrl;
    static String prefix;
    static GatewayReplica a;
    static GatewayReplica b;
    static GatewayReplica c;
    static final List<GatewayReplica> started = new ArrayList<>();
    static final Map<String, String> activeHandles = new LinkedHashMap<>();

    final ScriptedAdapter backend = ScriptedAdapterFactory.adapter(GatewayReplica.BACKEND);

    @BeforeAll
    static void startReplicas(RedisServer redis) {
        redisUrl = redis.url();
        prefix = "replicas-" + UUID.randomUUID();
        a = start();
        b = start();
        c = start();
    }

    static GatewayReplica start() {
        GatewayReplica replica = GatewayReplica.start(redisUrl, prefix, Map.of());
        started.add(replica);
        return replica;
    }

    @AfterAll
    static void stopReplicas() {
        started.forEach(GatewayReplica::close);
    }

    String registerRunning(GatewayReplica on) {
        String handle = "r-" + UUID.randomUUID();
        backend.answer(handle, running(10));
        String id = on.register(handle);
        activeHandles.put(handle, id);
        return handle;
    }

    static JsonNode data(ServerSentEvent<String> event) {
        return JSON.readTree(event.data());
    }

    static long pollsBetween(List<Instant> polls, Instant from, Instant to) {
        return polls.stream().filter(t -> !t.isBefore(from) && t.isBefore(to)).count();
    }

    @Test
    @Order(1)
    void eachOperationIsPolledByOneReplicaAtATimeAtItsIntervalAndTheLagOfEveryPollIsRecorded() {
        List<String> handles = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            handles.add(registerRunning(i % 2 == 0 ? a : b));
        }
        Instant from = Instant.now();
        // Counted, not timed: ten polls each, however long a loaded machine takes to make them.
        await().atMost(Duration.ofSeconds(60))
                .until(() -> handles.stream().allMatch(h -> pollsBetween(backend.polls(h), from, Instant.now()) >= 10));
        for (String handle : handles) {
            List<Instant> window = backend.polls(handle).stream()
                    .filter(t -> !t.isBefore(from))
                    .toList();
            // One poller at a time keeps every gap near the interval; three would leave gaps of a third of it.
            for (int i = 1; i < window.size(); i++) {
                assertThat(Duration.between(window.get(i - 1), window.get(i)))
                        .as("gap between polls of %s", handle)
                        .isGreaterThanOrEqualTo(INTERVAL.minusMillis(150));
            }
        }
        // Every poll the replicas' engines made since then took its due time from the Redis queue: one lag sample each.
        long lagSamples = started.stream()
                .mapToLong(r -> r.bean(MeterRegistry.class)
                        .get("opgate.poll.lag")
                        .timer()
                        .count())
                .sum();
        assertThat(lagSamples).isGreaterThanOrEqualTo(6 * 10);
    }

    @Test
    @Order(2)
    void aStreamOnOneReplicaSeesWhatAnotherReplicaPolled() {
        String handle = registerRunning(a);
        String id = activeHandles.get(handle);
        StepVerifier.create(b.events("/v1/operations/" + id + "/events", null))
                .assertNext(e -> {
                    assertThat(data(e).get("state").asString()).isEqualTo("RUNNING");
                    backend.answer(handle, succeeded());
                })
                .assertNext(e -> assertThat(data(e).get("state").asString()).isEqualTo("SUCCEEDED"))
                .expectComplete()
                .verify(Duration.ofSeconds(15));
        activeHandles.remove(handle);
    }

    @Test
    @Order(3)
    void aCursorFromOneReplicaResumesOnAnother() {
        String handle = "cursor-" + UUID.randomUUID();
        backend.answer(handle, running(10));
        // Follow everything on A until the new operation shows up; keep its cursor.
        Mono<ServerSentEvent<String>> registered = a.events("/v1/events", null)
                .filter(e -> e.data() != null && e.data().contains(handle))
                .next();
        String[] cursor = new String[1];
        StepVerifier.create(registered)
                .then(() -> activeHandles.put(handle, a.register(handle)))
                .assertNext(e -> cursor[0] = e.id())
                .expectComplete()
                .verify(Duration.ofSeconds(15));
        backend.answer(handle, running(60));

        // Resume on B after that cursor: the next change of the operation, no reset, cursors moving on.
        List<ServerSentEvent<String>> resumed = b.events("/v1/events", cursor[0])
                .takeUntil(e -> e.data() != null && e.data().contains(handle))
                .collectList()
                .block(Duration.ofSeconds(15));
        assertThat(resumed).noneMatch(e -> "reset".equals(e.event()));
        ServerSentEvent<String> change = resumed.get(resumed.size() - 1);
        assertThat(data(change).get("progress").get("percent").asDouble()).isEqualTo(60.0);
        assertThat(data(change).get("version").asLong()).isEqualTo(2);
        RedisChangeFeed feed = b.bean(RedisChangeFeed.class);
        assertThat(resumed)
                .allSatisfy(e -> assertThat(feed.compare(e.id(), cursor[0])).isPositive());

        // A cursor that never existed gets a reset.
        StepVerifier.create(b.events("/v1/events", "1-0").next())
                .assertNext(e -> assertThat(e.event()).isEqualTo("reset"))
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    @Order(4)
    void stoppingAReplicaHandsItsOperationsToTheOthersWithinTheLease() {
        for (int i = 0; i < 4; i++) {
            registerRunning(a);
        }
        a.close();
        Instant stopped = Instant.now();
        // Taken over once A's leases end: within a lease and an interval, with 2 s for the claim and the poll.
        await().atMost(LEASE.plus(INTERVAL).plusSeconds(2)).until(() -> activeHandles.keySet().stream()
                .allMatch(h -> pollsBetween(backend.polls(h), stopped.plusMillis(100), Instant.now()) >= 2));
    }

    @Test
    @Order(5)
    void aFreshReplicaResumesEveryActiveOperation() {
        b.close();
        c.close();
        // With every replica stopped nobody polls: the count of polls settles (a poll already under way may still
        // land), and it would not if anything still polled at the 400 ms interval.
        long[] lastCount = {-1};
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(1_000))
                .until(() -> {
                    long count = activeHandles.keySet().stream()
                            .mapToLong(h -> backend.polls(h).size())
                            .sum();
                    boolean settled = count == lastCount[0];
                    lastCount[0] = count;
                    return settled;
                });
        GatewayReplica fresh = start();
        Instant restarted = Instant.now();
        await().atMost(LEASE.plusSeconds(3)).until(() -> activeHandles.keySet().stream()
                .allMatch(h -> pollsBetween(backend.polls(h), restarted, Instant.now()) >= 2));
        JsonNode list = fresh.http()
                .get()
                .uri("/v1/operations?done=false&pageSize=100")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        List<String> listed = new ArrayList<>();
        list.get("operations").forEach(op -> listed.add(op.get("id").asString()));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(activeHandles.values());
    }
}
