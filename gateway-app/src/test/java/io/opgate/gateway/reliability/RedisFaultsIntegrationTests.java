package io.opgate.gateway.reliability;

import static io.opgate.gateway.support.ScriptedAdapter.failed;
import static io.opgate.gateway.support.ScriptedAdapter.running;
import static io.opgate.gateway.support.ScriptedAdapter.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opgate.gateway.support.GatewayReplica;
import io.opgate.gateway.support.RedisServer;
import io.opgate.gateway.support.ScriptedAdapter;
import io.opgate.gateway.support.ScriptedAdapterFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.JsonNode;

/**
 * Redis faults under a gateway on the Redis store: killed and restarted, frozen (SIGSTOP) beyond the command timeout,
 * restarted empty. Operations finish at the backend while Redis is away; afterwards every operation acknowledged
 * before the fault is there, ends as the backend said, once, on a firehose client that reconnects with
 * {@code Last-Event-ID}, and no wrong state is ever seen. Redis syncs every write, as a setup that must keep what it
 * acknowledged would.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisFaultsIntegrationTests {

    static final int OPERATIONS = 6;
    static final Duration OUTAGE = Duration.ofSeconds(4);

    static RedisServer redis;
    static GatewayReplica gateway;
    static WebClient web;
    static final StringBuilder REPORT = new StringBuilder(
            "| fault | for | operations | firehose events | reconnects | resets | registration during the fault "
                    + "| terminal missed | duplicate terminal events | wrong states | ready again after | all done "
                    + "after |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");

    final ScriptedAdapter backend = ScriptedAdapterFactory.adapter(GatewayReplica.BACKEND);

    @BeforeAll
    static void start() {
        redis = RedisServer.startDurable();
        gateway = GatewayReplica.start(redis.url(), "faults", Map.of());
        web = WebClient.create("http://127.0.0.1:" + gateway.port());
    }

    @AfterAll
    static void stop() {
        FaultReport.write("redis-faults.md", REPORT.toString());
        if (gateway != null) {
            gateway.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    @Order(1)
    void killedAndRestarted() {
        outage("killed (SIGKILL), restarted with its data", redis::kill, redis::restart);
    }

    @Test
    @Order(2)
    void frozenBeyondTheCommandTimeout() {
        outage("frozen (SIGSTOP) 4 s, command timeout 1 s, then SIGCONT", redis::pause, redis::resume);
    }

    @Test
    @Order(3)
    void restartedEmpty() {
        OperationLedger before = new OperationLedger();
        List<String> handles = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        try (Firehose firehose = new Firehose(before, "firehose", "http://127.0.0.1:" + gateway.port())) {
            awaitConnected(firehose);
            for (int i = 0; i < 4; i++) {
                handles.add(running());
                ids.add(gateway.register(handles.get(i)));
            }
            backend.answer(handles.get(0), succeeded());
            FirehoseWaits.awaitTerminalEvents(Duration.ofSeconds(10), ids.subList(0, 1), before);
            long resetsBefore = firehose.resets();

            OperationLedger after = new OperationLedger();
            firehose.useLedger(after);
            redis.restartEmpty();
            Instant restarted = Instant.now();

            await().atMost(Duration.ofSeconds(20)).until(() -> status("/actuator/health/readiness") == 200);
            Duration ready = Duration.between(restarted, Instant.now());
            // The firehose client is told to start over, and then hears of nothing old.
            await().atMost(Duration.ofSeconds(20)).until(() -> firehose.resets() > resetsBefore);
            for (String id : ids) {
                assertThat(status("/v1/operations/" + id))
                        .as("forgotten %s", id)
                        .isEqualTo(404);
            }
            JsonNode list = web.get()
                    .uri("/v1/operations")
                    .retrieve()
                    .bodyToMono(JsonNode.class)
                    .block(Duration.ofSeconds(10));
            assertThat(list.get("operations")).isEmpty();
            // Nothing is polled for operations nobody remembers: polls in flight at the wipe may still land, then the
            // count stays put for several polling intervals (400 ms).
            AtomicLong polled = new AtomicLong(-1);
            await("no more polls of the forgotten operations")
                    .during(Duration.ofMillis(1_500))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> {
                        long now = handles.stream()
                                .mapToLong(h -> backend.polls(h).size())
                                .sum();
                        return polled.getAndSet(now) == now;
                    });

            // A client that re-registers gets its operation back (same id, a new history from version 1).
            String again = gateway.register(handles.get(1));
            assertThat(again).isEqualTo(ids.get(1));
            backend.answer(handles.get(1), failed("xAfterWipe"));
            FirehoseWaits.awaitTerminalEvents(Duration.ofSeconds(10), List.of(again), after);
            FirehoseWaits.awaitNoSecondTerminalEvent(Duration.ofMillis(500), List.of(again), after);
            assertThat(after.violations()).isEmpty();
            assertThat(before.violations()).isEmpty();
            REPORT.append(String.format(
                    Locale.ROOT,
                    "| restarted EMPTY (data lost) | — | 4 | %d | %d | %d | — | — | 0 | 0 | %.1f s | re-registered one: "
                            + "ended FAILED, 1 terminal event |\n",
                    firehose.events(),
                    firehose.connects() - 1,
                    firehose.resets() - resetsBefore,
                    ready.toMillis() / 1000.0));
        }
    }

    void outage(String fault, Runnable inject, Runnable heal) {
        OperationLedger ledger = new OperationLedger();
        try (Firehose firehose = new Firehose(ledger, "firehose", "http://127.0.0.1:" + gateway.port())) {
            awaitConnected(firehose);
            List<String> handles = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < OPERATIONS; i++) {
                handles.add(running());
                ids.add(gateway.register(handles.get(i)));
            }
            // Every operation's first poll stored and its event received before the fault.
            FirehoseWaits.awaitFirstEvents(Duration.ofSeconds(10), ids, ledger);
            long resetsBefore = firehose.resets();

            inject.run();
            Instant injected = Instant.now();
            // While Redis is away, half of the operations end at the backend.
            for (int i = 0; i < OPERATIONS / 2; i++) {
                backend.answer(handles.get(i), i % 2 == 0 ? succeeded() : failed("xDuringOutage"));
            }
            int registration = registerStatus(running());
            assertThat(registration)
                    .as("a registration while Redis is away is refused")
                    .isEqualTo(503);
            Hold.outageUntil(injected.plus(OUTAGE));
            heal.run();
            Instant healed = Instant.now();

            await().atMost(Duration.ofSeconds(20)).until(() -> status("/actuator/health/readiness") == 200);
            Duration ready = Duration.between(healed, Instant.now());
            for (int i = OPERATIONS / 2; i < OPERATIONS; i++) {
                backend.answer(handles.get(i), i % 2 == 0 ? succeeded() : failed("xAfterOutage"));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> ids.stream()
                    .allMatch(id -> get(ledger, id).get("done").asBoolean()));
            Duration allDone = Duration.between(healed, Instant.now());
            FirehoseWaits.awaitTerminalEvents(Duration.ofSeconds(15), ids, ledger);
            FirehoseWaits.awaitNoSecondTerminalEvent(Duration.ofMillis(500), ids, ledger);

            int duplicates = 0;
            for (int i = 0; i < OPERATIONS; i++) {
                JsonNode op = get(ledger, ids.get(i));
                assertThat(op.get("state").asString()).isEqualTo(i % 2 == 0 ? "SUCCEEDED" : "FAILED");
                assertThat(ledger.terminal("firehose", ids.get(i)).state())
                        .isEqualTo(op.get("state").asString());
                duplicates += (int) (ledger.terminalEvents("firehose", ids.get(i)) - 1);
            }
            assertThat(duplicates).as("duplicate terminal events").isZero();
            assertThat(ledger.violations()).as("wrong states").isEmpty();
            assertThat(firehose.connects())
                    .as("the stream broke and the client reconnected")
                    .isGreaterThan(1);
            assertThat(firehose.resets())
                    .as("resumed from its cursor, not reset")
                    .isEqualTo(resetsBefore);
            REPORT.append(String.format(
                    Locale.ROOT,
                    "| %s | %.0f s | %d | %d | %d | %d | %d | 0 | %d | 0 | %.1f s | %.1f s |\n",
                    fault,
                    OUTAGE.toMillis() / 1000.0,
                    OPERATIONS,
                    firehose.events(),
                    firehose.connects() - 1,
                    firehose.resets() - resetsBefore,
                    registration,
                    duplicates,
                    ready.toMillis() / 1000.0,
                    allDone.toMillis() / 1000.0));
        }
    }

    String running() {
        String handle = "r-" + UUID.randomUUID();
        backend.answer(handle, ScriptedAdapter.running(10));
        return handle;
    }

    JsonNode get(OperationLedger ledger, String id) {
        JsonNode op = web.get()
                .uri("/v1/operations/{id}", id)
                .retrieve()
                .bodyToMono(JsonNode.class)
                .block(Duration.ofSeconds(10));
        ledger.record("get", op);
        return op;
    }

    int registerStatus(String handle) {
        return web.post()
                .uri("/v1/operations")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("backend", GatewayReplica.BACKEND, "handle", handle))
                .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()))
                .onErrorReturn(-1)
                .block(Duration.ofSeconds(15));
    }

    static int status(String uri) {
        return web.get()
                .uri(uri)
                .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()))
                .onErrorReturn(-1)
                .block(Duration.ofSeconds(10));
    }

    static void awaitConnected(Firehose firehose) {
        await("the firehose open").atMost(Duration.ofSeconds(10)).until(() -> firehose.opened() > 0);
    }
}
