package io.opgate.gateway.reliability;

import static io.opgate.gateway.support.ScriptedAdapter.failed;
import static io.opgate.gateway.support.ScriptedAdapter.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opgate.gateway.support.GatewayReplica;
import io.opgate.gateway.support.RedisServer;
import io.opgate.gateway.support.ScriptedAdapter;
import io.opgate.gateway.support.ScriptedAdapterFactory;
import io.opgate.gateway.support.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.JsonNode;

/**
 * Redis going away the ways production sees it, under a gateway configured only with {@code spring.data.redis.*}:
 * the Sentinel-watched primary killed (a sentinel promotes the replica), and a TLS-only Redis killed and restarted.
 * Operations end at the backend meanwhile; afterwards every operation is polled to its end, a firehose client that
 * reconnects with {@code Last-Event-ID} gets each terminal event exactly once and no {@code reset}, and no wrong state
 * is ever seen. The gap (fault to readiness, and to every operation done) is measured.
 */
class RedisFailoverIntegrationTests {

    static final int OPERATIONS = 6;
    static final String PASSWORD = "failover-Pa55";
    static final String MASTER = "opgate-primary";
    /** The default command timeout: these tests measure failover, not a Redis slowed down by a busy machine. */
    static final Map<String, Object> TIMEOUT = Map.of("spring.data.redis.timeout", "2s");

    static final StringBuilder REPORT = new StringBuilder(
            "| fault | operations | firehose events | reconnects | resets | registration during the fault "
                    + "| terminal missed | duplicate terminal events | wrong states | ready again after the fault "
                    + "| all done after the fault |\n|---|---|---|---|---|---|---|---|---|---|---|\n");

    final ScriptedAdapter backend = ScriptedAdapterFactory.adapter(GatewayReplica.BACKEND);

    @AfterAll
    static void report() {
        FaultReport.write("redis-failover.md", REPORT.toString());
    }

