package io.opgate.gateway.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opgate.gateway.support.TcpGate;
import io.opgate.gateway.support.TestClientConfiguration;
import io.opgate.simulator.Credentials;
import io.opgate.simulator.Faults;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.JsonNode;

/**
 * Backend faults, one at a time, against the whole gateway: the ONTAP backend {@code sick} (behind a {@link TcpGate},
 * so that its port can also refuse connections) fails in one way while the SolidFire backend {@code healthy} keeps
 * working. Every scenario records every firehose event and every read, and checks that no wrong state appeared, no
 * terminal state was missed or sent twice, polling of the sick backend backed off, the healthy one kept its cadence,
 * and the operation and {@code GET /v1/backends} told the truth. Figures go to {@code target/reliability/}.
 */
@Import(TestClientConfiguration.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackendFaultsIntegrationTests {

    static final Duration BASELINE = Duration.ofSeconds(2);
    static final Duration FAULT = Duration.ofSeconds(3);
    static final Duration GIVE_UP = Duration.ofSeconds(8);
    static final Duration MAX_INTERVAL = Duration.ofSeconds(1);
    static final int SICK_OPERATIONS = 8;
    static final int HEALTHY_OPERATIONS = 4;

    static final Simulator SIM = Simulator.start(SimulatorOptions.defaults());
    static final TcpGate GATE = TcpGate.to(SIM.port());
    static final OperationLedger LEDGER = new OperationLedger();
    static final List<FaultReport> REPORTS = new ArrayList<>();
    static Firehose firehose;

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        Credentials c = SIM.options().credentials();
        registry.add("opgate.security.mode", () -> "none");
        registry.add("opgate.polling.initial-interval", () -> "100ms");
        registry.add("opgate.polling.max-interval", () -> MAX_INTERVAL.toMillis() + "ms");
        registry.add("opgate.polling.watched-interval", () -> "300ms");
        registry.add("opgate.polling.timeout", () -> "500ms");
        registry.add("opgate.polling.give-up-after", () -> GIVE_UP.toMillis() + "ms");
        registry.add("opgate.sse.keepalive", () -> "1s");
        registry.add("opgate.backends.sick.type", () -> "ontap");
        registry.add("opgate.backends.sick.base-url", () -> GATE.url() + "/ontap");
        registry.add("opgate.backends.sick.username", c::username);
        registry.add("opgate.backends.sick.password", c::password);
        registry.add("opgate.backends.sick.circuit-failure-threshold", () -> "5");
        registry.add("opgate.backends.sick.circuit-probe-interval", () -> "1s");
        registry.add("opgate.backends.healthy.type", () -> "solidfire");
        registry.add("opgate.backends.healthy.base-url", SIM::solidFireUrl);
        registry.add("opgate.backends.healthy.username", c::username);
        registry.add("opgate.backends.healthy.password", c::password);
    }

    @LocalServerPort
    int port;

    WebClient web;

    @BeforeEach
    void connect() {
        web = WebClient.create("http://127.0.0.1:" + port);
        if (firehose == null) {
            firehose = new Firehose(LEDGER, "firehose", "http://127.0.0.1:" + port);
        }
    }

    @AfterEach
    void heal() {
        SIM.faults(Vendor.ONTAP).clear();
        GATE.open();
    }

    @AfterAll
    static void report() {
        if (firehose != null) {
            firehose.close();
        }
        FaultReport.write("backend-faults.md", REPORTS);
        GATE.close();
        SIM.close();
    }

    // --- the faults ---

    @Test
    @Order(1)
    void latencyBeyondThePollTimeout() {
        run("latency 1.5 s (timeout 500 ms)", faults -> faults.latency(Duration.ofMillis(1_500)), Expect.DOWN);
    }

    @Test
    @Order(2)
    void fiveHundredsInABurst() {
        // Every other answer is a 503, which is throttling (CONTRACT §6): the pause may hold polls back before the
        // circuit has counted enough 500s, so this expects what a Retry-After does.
        run("5xx burst (500/503, every request)", faults -> faults.errorRate(1.0), Expect.RETRY_AFTER);
    }

    @Test
    @Order(3)
    void serviceUnavailableWithRetryAfter() {
        run(
                "503 with Retry-After: 2 (and 500)",
                faults -> faults.errorRate(1.0).retryAfter(Duration.ofSeconds(2)),
                Expect.RETRY_AFTER);
    }

    @Test
    @Order(4)
    void garbageAndTruncatedBodiesAndHtmlPages() {
        run("truncated JSON and HTML error pages (200)", faults -> faults.garbageRate(1.0), Expect.DOWN);
    }

    @Test
    @Order(5)
    void connectionResets() {
        run("TCP reset on every request", faults -> faults.resetRate(1.0), Expect.DOWN);
    }

    @Test
    @Order(6)
    void refusedConnections() {
        run("connection refused (port closed)", faults -> GATE.close(), Expect.DOWN);
    }

    @Test
    @Order(7)
    void halfOfTheRequestsFail() {
        run(
                "flaky: 1/3 5xx, 1/3 garbage, 1/6 resets",
                faults -> faults.errorRate(1.0 / 3).garbageRate(1.0 / 3).resetRate(1.0 / 6),
                Expect.FLAKY);
    }

    @Test
    @Order(8)
    void anOlderStateAfterANewerOne() {
        run("older state after newer (running → queued → running)", faults -> {}, Expect.STALE);
    }

    @Test
    @Order(9)
    void downForLongerThanTheGiveUpPeriod() {
        run("down (TCP reset) for give-up-after + 3 s", faults -> faults.down(true), Expect.GIVE_UP);
    }

    // --- one scenario ---

    enum Expect {
        /** Every request fails: the circuit opens, polling backs off, operations and backends say unreachable. */
        DOWN,
        /**
         * Every request fails, half of them with a 503 (throttling, with or without {@code Retry-After}): as
         * {@link #DOWN}, but the pause the backend asked for may hold polls back before the circuit has seen enough
         * failures in a row to open, so either counts.
         */
        RETRY_AFTER,
        /** Some requests fail: operations still end correctly. */
        FLAKY,
        /** No fault, but the scripts go back from running to queued. */
        STALE,
        /** Every request fails for longer than give-up-after: operations become LOST / BACKEND_UNREACHABLE. */
        GIVE_UP
    }

    record Tracked(String id, String expectedState, String expectedCode) {}

    void run(String fault, Consumer<Faults> inject, Expect expect) {
        Duration faultFor = expect == Expect.GIVE_UP ? GIVE_UP.plusSeconds(3) : FAULT;
        long firehoseBefore = firehose.events();
        List<Tracked> sick = new ArrayList<>();
        List<Tracked> healthy = new ArrayList<>();
        long baseMillis = BASELINE.toMillis();
        for (int i = 0; i < SICK_OPERATIONS; i++) {
            boolean endsInFault = i % 4 < 2;
            boolean fails = i % 2 == 1;
            long total = endsInFault ? baseMillis + faultFor.toMillis() / 2 : baseMillis + faultFor.toMillis() + 1_500;
            Script.Builder script = expect == Expect.STALE
                    ? Script.builder()
                            .running(Duration.ofMillis(700))
                            .queued(Duration.ofMillis(900))
                            .running(Duration.ofMillis(700))
                            .pausedFor(Duration.ofMillis(500))
                            .running(Duration.ofMillis(total - 2_800 > 0 ? total - 2_800 : 300))
                    : Script.builder().queued(Duration.ofMillis(200)).running(Duration.ofMillis(total - 200));
            String handle = SIM.create(
                    Vendor.ONTAP, fails ? script.fails("460770", "Volume \"vol1\" is offline.") : script.succeeds());
            String id = register("sick", handle);
            if (expect == Expect.GIVE_UP) {
                sick.add(new Tracked(id, "LOST", "BACKEND_UNREACHABLE"));
            } else {
                sick.add(new Tracked(id, fails ? "FAILED" : "SUCCEEDED", fails ? "460770" : null));
            }
        }
        for (int i = 0; i < HEALTHY_OPERATIONS; i++) {
            String handle = SIM.create(
                    Vendor.SOLIDFIRE,
                    Script.builder()
                            .running(BASELINE.plus(faultFor).plusSeconds(1))
                            .succeeds());
            healthy.add(new Tracked(register("healthy", handle), "SUCCEEDED", null));
        }

        FaultReport report = new FaultReport(fault, faultFor, SICK_OPERATIONS + HEALTHY_OPERATIONS);
        long requestsBefore = SIM.requestCount(Vendor.ONTAP);
        Samples baseline = sample(BASELINE, sick, healthy, report, false);
        long requestsAtFault = SIM.requestCount(Vendor.ONTAP);
        report.requestsPerSecondBefore = (requestsAtFault - requestsBefore) / seconds(BASELINE);

        inject.accept(SIM.faults(Vendor.ONTAP));
        Samples during = sample(faultFor, sick, healthy, report, true);
        report.requestsPerSecondDuring = (SIM.requestCount(Vendor.ONTAP) - requestsAtFault) / seconds(faultFor);
        SIM.faults(Vendor.ONTAP).clear();
        GATE.open();
        Instant cleared = Instant.now();

        List<Tracked> all = new ArrayList<>(sick);
        all.addAll(healthy);
        AtomicReference<Duration> backendBack = new AtomicReference<>();
        await("every operation done within 30 s of the fault's end")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (backendBack.get() == null) {
                        JsonNode b = backend("sick");
                        if (b.get("reachable").asBoolean()
                                && b.get("circuit").asString().equals("closed")) {
                            backendBack.set(Duration.between(cleared, Instant.now()));
                        }
                    }
                    // Every operation read each turn: each read goes to the ledger.
                    boolean allDone = true;
                    for (Tracked t : all) {
                        allDone &= get(t.id()).get("done").asBoolean();
                    }
                    return allDone && (backendBack.get() != null || expect == Expect.GIVE_UP);
                });
        report.backendRecovered = backendBack.get();
        report.allDone = Duration.between(cleared, Instant.now());
        List<String> ids = all.stream().map(Tracked::id).toList();
        FirehoseWaits.awaitTerminalEvents(Duration.ofSeconds(10), ids, LEDGER);
        FirehoseWaits.awaitNoSecondTerminalEvent(Duration.ofMillis(300), ids, LEDGER);

        // Truth: each ended as the backend said (or as the give-up rule says), once, on the stream and on reads.
        for (Tracked t : all) {
            JsonNode op = get(t.id());
            assertThat(op.get("state").asString()).as("%s final state", t.id()).isEqualTo(t.expectedState());
            if (t.expectedCode() != null) {
                assertThat(op.get("error").get("code").asString()).isEqualTo(t.expectedCode());
            }
            assertThat(LEDGER.terminalEvents("firehose", t.id()))
                    .as("terminal events of %s on the firehose", t.id())
                    .isEqualTo(1);
            assertThat(LEDGER.terminal("firehose", t.id()).state()).isEqualTo(t.expectedState());
        }
        report.eventsDelivered = firehose.events() - firehoseBefore;
        report.violations = LEDGER.violations().size();
        assertThat(LEDGER.violations()).as("wrong states").isEmpty();

        report.healthyStalenessBefore = baseline.maxHealthyStaleness;
        report.healthyStalenessDuring = during.maxHealthyStaleness;
        report.healthyGetP50During = during.healthyLatencyMedian();
        report.healthyGetMaxDuring = during.healthyLatencyMax();
        report.healthyGetP50Before = baseline.healthyLatencyMedian();
        // The healthy backend kept being polled at its cadence: never staler than the longest interval and a margin.
        assertThat(during.maxHealthyStaleness).isLessThan(MAX_INTERVAL.plusSeconds(2));

        if (expect == Expect.DOWN || expect == Expect.GIVE_UP || expect == Expect.RETRY_AFTER) {
            assertThat(during.sickUnreachableSeen)
                    .as("an operation said its backend was unreachable")
                    .isTrue();
            assertThat(during.backendUnreachableSeen)
                    .as("GET /v1/backends said so")
                    .isTrue();
            if (expect == Expect.RETRY_AFTER) {
                assertThat(during.circuitOpenSeen || during.retryAfterHeldBack)
                        .as("the circuit opened or the Retry-After pause held polls back")
                        .isTrue();
            } else {
                assertThat(during.circuitOpenSeen).as("the circuit opened").isTrue();
            }
            // Probed, not hammered: far fewer requests while the backend failed than while it worked.
            assertThat(report.requestsPerSecondDuring).isLessThan(report.requestsPerSecondBefore / 2);
        }
        if (expect == Expect.STALE) {
            assertThat(during.regressionsRefused + baseline.regressionsRefused)
                    .as("reads where the backend said queued and the gateway kept running")
                    .isPositive();
        }
        if (expect == Expect.GIVE_UP) {
            await("LOST is final")
                    .during(Duration.ofMillis(1_500))
                    .atMost(Duration.ofSeconds(3))
                    .untilAsserted(() -> {
                        for (Tracked t : sick) {
                            assertThat(get(t.id()).get("state").asString())
                                    .as("LOST is final")
                                    .isEqualTo("LOST");
                        }
                    });
        }
        report.regressionsRefused = during.regressionsRefused + baseline.regressionsRefused;
        report.lastErrorSeen = during.sickLastError;
        synchronized (REPORTS) {
            REPORTS.add(report);
        }
    }

    /** What the sampling loop saw. */
    static final class Samples {
        Duration maxHealthyStaleness = Duration.ZERO;
        final List<Long> healthyLatencies = new ArrayList<>();
        boolean sickUnreachableSeen;
        boolean backendUnreachableSeen;
        boolean circuitOpenSeen;
        boolean retryAfterHeldBack;
        String sickLastError;
        int regressionsRefused;

        long healthyLatencyMedian() {
            List<Long> sorted = healthyLatencies.stream().sorted().toList();
            return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
        }

        long healthyLatencyMax() {
            return healthyLatencies.stream().mapToLong(Long::longValue).max().orElse(0);
        }
    }

    Samples sample(Duration length, List<Tracked> sick, List<Tracked> healthy, FaultReport report, boolean fault) {
        Samples s = new Samples();
        Instant end = Instant.now().plus(length);
        AtomicInteger turn = new AtomicInteger();
        // The window is the fault's length; reads are spaced so that sampling does not load the gateway it measures.
        await("reads every 150 ms until the window ends")
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(150))
                .atMost(length.plusMinutes(1))
                .until(() -> {
                    if (!Instant.now().isBefore(end)) {
                        return true;
                    }
                    read(s, turn.getAndIncrement(), sick, healthy, report, fault);
                    return false;
                });
        return s;
    }

    /** One turn of sampling: a healthy operation, a sick one (full view) and the sick backend. */
    void read(Samples s, int turn, List<Tracked> sick, List<Tracked> healthy, FaultReport report, boolean fault) {
        Tracked h = healthy.get(turn % healthy.size());
        long started = System.nanoTime();
        JsonNode op = get(h.id());
        s.healthyLatencies.add((System.nanoTime() - started) / 1_000_000);
        if (!op.get("done").asBoolean() && !op.get("observedAt").isNull()) {
            Duration stale = Duration.between(Instant.parse(op.get("observedAt").asString()), Instant.now());
            if (stale.compareTo(s.maxHealthyStaleness) > 0) {
                s.maxHealthyStaleness = stale;
            }
        }
        JsonNode sickOp = getFull(sick.get(turn % sick.size()).id());
        JsonNode status = sickOp.get("backendStatus");
        if (!sickOp.get("done").asBoolean() && !status.get("reachable").asBoolean()) {
            s.sickUnreachableSeen = true;
            s.sickLastError = status.get("lastError").asString();
            s.retryAfterHeldBack |=
                    s.sickLastError.contains("Retry-After") || s.sickLastError.startsWith("throttled: ");
        }
        JsonNode nativeJob = sickOp.get("native");
        if (nativeJob != null
                && nativeJob.has("state")
                && nativeJob.get("state").asString().equals("queued")
                && sickOp.get("state").asString().equals("RUNNING")) {
            s.regressionsRefused++;
        }
        JsonNode b = backend("sick");
        if (!b.get("reachable").asBoolean()) {
            s.backendUnreachableSeen = true;
        }
        // The pause shows on the backend itself; an operation's lastError may already be the next poll's 500.
        s.retryAfterHeldBack |= b.get("state").asString().equals("throttled");
        if (!b.get("circuit").asString().equals("closed")) {
            s.circuitOpenSeen = true;
            if (fault) {
                report.circuitStates.add(b.get("circuit").asString());
            }
        }
    }

    // --- HTTP ---

    String register(String backend, String handle) {
        JsonNode op = web.post()
                .uri("/v1/operations")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("backend", backend, "handle", handle))
                .retrieve()
                .bodyToMono(JsonNode.class)
                .block(Duration.ofSeconds(10));
        LEDGER.record("get", op);
        return op.get("id").asString();
    }

    JsonNode get(String id) {
        JsonNode op = web.get()
                .uri("/v1/operations/{id}", id)
                .retrieve()
                .bodyToMono(JsonNode.class)
                .block(Duration.ofSeconds(10));
        LEDGER.record("get", op);
        return op;
    }

    JsonNode getFull(String id) {
        JsonNode op = web.get()
                .uri("/v1/operations/{id}?view=full", id)
                .retrieve()
                .bodyToMono(JsonNode.class)
                .block(Duration.ofSeconds(10));
        LEDGER.record("get", op);
        return op;
    }

    JsonNode backend(String name) {
        JsonNode all = web.get()
                .uri("/v1/backends")
                .retrieve()
                .bodyToMono(JsonNode.class)
                .block(Duration.ofSeconds(10));
        for (JsonNode b : all) {
            if (b.get("name").asString().equals(name)) {
                return b;
            }
        }
        throw new AssertionError("no backend " + name + " in " + all);
    }

    static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    static Map<String, String> map(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
