package io.opgate.gateway.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opgate.simulator.Credentials;
import io.opgate.simulator.Script;
import io.opgate.simulator.Simulator;
import io.opgate.simulator.SimulatorOptions;
import io.opgate.simulator.Vendor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/**
 * The heavy one (profile {@code reliability-full} only): 5,000 active operations on two simulated backends and 2,000
 * event-stream clients (20 on the firehose, 1,980 each on one operation) while both backends fail in several ways.
 * The gateway runs as its own process so that its heap and RSS are its own; both are sampled throughout. Every
 * operation must end as the backend said, every firehose client must see each terminal state exactly once, and every
 * per-operation stream must end with its terminal event.
 *
 * <p>The run is one sequence of phases on one gateway (each fault hits the operations the phases before registered),
 * so it happens once, before the tests; each test then checks one of its outcomes.
 */
@Tag("reliability-full")
class LoadUnderFaultsIntegrationTests {

    static final int OPERATIONS = Integer.getInteger("reliability.operations", 5_000);
    static final int FIREHOSE_CLIENTS = 20;
    static final int STREAM_CLIENTS = Integer.getInteger("reliability.streams", 1_980);

    /** What the run left to check. */
    record Outcome(
            long endedDuringFaults,
            int wrongFinal,
            long missing,
            long duplicates,
            List<String> violations,
            int endedWithTerminal,
            long maxRss) {}

    static Outcome outcome;

