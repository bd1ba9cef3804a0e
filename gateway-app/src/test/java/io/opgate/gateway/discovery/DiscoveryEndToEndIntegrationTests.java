package io.opgate.gateway.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.opgate.gateway.OpgateApplication;
import io.opgate.gateway.events.EventHub;
import io.opgate.gateway.support.GatewayReplica;
import io.opgate.gateway.support.RedisExtension;
import io.opgate.gateway.support.RedisServer;
import io.opgate.simulator.Credentials;
import io.opgate.simulator.Script;
import io.opgate.simulator.Simulator;
import io.opgate.simulator.SimulatorOptions;
import io.opgate.simulator.Vendor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jobs started on the simulated ONTAP and SolidFire without registering them appear, run and end through the API and
 * the firehose, on the memory store and on two replicas sharing a Redis, where discovery runs once per interval
 * between the two.
 */
@ExtendWith(RedisExtension.class)
class DiscoveryEndToEndIntegrationTests {

    static final Duration INTERVAL = Duration.ofSeconds(2);
    static final JsonMapper JSON = JsonMapper.builder().build();
    // One simulator per test: closing a gateway disposes Reactor Netty's shared event loops, which a simulator started
    // before it runs on.
    static Simulator SIM;
    static final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

    static String redisUrl;

    @BeforeAll
    static void redis(RedisServer redis) {
        redisUrl = redis.url();
    }

    @org.junit.jupiter.api.BeforeEach
    void startSimulator() {
        SIM = Simulator.start(SimulatorOptions.defaults());
    }

    @org.junit.jupiter.api.AfterEach
    void stop() {
        contexts.forEach(ConfigurableApplicationContext::close);
        contexts.clear();
        SIM.close();
    }

    static Map<String, Object> discoveringBackends() {
        Credentials c = SIM.options().credentials();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("opgate.security.mode", "none");
        p.put("opgate.polling.initial-interval", "200ms");
        p.put("opgate.polling.max-interval", "1s");
        p.put("opgate.polling.timeout", "3s");
        p.put("opgate.sse.keepalive", "1s");
        for (String name : List.of("ontap", "sf")) {
            String prefix = "opgate.backends." + name + ".";
            p.put(prefix + "type", name.equals("sf") ? "solidfire" : "ontap");
            p.put(prefix + "base-url", name.equals("sf") ? SIM.solidFireUrl() : SIM.ontapUrl());
            p.put(prefix + "username", c.username());
            p.put(prefix + "password", c.password());
            p.put(prefix + "discovery.enabled", "true");
            p.put(prefix + "discovery.interval", INTERVAL.toMillis() + "ms");
            p.put(prefix + "discovery.labels.source", "discovered");
        }
        return p;
    }