    @Test
    void sentinelPromotesTheReplicaWhenThePrimaryIsKilled() throws IOException {
        List<RedisServer> servers = new ArrayList<>();
        try {
            RedisServer primary =
                    RedisServer.local().durable().password(PASSWORD).start();
            servers.add(primary);
            RedisServer replica = RedisServer.local()
                    .durable()
                    .password(PASSWORD)
                    .replicaOf(primary)
                    .start();
            servers.add(replica);
            List<RedisServer> sentinels = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                RedisServer sentinel =
                        RedisServer.sentinel(MASTER, primary, Duration.ofMillis(1_000), Duration.ofMillis(3_000));
                sentinels.add(sentinel);
                servers.add(sentinel);
            }
            // A failover needs every sentinel to know the replica and a majority of the others.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> sentinels.stream().allMatch(s -> {
                        String replicas = command(s, "SENTINEL", "REPLICAS", MASTER);
                        String others = command(s, "SENTINEL", "SENTINELS", MASTER);
                        return replicas.contains(Integer.toString(replica.port()))
                                && others.split("runid", -1).length - 1 == 2;
                    }));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> command(replica, "INFO", "replication").contains("master_link_status:up"));

            Map<String, Object> redis = new LinkedHashMap<>();
            redis.put("spring.data.redis.sentinel.master", MASTER);
            redis.put(
                    "spring.data.redis.sentinel.nodes",
                    String.join(
                            ",",
                            sentinels.stream()
                                    .map(s -> s.host() + ":" + s.port())
                                    .toList()));
            redis.put("spring.data.redis.password", PASSWORD);
            try (GatewayReplica gateway = GatewayReplica.start(redis, "failover", TIMEOUT)) {
                outage(
                        gateway,
                        "Sentinel: primary killed (SIGKILL), replica promoted (down-after 1 s, failover-timeout 3 s)",
                        primary::kill,
                        () -> await().atMost(Duration.ofSeconds(30))
                                .until(() -> command(sentinels.get(0), "SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER)
                                        .contains(Integer.toString(replica.port()))));
                assertThat(command(replica, "ROLE")).startsWith("master");
            }
        } finally {
            for (int i = servers.size() - 1; i >= 0; i--) {
                servers.get(i).close();
            }
        }
    }

    @Test
    void aTlsRedisKilledAndRestarted() throws IOException {
        Path dir = Files.createTempDirectory("opgate-failover-tls");
        TestCertificates certificates = TestCertificates.create(dir);
        try (RedisServer redis = RedisServer.local()
                .durable()
                .password(PASSWORD)
                .tls(certificates)
                .start()) {
            Map<String, Object> settings = Map.of(
                    "spring.data.redis.url",
                    redis.url(),
                    "spring.data.redis.password",
                    PASSWORD,
                    "spring.data.redis.ssl.bundle",
                    "redis",
                    "spring.ssl.bundle.pem.redis.truststore.certificate",
                    certificates.caCertificate().toString());
            try (GatewayReplica gateway = GatewayReplica.start(settings, "tls-restart", TIMEOUT)) {
                AtomicReference<Instant> killed = new AtomicReference<>();
                outage(
                        gateway,
                        "TLS (rediss://, CA from an SSL bundle): killed (SIGKILL), restarted after 4 s",
                        () -> {
                            redis.kill();
                            killed.set(Instant.now());
                        },
                        () -> {
                            Hold.outageUntil(killed.get().plusSeconds(4));
                            redis.restart();
                        });
            }
        }
    }

    /**
     * Six running operations and a firehose; {@code inject} takes Redis away, then half of the operations end at the
     * backend and a registration is attempted; {@code heal} returns once Redis is back; then the other half end.
     */
    void outage(GatewayReplica gateway, String fault, Runnable inject, Runnable heal) {
        WebClient web = WebClient.create("http://127.0.0.1:" + gateway.port());
        OperationLedger ledger = new OperationLedger();
        try (Firehose firehose = new Firehose(ledger, "firehose", "http://127.0.0.1:" + gateway.port())) {
            RedisFaultsIntegrationTests.awaitConnected(firehose);
            List<String> handles = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < OPERATIONS; i++) {
                String handle = "r-" + UUID.randomUUID();
                backend.answer(handle, ScriptedAdapter.running(10));
                handles.add(handle);
                ids.add(gateway.register(handle));
            }
            // Every operation's first poll stored and its event received before the fault.
            FirehoseWaits.awaitFirstEvents(Duration.ofSeconds(10), ids, ledger);
            long resetsBefore = firehose.resets();

            Instant faultAt = Instant.now();
            inject.run();
            for (int i = 0; i < OPERATIONS / 2; i++) {
                backend.answer(handles.get(i), i % 2 == 0 ? succeeded() : failed("xDuringFault"));
            }
            String during = "r-" + UUID.randomUUID();
            backend.answer(during, ScriptedAdapter.running(10));
            int registration = registerStatus(web, during);
            heal.run();

            await().atMost(Duration.ofSeconds(60)).until(() -> status(web, "/actuator/health/readiness") == 200);
            Duration ready = Duration.between(faultAt, Instant.now());
            for (int i = OPERATIONS / 2; i < OPERATIONS; i++) {
                backend.answer(handles.get(i), i % 2 == 0 ? succeeded() : failed("xAfterFault"));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream()
                    .allMatch(id -> get(web, ledger, id).get("done").asBoolean()));
            Duration allDone = Duration.between(faultAt, Instant.now());
            FirehoseWaits.awaitTerminalEvents(Duration.ofSeconds(30), ids, ledger);
            FirehoseWaits.awaitNoSecondTerminalEvent(Duration.ofSeconds(1), ids, ledger);

            int duplicates = 0;
            for (int i = 0; i < OPERATIONS; i++) {
                JsonNode op = get(web, ledger, ids.get(i));
                assertThat(op.get("state").asString())
                        .as("operation %d", i)
                        .isEqualTo(i % 2 == 0 ? "SUCCEEDED" : "FAILED");
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
            // A registration refused during the fault was never acknowledged; one that got through is tracked.
            assertThat(registration).isIn(201, 503);
            REPORT.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %d | %d | %d | 0 | %d | 0 | %.1f s | %.1f s |\n",
                    fault,
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

    static JsonNode get(WebClient web, OperationLedger ledger, String id) {
        JsonNode op = web.get()
                .uri("/v1/operations/{id}", id)
                .retrieve()
                .bodyToMono(JsonNode.class)
                .onErrorResume(e -> reactor.core.publisher.Mono.empty())
                .block(Duration.ofSeconds(10));
        if (op == null) {
            return tools.jackson.databind.node.JsonNodeFactory.instance
                    .objectNode()
                    .put("done", false);
        }
        ledger.record("get", op);
        return op;
    }

    static int registerStatus(WebClient web, String handle) {
        return web.post()
                .uri("/v1/operations")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("backend", GatewayReplica.BACKEND, "handle", handle))
                .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()))
                .onErrorReturn(-1)
                .block(Duration.ofSeconds(15));
    }

    static int status(WebClient web, String uri) {
        return web.get()
                .uri(uri)
                .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()))
                .onErrorReturn(-1)
                .block(Duration.ofSeconds(10));
    }

    static String command(RedisServer server, String... args) {
        try {
            return server.command(args);
        } catch (IOException e) {
            return "";
        }
    }
}