    @BeforeAll
    static void fiveThousandOperationsAndTwoThousandClientsThroughFaults() throws Exception {
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            outcome = run(resources);
        } finally {
            for (int i = resources.size() - 1; i >= 0; i--) {
                resources.get(i).close();
            }
        }
    }

    @Test
    void theFaultsHitOperationsWhileTheyRan() {
        assertThat(outcome.endedDuringFaults())
                .as("operations that ended while a fault was on")
                .isGreaterThan(OPERATIONS / 5);
    }

    @Test
    void everyOperationEndsAsItsBackendSaid() {
        assertThat(outcome.wrongFinal()).isZero();
    }

    @Test
    void everyFirehoseClientSeesEachTerminalStateExactlyOnce() {
        assertThat(outcome.missing()).as("terminal states missed").isZero();
        assertThat(outcome.duplicates()).isZero();
    }

    @Test
    void noWrongStateIsEverShown() {
        assertThat(outcome.violations()).isEmpty();
    }

    @Test
    void everyPerOperationStreamEndsWithItsTerminalEvent() {
        assertThat(outcome.endedWithTerminal()).isEqualTo(STREAM_CLIENTS);
    }

    @Test
    void theGatewayStaysWithinItsMemory() {
        assertThat(outcome.maxRss()).as("gateway RSS").isLessThan(1_200L << 20);
    }

    static Outcome run(List<AutoCloseable> resources) throws Exception {
        // The backends' time stands still while 5,000 operations are registered and 2,000 clients connect, so that the
        // faults below hit operations that are all still running, however long setting up takes on a busy machine.
        HeldClock backendTime = new HeldClock();
        backendTime.hold();
        Simulator sim = Simulator.start(SimulatorOptions.defaults().withClock(backendTime));
        resources.add(sim);
        GatewayProcess gateway = GatewayProcess.start("load-gateway", settings(sim), "-Xmx512m", "-XX:+UseG1GC");
        resources.add(gateway);
        gateway.awaitReady(Duration.ofSeconds(120));
        WebClient web = WebClient.builder()
                .clientConnector(Firehose.CONNECTOR)
                .baseUrl(gateway.url())
                .build();
        Memory memory = new Memory(gateway, web);
        Disposable sampler = Flux.interval(Duration.ofSeconds(2))
                .onBackpressureDrop()
                .concatMap(t -> Mono.fromRunnable(memory::sample).subscribeOn(Schedulers.boundedElastic()))
                .subscribe();
        resources.add(sampler::dispose);

        OperationLedger ledger = new OperationLedger();
        List<Firehose> firehoses = new ArrayList<>();
        for (int i = 0; i < FIREHOSE_CLIENTS; i++) {
            Firehose f = new Firehose(ledger, "fh" + i, gateway.url());
            firehoses.add(f);
            resources.add(f);
        }
        await("every firehose open").atMost(Duration.ofSeconds(60)).until(() -> firehoses.stream()
                .allMatch(f -> f.opened() > 0));
        // Each phase lasts a set time, the memory sampled every 2 s meanwhile: the phases' lengths are the scenario.
        Hold.phaseFor(Duration.ofSeconds(2));
        memory.ended("idle, 20 firehose clients");

        // 5,000 operations, half ONTAP, half SolidFire, ending 20 to 63 s after the backends' time moves; one in five
        // fails.
        SplittableRandom random = new SplittableRandom(9);
        Map<String, String> expected = new ConcurrentHashMap<>();
        List<String[]> handles = new ArrayList<>();
        List<Duration> scriptEnds = new ArrayList<>();
        created = backendTime.instant();
        for (int i = 0; i < OPERATIONS; i++) {
            Vendor vendor = i % 2 == 0 ? Vendor.ONTAP : Vendor.SOLIDFIRE;
            long queued = random.nextLong(0, 3_000);
            long running = random.nextLong(20_000, 60_000);
            scriptEnds.add(Duration.ofMillis(queued + running));
            Script.Builder script =
                    Script.builder().queued(Duration.ofMillis(queued)).running(Duration.ofMillis(running));
            boolean fails = i % 5 == 0;
            String handle =
                    sim.create(vendor, fails ? script.fails("xLoadFailure", "failed under load") : script.succeeds());
            handles.add(new String[] {vendor == Vendor.ONTAP ? "ontap" : "sf", handle, fails ? "FAILED" : "SUCCEEDED"});
        }
        Instant registering = Instant.now();
        List<String> ids = Flux.fromIterable(handles)
                .flatMapSequential(
                        h -> web.post()
                                .uri("/v1/operations")
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(Map.of("backend", h[0], "handle", h[1]))
                                .retrieve()
                                .bodyToMono(JsonNode.class)
                                .map(op -> {
                                    expected.put(op.get("id").asString(), h[2]);
                                    return op.get("id").asString();
                                }),
                        16)
                .collectList()
                .block(Duration.ofMinutes(5));
        Duration registration = Duration.between(registering, Instant.now());

        // 1,980 clients, each on one operation's stream until its terminal event.
        AtomicInteger endedWithTerminal = new AtomicInteger();
        AtomicInteger endedOtherwise = new AtomicInteger();
        AtomicLong streamEvents = new AtomicLong();
        AtomicInteger reconnects = new AtomicInteger();
        AtomicInteger streamsOpen = new AtomicInteger();
        for (int i = 0; i < STREAM_CLIENTS; i++) {
            String id = ids.get(i);
            AtomicBoolean open = new AtomicBoolean();
            AtomicReference<String> lastId = new AtomicReference<>();
            AtomicReference<String> lastState = new AtomicReference<>();
            Disposable stream = Flux.defer(() -> {
                        WebClient.RequestHeadersSpec<?> request =
                                web.get().uri("/v1/operations/{id}/events", id).accept(MediaType.TEXT_EVENT_STREAM);
                        if (lastId.get() != null) {
                            request = request.header("Last-Event-ID", lastId.get());
                        }
                        return request.retrieve().bodyToFlux(Firehose.SSE);
                    })
                    .doOnNext(e -> {
                        if (open.compareAndSet(false, true)) {
                            streamsOpen.incrementAndGet();
                        }
                        if ("operation".equals(e.event())) {
                            JsonNode op = Firehose.JSON.readTree(e.data());
                            ledger.record("stream", op);
                            streamEvents.incrementAndGet();
                            lastId.set(e.id());
                            lastState.set(op.get("state").asString());
                        }
                    })
                    // A stream ends after its terminal event; one that broke before is resumed, as a browser would.
                    .repeatWhen(ends -> ends.takeWhile(x -> !OperationLedger.TERMINAL.contains(lastState.get()))
                            .doOnNext(x -> reconnects.incrementAndGet())
                            .delayElements(Duration.ofMillis(500)))
                    .retryWhen(reactor.util.retry.Retry.fixedDelay(100, Duration.ofMillis(500)))
                    .doOnComplete(() -> (OperationLedger.TERMINAL.contains(lastState.get())
                                    ? endedWithTerminal
                                    : endedOtherwise)
                            .incrementAndGet())
                    .subscribe();
            resources.add(stream::dispose);
        }
        // The gateway has answered every stream (its first frame arrived) before the backends' time moves.
        await("every per-operation stream open")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> streamsOpen.get() == STREAM_CLIENTS);
        memory.ended("5,000 registered, 2,000 clients, backends' time held");
        backendTime.release();
        Hold.phaseFor(Duration.ofSeconds(10));
        memory.ended("5,000 active, 2,000 clients, no fault");

        Instant faultsFrom = backendTime.instant();
        sim.faults(Vendor.ONTAP).errorRate(0.5);
        sim.faults(Vendor.SOLIDFIRE).latency(Duration.ofMillis(2_500));
        Hold.phaseFor(Duration.ofSeconds(15));
        memory.ended("ONTAP 50 % 5xx, SolidFire 2.5 s latency (timeout 2 s)");

        sim.faults(Vendor.ONTAP).clear().down(true);
        sim.faults(Vendor.SOLIDFIRE).clear().garbageRate(0.5).resetRate(0.2);
        Hold.phaseFor(Duration.ofSeconds(15));
        memory.ended("ONTAP down, SolidFire 50 % garbage + 20 % resets");

        sim.faults(Vendor.ONTAP).clear();
        sim.faults(Vendor.SOLIDFIRE).clear();
        Instant cleared = Instant.now();
        long endedDuringFaults = scriptsEndedBetween(scriptEnds, faultsFrom, backendTime.instant());

        Instant deadline = Instant.now().plusSeconds(240);
        try {
            await("every terminal state on every firehose")
                    .atMost(until(deadline))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> missing(ledger, ids) == 0);
            await("every per-operation stream ended with its terminal event")
                    .atMost(until(deadline))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> endedWithTerminal.get() >= STREAM_CLIENTS);
        } catch (ConditionTimeoutException e) {
            // The report says what is missing, and the tests on the outcome fail on it.
        }
        memory.ended("after the faults, until every operation ended");
        Duration allDone = Duration.between(cleared, Instant.now());
        Hold.phaseFor(Duration.ofSeconds(2));
        memory.ended("all done");

        int wrongFinal = 0;
        for (String id : ids) {
            JsonNode op = web.get()
                    .uri("/v1/operations/{id}", id)
                    .retrieve()
                    .bodyToMono(JsonNode.class)
                    .block();
            ledger.record("get", op);
            if (!op.get("state").asString().equals(expected.get(id))) {
                wrongFinal++;
            }
        }
        long duplicates = 0;
        for (int i = 0; i < FIREHOSE_CLIENTS; i++) {
            for (String id : ids) {
                duplicates += Math.max(0, ledger.terminalEvents("fh" + i, id) - 1);
            }
        }
        long firehoseEvents = firehoses.stream().mapToLong(Firehose::events).sum();
        long resets = firehoses.stream().mapToLong(Firehose::resets).sum();
        String report = String.format(
                Locale.ROOT,
                "Machine: %d processors, load average %.2f at the end (shared with other builds).%n%n"
                        + "| figure | value |%n|---|---|%n"
                        + "| operations tracked | %d (registered in %.1f s, backends' time held meanwhile) |%n"
                        + "| operations whose backend ended them while a fault was on | %d |%n"
                        + "| SSE clients | %d firehose + %d per-operation = %d |%n"
                        + "| firehose events delivered | %d (resets: %d) |%n"
                        + "| per-operation stream events | %d; streams ended with their terminal event: %d of %d; "
                        + "otherwise: %d; resumed after a break: %d |%n"
                        + "| terminal states missed | %d |%n"
                        + "| duplicate terminal events (20 firehose clients) | %d |%n"
                        + "| final state different from the backend's | %d |%n"
                        + "| wrong states (ledger rules) | %d |%n"
                        + "| every operation ended after the faults cleared | %.1f s |%n%n"
                        + "Memory of the gateway process (-Xmx512m), sampled every 2 s:%n%n%s",
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                OPERATIONS,
                registration.toMillis() / 1000.0,
                endedDuringFaults,
                FIREHOSE_CLIENTS,
                STREAM_CLIENTS,
                FIREHOSE_CLIENTS + STREAM_CLIENTS,
                firehoseEvents,
                resets,
                streamEvents.get(),
                endedWithTerminal.get(),
                STREAM_CLIENTS,
                endedOtherwise.get(),
                reconnects.get(),
                missing(ledger, ids),
                duplicates,
                wrongFinal,
                ledger.violations().size(),
                allDone.toMillis() / 1000.0,
                memory.table());
        FaultReport.write("load-under-faults.md", report);

        return new Outcome(
                endedDuringFaults,
                wrongFinal,
                missing(ledger, ids),
                duplicates,
                ledger.violations(),
                endedWithTerminal.get(),
                memory.maxRss);
    }

    static Duration until(Instant deadline) {
        return Duration.ofMillis(
                Math.max(1, Duration.between(Instant.now(), deadline).toMillis()));
    }

    /** How many scripts, created at the backends' {@code created}, end between {@code from} and {@code to}. */
    static long scriptsEndedBetween(List<Duration> ends, Instant from, Instant to) {
        return ends.stream()
                .map(created::plus)
                .filter(t -> !t.isBefore(from) && t.isBefore(to))
                .count();
    }

    static Instant created;

    static long missing(OperationLedger ledger, List<String> ids) {
        long missing = 0;
        for (int i = 0; i < FIREHOSE_CLIENTS; i++) {
            for (String id : ids) {
                if (ledger.terminal("fh" + i, id) == null) {
                    missing++;
                }
            }
        }
        return missing;
    }

    /**
     * The gateway process's RSS (from /proc) and heap (from its Prometheus endpoint), per phase: the samples taken
     * since the last {@link #ended} belong to the phase named by the next one.
     */
    static final class Memory {
        final GatewayProcess gateway;
        final WebClient web;
        final Map<String, long[]> phases = new LinkedHashMap<>();
        long[] current = fresh();
        long maxRss;
        long lastRss;
        long lastHeap;

        Memory(GatewayProcess gateway, WebClient web) {
            this.gateway = gateway;
            this.web = web;
        }

        private static long[] fresh() {
            return new long[] {0, 0, Long.MAX_VALUE};
        }

        /** The phase that has just ended was {@code name}. */
        synchronized void ended(String name) {
            sample();
            phases.put(name, current);
            current = fresh();
        }

        synchronized void sample() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(gateway.pid()), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        lastRss = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                    }
                }
            } catch (IOException | RuntimeException e) {
                return;
            }
            String metrics = web.get()
                    .uri("/actuator/prometheus")
                    .retrieve()
                    .bodyToMono(String.class)
                    .onErrorReturn("")
                    .block(Duration.ofSeconds(10));
            long heap = 0;
            for (String line :
                    metrics == null ? List.<String>of() : metrics.lines().toList()) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    heap += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            lastHeap = heap;
            maxRss = Math.max(maxRss, lastRss);
            long[] p = current;
            p[0] = Math.max(p[0], lastRss);
            p[1] = Math.max(p[1], heap);
            p[2] = Math.min(p[2], heap);
        }

        synchronized String table() {
            StringBuilder s = new StringBuilder("| phase | RSS max | heap used min – max |\n|---|---|---|\n");
            phases.forEach((name, p) -> s.append(String.format(
                    Locale.ROOT, "| %s | %d MiB | %d – %d MiB |%n", name, p[0] >> 20, p[2] >> 20, p[1] >> 20)));
            return s.toString();
        }
    }

    static Map<String, String> settings(Simulator sim) {
        Credentials c = sim.options().credentials();
        Map<String, String> s = new LinkedHashMap<>();
        s.put("opgate.security.mode", "none");
        // Without security every client is one tenant, whose quotas must hold the whole load.
        s.put("opgate.security.max-streams-per-client", Integer.toString(FIREHOSE_CLIENTS + STREAM_CLIENTS));
        s.put("opgate.security.registrations.per-second", Integer.toString(OPERATIONS));
        s.put("opgate.security.registrations.burst", Integer.toString(OPERATIONS));
        s.put("opgate.polling.initial-interval", "500ms");
        s.put("opgate.polling.max-interval", "5s");
        s.put("opgate.polling.watched-interval", "2s");
        s.put("opgate.polling.timeout", "2s");
        s.put("opgate.polling.give-up-after", "10m");
        s.put("opgate.sse.keepalive", "5s");
        s.put("opgate.backends.ontap.type", "ontap");
        s.put("opgate.backends.ontap.base-url", sim.ontapUrl());
        s.put("opgate.backends.ontap.username", c.username());
        s.put("opgate.backends.ontap.password", c.password());
        s.put("opgate.backends.ontap.max-concurrency", "32");
        s.put("opgate.backends.sf.type", "solidfire");
        s.put("opgate.backends.sf.base-url", sim.solidFireUrl());
        s.put("opgate.backends.sf.username", c.username());
        s.put("opgate.backends.sf.password", c.password());
        s.put("opgate.backends.sf.max-concurrency", "32");
        s.put("spring.main.banner-mode", "off");
        return s;
    }
}