    static int port(ConfigurableApplicationContext context) {
        return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    static WebTestClient client(ConfigurableApplicationContext context) {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port(context))
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    static ConfigurableApplicationContext startOnMemory() {
        Map<String, Object> p = discoveringBackends();
        p.put("server.port", 0);
        p.put("server.address", "127.0.0.1");
        p.put("server.shutdown", "immediate");
        p.put("opgate.store", "memory");
        p.put("spring.main.banner-mode", "off");
        ConfigurableApplicationContext context = new SpringApplicationBuilder(OpgateApplication.class)
                .properties(p)
                .run();
        contexts.add(context);
        return context;
    }

    /**
     * The states each handle reached, from the firehose, followed as a browser's {@code EventSource} follows it: when
     * the stream ends it reconnects with {@code Last-Event-ID}. A replica ends its streams whenever its change feed
     * loses Redis for a moment (a command timing out on a loaded machine is enough), and counts on the client to
     * resume; a client that stops at the first end misses every later change.
     */
    static final class Firehose implements AutoCloseable {
        final Map<String, Set<String>> statesByHandle = new ConcurrentHashMap<>();
        final AtomicInteger connects = new AtomicInteger();
        final AtomicBoolean opened = new AtomicBoolean();
        final AtomicReference<String> lastEventId = new AtomicReference<>();
        final Disposable subscription;

        Firehose(int port) {
            WebClient client = WebClient.create("http://127.0.0.1:" + port);
            subscription = Flux.defer(() -> {
                        connects.incrementAndGet();
                        WebClient.RequestHeadersSpec<?> request = client.get()
                                .uri("/v1/events?label=source:discovered")
                                .accept(MediaType.TEXT_EVENT_STREAM);
                        String last = lastEventId.get();
                        if (last != null) {
                            request = request.header("Last-Event-ID", last);
                        }
                        return request.retrieve().bodyToFlux(GatewayReplica.SSE);
                    })
                    .doOnNext(this::record)
                    .onErrorResume(e -> Mono.empty())
                    .repeatWhen(ends -> ends.delayElements(Duration.ofMillis(200)))
                    .subscribe();
        }

        private void record(ServerSentEvent<String> event) {
            opened.set(true);
            if ("operation".equals(event.event()) && event.data() != null) {
                JsonNode op = JSON.readTree(event.data());
                statesByHandle
                        .computeIfAbsent(op.get("handle").asString(), h -> ConcurrentHashMap.newKeySet())
                        .add(op.get("state").asString());
            }
            if (event.id() != null) {
                lastEventId.set(event.id());
            }
        }

        @Override
        public void close() {
            subscription.dispose();
        }
    }

    static JsonNode discoveredList(WebTestClient http) {
        return http.get()
                .uri("/v1/operations?label=source:discovered&pageSize=500")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    static String stateOf(JsonNode list, String handle) {
        for (JsonNode op : list.get("operations")) {
            if (op.get("handle").asString().equals(handle)) {
                return op.get("state").asString();
            }
        }
        return null;
    }

    /**
     * Starts one job on each backend outside the gateway; follows them through {@code read} and the firehose of
     * {@code watchPort}, running {@code onceTheyAppear} when both are listed. Answers how often the firehose connected.
     */
    static int jobsStartedOutsideAppearRunAndEnd(WebTestClient read, int watchPort, Runnable onceTheyAppear) {
        int connects;
        try (Firehose firehose = new Firehose(watchPort)) {
            // The stream is open (its first comment arrived) before any job exists.
            await().atMost(Duration.ofSeconds(10)).until(() -> firehose.opened.get());
            Script script = Script.builder()
                    .queued(Duration.ofMillis(500))
                    .running(Duration.ofSeconds(6))
                    .succeeds();
            String ontap = SIM.create(Vendor.ONTAP, script);
            String sf = SIM.create(Vendor.SOLIDFIRE, script);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode list = discoveredList(read);
                assertThat(stateOf(list, ontap)).isIn("QUEUED", "RUNNING");
                assertThat(stateOf(list, sf)).isIn("QUEUED", "RUNNING");
            });
            onceTheyAppear.run();
            await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
                JsonNode list = discoveredList(read);
                assertThat(stateOf(list, ontap)).isEqualTo("SUCCEEDED");
                assertThat(stateOf(list, sf)).isEqualTo("SUCCEEDED");
            });
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(firehose.statesByHandle.get(ontap)).contains("RUNNING", "SUCCEEDED");
                assertThat(firehose.statesByHandle.get(sf)).contains("RUNNING", "SUCCEEDED");
            });
            connects = firehose.connects.get();
            System.out.printf("discovery end to end: the firehose connected %d time(s)%n", connects);
        }
        // A registration of the handle by the discovery tenant answers 200 with the discovered operation.
        String handle = SIM.create(
                Vendor.ONTAP, Script.builder().running(Duration.ofSeconds(30)).succeeds());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(stateOf(discoveredList(read), handle))
                .isNotNull());
        JsonNode registered = read.post()
                .uri("/v1/operations")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"backend\":\"ontap\",\"handle\":\"" + handle + "\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(registered.at("/labels/source").asString()).isEqualTo("discovered");
        return connects;
    }

    @Test
    void onTheMemoryStore() {
        ConfigurableApplicationContext context = startOnMemory();
        WebTestClient http = client(context);
        http.get()
                .uri("/v1/backends")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[?(@.name=='ontap')].capabilities.discover")
                .isEqualTo(List.of(true))
                .jsonPath("$[?(@.name=='sf')].capabilities.pollMany")
                .isEqualTo(List.of(true))
                .jsonPath("$[?(@.name=='sf')].capabilities.cancel")
                .isEqualTo(List.of(false));
        jobsStartedOutsideAppearRunAndEnd(http, port(context), () -> {});
    }

    @Test
    void onTwoReplicasSharingRedisThatDiscoverOnceBetweenThem() {
        String prefix = "discovery-" + UUID.randomUUID();
        GatewayReplica a = GatewayReplica.start(redisUrl, prefix, discoveringBackends());
        GatewayReplica b = GatewayReplica.start(redisUrl, prefix, discoveringBackends());
        try {
            // While the jobs run, b's change feed loses Redis for a moment, as a command timing out on a loaded
            // machine makes it: b ends its streams, and the firehose resumes where it stopped.
            int connects = jobsStartedOutsideAppearRunAndEnd(
                    a.http(), b.port(), () -> b.bean(EventHub.class).endStreams());
            assertThat(connects).isGreaterThanOrEqualTo(2);

            double before = runs(a) + runs(b);
            Duration measured = INTERVAL.multipliedBy(10);
            long start = System.nanoTime();
            await().pollDelay(measured).atMost(measured.plusSeconds(5)).until(() -> true);
            double seconds = (System.nanoTime() - start) / 1e9;
            double made = runs(a) + runs(b) - before;
            // One run per interval per backend between the two replicas (two backends), not one each.
            double intervals = seconds / (INTERVAL.toMillis() / 1000.0);
            assertThat(made).isBetween(2 * (intervals - 2), 2 * (intervals + 2));
            assertThat(runs(a)).isPositive();
        } finally {
            a.close();
            b.close();
        }
    }

    static double runs(GatewayReplica replica) {
        MeterRegistry meters = replica.bean(MeterRegistry.class);
        return meters.find("opgate.discovery.runs").counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }
}
