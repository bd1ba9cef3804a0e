package io.opgate.gateway.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opgate.gateway.support.RedisServer;
import io.opgate.simulator.Credentials;
import io.opgate.simulator.Script;
import io.opgate.simulator.Simulator;
import io.opgate.simulator.SimulatorOptions;
import io.opgate.simulator.Vendor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.JsonNode;

/**
 * Three gateway processes on one Redis polling the simulated ONTAP: one is killed with SIGKILL in the middle of its
 * polls, another is stopped gracefully (SIGTERM). Every operation is still tracked to its end by the survivor, each
 * terminal event appears once on the survivor's firehose, clients of the lost replicas reconnect elsewhere and resume
 * from their {@code Last-Event-ID}, and the graceful shutdown ends within its configured time.
 */
class ReplicaFaultsIntegrationTests {

    static final int OPERATIONS = 30;
    static final Duration SHUTDOWN_PHASE = Duration.ofSeconds(5);
    /** Small and quick to start: three of these start at once on a 2-core machine shared with other builds. */
    static final String[] REPLICA_JVM = {"-Xmx192m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"};

    final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    @Test
    void aKilledAndAStoppedReplicaLoseNothing() {
        Simulator sim = keep(Simulator.start(SimulatorOptions.defaults()));
        RedisServer redis = keep(RedisServer.startDurable());
        // Polls take a while, so that the kill lands in the middle of some.
        sim.faults(Vendor.ONTAP).latency(Duration.ofMillis(150));
        Map<String, String> settings = settings(sim, redis);
        GatewayProcess a = keep(GatewayProcess.start("replica-a", settings, REPLICA_JVM));
        GatewayProcess b = keep(GatewayProcess.start("replica-b", settings, REPLICA_JVM));
        GatewayProcess c = keep(GatewayProcess.start("replica-c", settings, REPLICA_JVM));
        for (GatewayProcess p : List.of(a, b, c)) {
            p.awaitReady(Duration.ofSeconds(180));
        }

        // Which replica will be killed, stopped or survive is known only once one has polls in flight, so a client for
        // every role is connected now: one staying on each replica, and one moving from each replica to each other.
        List<GatewayProcess> replicas = List.of(a, b, c);
        Map<String, Watcher> watchers = new LinkedHashMap<>();
        for (GatewayProcess from : replicas) {
            for (GatewayProcess to : replicas) {
                OperationLedger ledger = new OperationLedger();
                Firehose firehose = keep(
                        from == to
                                ? new Firehose(ledger, "firehose", from.url())
                                : new Firehose(ledger, "firehose", from.url(), to.url()));
                watchers.put(from.name + ">" + to.name, new Watcher(ledger, firehose));
            }
        }
        await("every firehose open").atMost(Duration.ofSeconds(30)).until(() -> watchers.values().stream()
                .allMatch(w -> w.firehose().opened() > 0));

        WebClient web = WebClient.create(a.url());
        List<String> ids = new ArrayList<>();
        Map<String, String> expected = new LinkedHashMap<>();
        for (int i = 0; i < OPERATIONS; i++) {
            Script.Builder script =
                    Script.builder().queued(Duration.ofMillis(300)).running(Duration.ofMillis(3_000 + 250L * i));
            boolean fails = i % 3 == 0;
            String handle = sim.create(Vendor.ONTAP, fails ? script.fails("460770", "offline") : script.succeeds());
            JsonNode op = web.post()
                    .uri("/v1/operations")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("backend", "ontap", "handle", handle))
                    .retrieve()
                    .bodyToMono(JsonNode.class)
                    .block(Duration.ofSeconds(10));
            ids.add(op.get("id").asString());
            expected.put(op.get("id").asString(), fails ? "FAILED" : "SUCCEEDED");
        }
        // Every client has every operation before the faults: a client that moves resumes from its cursor.
        FirehoseWaits.awaitFirstEvents(
                Duration.ofSeconds(30),
                ids,
                watchers.values().stream().map(Watcher::ledger).toArray(OperationLedger[]::new));

        // Kill a replica that has polls in flight (the first replica to tick claims everything due, so one replica may
        // poll nothing for a while); then stop another one gracefully; the third survives.
        AtomicReference<GatewayProcess> busy = new AtomicReference<>();
        AtomicInteger busyPolls = new AtomicInteger();
        await("a replica with polls in flight")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> {
                    for (GatewayProcess candidate : replicas) {
                        int polls = pollsInFlight(candidate);
                        if (polls > 0) {
                            busy.set(candidate);
                            busyPolls.set(polls);
                            return true;
                        }
                    }
                    return false;
                });
        GatewayProcess victim = busy.get();
        int inFlight = busyPolls.get();
        List<GatewayProcess> others = replicas.stream().filter(r -> r != victim).toList();
        GatewayProcess graceful = others.get(0);
        GatewayProcess kept = others.get(1);
        Watcher survivor = watchers.get(kept.name + ">" + kept.name);
        Watcher clientOfKilled = watchers.get(victim.name + ">" + kept.name);
        Watcher clientOfStopped = watchers.get(graceful.name + ">" + kept.name);
        OperationLedger survivorLedger = survivor.ledger();
        OperationLedger movingFromKilled = clientOfKilled.ledger();
        OperationLedger movingFromStopped = clientOfStopped.ledger();
        Instant killed = Instant.now();
        victim.kill();
        // The second fault comes while the killed replica's leases (2 s) still run: the survivor takes over the
        // operations of both at once.
        Hold.phaseFor(Duration.ofMillis(1_500));
        Duration shutdown = graceful.stop(SHUTDOWN_PHASE.plusSeconds(10));

        WebClient survivorWeb = WebClient.create(kept.url());
        FirehoseWaits.awaitTerminalEvents(
                Duration.ofSeconds(60), ids, survivorLedger, movingFromKilled, movingFromStopped);
        Duration allDone = Duration.between(killed, Instant.now());
        FirehoseWaits.awaitNoSecondTerminalEvent(
                Duration.ofSeconds(1), ids, survivorLedger, movingFromKilled, movingFromStopped);

        int duplicates = 0;
        for (String id : ids) {
            JsonNode op = survivorWeb
                    .get()
                    .uri("/v1/operations/{id}", id)
                    .retrieve()
                    .bodyToMono(JsonNode.class)
                    .block(Duration.ofSeconds(10));
            survivorLedger.record("get", op);
            assertThat(op.get("state").asString()).as("%s", id).isEqualTo(expected.get(id));
            assertThat(survivorLedger.terminal("firehose", id).state()).isEqualTo(expected.get(id));
            duplicates += (int) (survivorLedger.terminalEvents("firehose", id) - 1);
            assertThat(movingFromKilled.terminalEvents("firehose", id)).isEqualTo(1);
            assertThat(movingFromStopped.terminalEvents("firehose", id)).isEqualTo(1);
        }
        assertThat(duplicates)
                .as("duplicate terminal events on the survivor's firehose")
                .isZero();
        assertThat(survivorLedger.violations()).isEmpty();
        assertThat(movingFromKilled.violations()).isEmpty();
        assertThat(movingFromStopped.violations()).isEmpty();
        // Both moving clients changed replica and resumed from their cursor: no reset.
        assertThat(clientOfKilled.firehose().connects()).isGreaterThan(1);
        assertThat(clientOfStopped.firehose().connects()).isGreaterThan(1);
        assertThat(clientOfKilled.firehose().resets()
                        + clientOfStopped.firehose().resets())
                .isZero();
        assertThat(shutdown).isLessThan(SHUTDOWN_PHASE.plusSeconds(5));

        FaultReport.write(
                "replica-faults.md",
                String.format(
                        Locale.ROOT,
                        "| fault | polls in flight at the kill | operations | events (survivor / client of the stopped / client of "
                                + "the killed) | terminal missed | duplicate terminal events | wrong states | reconnects (client "
                                + "of the stopped, of the killed) | resets "
                                + "| graceful shutdown took | all done after the kill |\n|---|---|---|---|---|---|---|---|---|---|---|\n"
                                + "| %s SIGKILL mid-poll, then %s SIGTERM (timeout-per-shutdown-phase %d s) | %d | %d | %d / %d / %d "
                                + "| 0 | %d | 0 | %d, %d | 0 | %.1f s (exit code %d) | %.1f s |\n",
                        victim.name,
                        graceful.name,
                        SHUTDOWN_PHASE.toSeconds(),
                        inFlight,
                        OPERATIONS,
                        survivor.firehose().events(),
                        clientOfStopped.firehose().events(),
                        clientOfKilled.firehose().events(),
                        duplicates,
                        clientOfStopped.firehose().connects() - 1,
                        clientOfKilled.firehose().connects() - 1,
                        shutdown.toMillis() / 1000.0,
                        graceful.exitCode(),
                        allDone.toMillis() / 1000.0));
    }

    static int pollsInFlight(GatewayProcess replica) {
        return WebClient.create(replica.url())
                .get()
                .uri("/v1/backends")
                .retrieve()
                .bodyToMono(JsonNode.class)
                .block(Duration.ofSeconds(5))
                .get(0)
                .get("inFlight")
                .asInt();
    }

    /** A firehose client and what it recorded. */
    record Watcher(OperationLedger ledger, Firehose firehose) {}

    static Map<String, String> settings(Simulator sim, RedisServer redis) {
        Credentials c = sim.options().credentials();
        Map<String, String> s = new LinkedHashMap<>();
        s.put("opgate.security.mode", "none");
        s.put("opgate.store", "redis");
        s.put("spring.data.redis.url", redis.url());
        s.put("spring.data.redis.timeout", "1s");
        s.put("opgate.redis.key-prefix", "replicas");
        s.put("opgate.redis.lease", "2s");
        s.put("opgate.redis.watch-refresh", "300ms");
        s.put("opgate.redis.feed-block", "500ms");
        s.put("opgate.polling.initial-interval", "200ms");
        s.put("opgate.polling.max-interval", "1s");
        s.put("opgate.polling.timeout", "1s");
        s.put("opgate.sse.keepalive", "1s");
        s.put("opgate.backends.ontap.type", "ontap");
        s.put("opgate.backends.ontap.base-url", sim.ontapUrl());
        s.put("opgate.backends.ontap.username", c.username());
        s.put("opgate.backends.ontap.password", c.password());
        s.put("spring.lifecycle.timeout-per-shutdown-phase", SHUTDOWN_PHASE.toSeconds() + "s");
        s.put("spring.main.banner-mode", "off");
        return s;
    }
}
