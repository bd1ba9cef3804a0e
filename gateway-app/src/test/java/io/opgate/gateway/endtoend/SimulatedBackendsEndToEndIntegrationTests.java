package io.opgate.gateway.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opgate.gateway.security.Caller;
import io.opgate.gateway.support.TestClientConfiguration;
import io.opgate.gateway.tracking.OperationIds;
import io.opgate.simulator.Credentials;
import io.opgate.simulator.Script;
import io.opgate.simulator.Simulator;
import io.opgate.simulator.SimulatorOptions;
import io.opgate.simulator.Vendor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The whole gateway against the simulated backends: the real adapters, HTTP clients, signatures and IAM tokens, one
 * backend of each type on one {@link Simulator}, with short scripts and fast polling.
 */
@Import(TestClientConfiguration.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
@DirtiesContext
class SimulatedBackendsEndToEndIntegrationTests {

    /** Shorter than the vendor's 300 s, long enough for a poll through faults to see the success first. */
    static final Duration ONTAP_PURGE = Duration.ofSeconds(2);

    static final Duration QUEUED = Duration.ofMillis(500);
    static final Duration RUNNING = Duration.ofSeconds(1);
    static final Duration DEADLINE = Duration.ofSeconds(20);

    static final Simulator SIM = Simulator.start(SimulatorOptions.defaults().withOntapPurgeAfter(ONTAP_PURGE));

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        Credentials c = SIM.options().credentials();
        registry.add("opgate.security.mode", () -> "none");
        registry.add("opgate.polling.initial-interval", () -> "100ms");
        registry.add("opgate.polling.max-interval", () -> "500ms");
        registry.add("opgate.polling.watched-interval", () -> "200ms");
        registry.add("opgate.polling.timeout", () -> "2s");
        registry.add("opgate.polling.not-found-grace", () -> "3");
        registry.add("opgate.sse.keepalive", () -> "1s");

        registry.add("opgate.backends.sf.type", () -> "solidfire");
        registry.add("opgate.backends.sf.base-url", SIM::solidFireUrl);
        registry.add("opgate.backends.sf.username", c::username);
        registry.add("opgate.backends.sf.password", c::password);

        registry.add("opgate.backends.ontap.type", () -> "ontap");
        registry.add("opgate.backends.ontap.base-url", SIM::ontapUrl);
        registry.add("opgate.backends.ontap.username", c::username);
        registry.add("opgate.backends.ontap.password", c::password);

        registry.add("opgate.backends.hw.type", () -> "huawei-cloudtest");
        registry.add("opgate.backends.hw.base-url", SIM::huaweiUrl);
        registry.add("opgate.backends.hw.iam.url", SIM::huaweiIamUrl);
        registry.add("opgate.backends.hw.iam.domain", c::iamDomain);
        registry.add("opgate.backends.hw.iam.username", c::iamUsername);
        registry.add("opgate.backends.hw.iam.password", c::iamPassword);
        registry.add("opgate.backends.hw.iam.project", c::iamProject);

        registry.add("opgate.backends.ali.type", () -> "aliyun-bpstudio");
        registry.add("opgate.backends.ali.base-url", SIM::aliyunUrl);
        registry.add("opgate.backends.ali.access-key-id", c::aliyunAccessKeyId);
        registry.add("opgate.backends.ali.access-key-secret", c::aliyunAccessKeySecret);
        registry.add("opgate.backends.ali.throttle-backoff", () -> "400ms");
        registry.add("opgate.backends.ali.throttle-backoff-max", () -> "1600ms");
    }

    @AfterAll
    static void stopSimulator() {
        SIM.close();
    }

    @Autowired
    WebTestClient http;

    @Autowired
    JsonMapper json;

    private static volatile boolean warm;

    /**
     * The first poll of each backend pays for class loading, the first connection and (Huawei) the IAM token, which
     * on a busy machine takes longer than a script's queue phase: pay it once, before any test watches the clock.
     */
    @BeforeEach
    void warmUp() {
        if (warm) {
            return;
        }
        warm = true;
        for (Map.Entry<String, Vendor> backend : Map.of(
                        "sf", Vendor.SOLIDFIRE,
                        "ontap", Vendor.ONTAP,
                        "hw", Vendor.HUAWEI_CLOUDTEST,
                        "ali", Vendor.ALIYUN_BPSTUDIO)
                .entrySet()) {
            String handle = SIM.create(backend.getValue(), Script.builder().succeeds());
            http.post()
                    .uri("/v1/operations")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"backend\":\"" + backend.getKey() + "\",\"handle\":\"" + handle + "\"}")
                    .exchange()
                    .expectBody()
                    .returnResult();
        }
    }

    // --- 1. SolidFire and ONTAP: success seen through the per-operation stream, failure with the vendor's code ---

    @Test
    void solidFireOperationSucceedsAndItsStreamShowsEveryVersionOnce() {
        String handle = SIM.create(Vendor.SOLIDFIRE, shortScript().succeeds());
        JsonNode registered = register("sf", handle);
        assertThat(registered.get("backendType").asString()).isEqualTo("solidfire");
        assertThat(registered.get("state").asString()).isEqualTo("RUNNING");
        assertThat(registered.get("type").asString()).isEqualTo("Clone");

        List<JsonNode> events = follow(registered.get("id").asString()).join();

        assertStreamOfOneOperation(events);
        assertThat(states(events)).containsSubsequence("RUNNING", "SUCCEEDED");
        JsonNode done = events.get(events.size() - 1);
        assertSucceeded(done);
        assertRecentUtc(done.get("endedAt"));
        assertThat(done.get("result").get("message").asString()).isEqualTo("Clone complete.");
        assertThat(done.get("result").get("cloneID").isNumber()).isTrue();
        // The last event is the stored operation, apart from the polling bookkeeping.
        assertThat(withoutBookkeeping(get(done.get("id").asString()))).isEqualTo(withoutBookkeeping(done));
    }

    @Test
    void ontapJobSucceedsAndItsStreamShowsEveryVersionOnce() {
        String handle = SIM.create(Vendor.ONTAP, shortScript().succeeds());
        JsonNode registered = register("ontap", handle);
        assertThat(registered.get("backendType").asString()).isEqualTo("ontap");
        assertThat(registered.get("state").asString()).isEqualTo("QUEUED");

        List<JsonNode> events = follow(registered.get("id").asString()).join();

        assertStreamOfOneOperation(events);
        assertThat(states(events)).containsSubsequence("QUEUED", "RUNNING", "SUCCEEDED");
        JsonNode done = events.get(events.size() - 1);
        assertSucceeded(done);
        assertRecentUtc(done.get("endedAt"));
        assertThat(done.get("result").get("message").asString()).isEqualTo("success");
        assertThat(done.get("type").asString()).isEqualTo("PATCH /api/storage/volumes/" + handle);
        // ONTAP writes -08:00; the gateway must have converted, not just relabelled, the time.
        assertRecentUtc(done.get("startedAt"));
    }

    @Test
    void solidFireFailureCarriesTheErrorName() {
        String handle =
                SIM.create(Vendor.SOLIDFIRE, shortScript().fails("xSliceNotRegistered", "Slice 7 is not registered"));
        JsonNode done = awaitDone(register("sf", handle));
        assertThat(done.get("state").asString()).isEqualTo("FAILED");
        assertThat(done.get("done").asBoolean()).isTrue();
        assertThat(done.get("result").isNull()).isTrue();
        assertThat(done.get("error").get("code").isString()).isTrue();
        assertThat(done.get("error").get("code").asString()).isEqualTo("xSliceNotRegistered");
        assertThat(done.get("error").get("message").asString()).isEqualTo("Slice 7 is not registered");
        assertThat(done.get("error").get("details").get("name").asString()).isEqualTo("xSliceNotRegistered");
        assertRecentUtc(done.get("endedAt"));
    }

    @Test
    void ontapFailureCarriesTheJobCodeAsAString() {
        String handle = SIM.create(Vendor.ONTAP, shortScript().fails("460770", "Volume \"vol1\" is offline."));
        JsonNode done = awaitDone(register("ontap", handle));
        assertThat(done.get("state").asString()).isEqualTo("FAILED");
        assertThat(done.get("result").isNull()).isTrue();
        assertThat(done.get("error").get("code").isString()).isTrue();
        assertThat(done.get("error").get("code").asString()).isEqualTo("460770");
        assertThat(done.get("error").get("message").asString()).isEqualTo("Volume \"vol1\" is offline.");
        assertRecentUtc(done.get("endedAt"));
    }

    // --- 2. Huawei with IAM tokens, Alibaba with signed requests ---

    @Test
    void huaweiOperationsSucceedFailAndAreCancelledWithIamTokens() {
        String ok = SIM.create(Vendor.HUAWEI_CLOUDTEST, shortScript().succeeds());
        String failing = SIM.create(
                Vendor.HUAWEI_CLOUDTEST,
                shortScript().wrappedAnswer(true).fails("CLOUDTEST.00020042", "The mind map is locked."));
        String cancelled = SIM.create(Vendor.HUAWEI_CLOUDTEST, shortScript().cancelled());

        JsonNode registered = register("hw", ok);
        assertThat(registered.get("backendType").asString()).isEqualTo("huawei-cloudtest");
        // Queued unless the first IAM token and connection took longer than the queue phase.
        assertThat(registered.get("state").asString()).isIn("QUEUED", "RUNNING");
        assertThat(registered.get("type").asString()).isEqualTo("BatchCopyMindmap");
        String failingId = register("hw", failing).get("id").asString();
        String cancelledId = register("hw", cancelled).get("id").asString();
        assertThat(SIM.tokensIssued()).as("token from IAM").isGreaterThanOrEqualTo(1);

        JsonNode succeeded = awaitDone(registered);
        assertSucceeded(succeeded);
        assertRecentUtc(succeeded.get("endedAt"));
        assertThat(succeeded.get("result").get("success_count").asInt()).isEqualTo(10);
        assertThat(succeeded.get("result").get("operation_uri").asString()).isEqualTo(ok);
        assertThat(succeeded.get("progress").get("percent").asDouble()).isEqualTo(100.0);
        assertThat(succeeded.get("progress").get("message").asString()).isEqualTo("Completed");

        JsonNode failed = awaitDone(get(failingId));
        assertThat(failed.get("state").asString()).isEqualTo("FAILED");
        assertThat(failed.get("error").get("code").asString()).isEqualTo("CLOUDTEST.00020042");
        assertThat(failed.get("error").get("message").asString()).isEqualTo("The mind map is locked.");
        assertThat(failed.get("result").isNull()).isTrue();

        JsonNode cancel = awaitDone(get(cancelledId));
        assertThat(cancel.get("state").asString()).isEqualTo("CANCELLED");
        assertThat(cancel.get("done").asBoolean()).isTrue();
        assertThat(cancel.get("result").isNull()).isTrue();
        assertThat(cancel.get("error").isNull()).isTrue();
        assertRecentUtc(cancel.get("endedAt"));
    }

    @Test
    void aliyunOperationsSucceedAndFailThroughSignedRequests() {
        String ok = SIM.create(Vendor.ALIYUN_BPSTUDIO, shortScript().succeeds());
        String failing =
                SIM.create(Vendor.ALIYUN_BPSTUDIO, shortScript().fails("QuotaExceeded", "The ECS quota is used up."));

        JsonNode registered = register("ali", ok);
        assertThat(registered.get("backendType").asString()).isEqualTo("aliyun-bpstudio");
        assertThat(registered.get("state").asString()).isIn("QUEUED", "RUNNING");
        String failingId = register("ali", failing).get("id").asString();

        JsonNode succeeded = awaitDone(registered);
        assertSucceeded(succeeded);
        // Message and Arguments come as JSON inside strings and are decoded.
        JsonNode message = succeeded.get("result").get("message");
        assertThat(message.isArray()).as("decoded message %s", message).isTrue();
        assertThat(message.get(0).get("requestId").asString()).isEqualTo(ok);
        assertThat(succeeded.get("result").get("arguments").get("progress").asInt())
                .isEqualTo(100);

        JsonNode failed = awaitDone(get(failingId));
        assertThat(failed.get("state").asString()).isEqualTo("FAILED");
        assertThat(failed.get("error").get("code").asString()).isEqualTo("BACKEND_ERROR");
        assertThat(failed.get("error").get("message").asString()).contains("The ECS quota is used up.");
        assertThat(failed.get("error").get("details").toString()).contains("QuotaExceeded");
    }

    // --- 3. Handles that vanish ---

    @Test
    void vanishedHandlesEndLostAfterTheGrace() {
        Map<String, String> ids = new HashMap<>();
        ids.put("sf", track("sf", Vendor.SOLIDFIRE, shortScript().vanishes()));
        ids.put("ontap", track("ontap", Vendor.ONTAP, shortScript().vanishes()));
        ids.put("hw", track("hw", Vendor.HUAWEI_CLOUDTEST, shortScript().vanishes()));
        ids.put("ali", track("ali", Vendor.ALIYUN_BPSTUDIO, shortScript().vanishes()));
        ids.forEach((backend, id) -> {
            JsonNode lost = awaitDone(get(id));
            assertThat(lost.get("state").asString()).as(backend).isEqualTo("LOST");
            assertThat(lost.get("error").get("code").asString()).as(backend).isEqualTo("HANDLE_NOT_FOUND");
            assertThat(lost.get("result").isNull()).as(backend).isTrue();
            assertThat(lost.get("updatedAt").asString()).as(backend).endsWith("Z");
        });
    }

    @Test
    void aVanishingHandleIsLostOnlyAfterSeveralNotFoundAnswers() {
        Instant created = Instant.now();
        String handle =
                SIM.create(Vendor.ONTAP, Script.builder().running(RUNNING).vanishes());
        String id = register("ontap", handle).get("id").asString();
        List<JsonNode> events = follow(id).join();
        assertStreamOfOneOperation(events);
        JsonNode lost = events.get(events.size() - 1);
        assertThat(lost.get("state").asString()).isEqualTo("LOST");
        assertThat(lost.get("error").get("code").asString()).isEqualTo("HANDLE_NOT_FOUND");
        // While within the grace nothing changed: the event before LOST is still the running job.
        assertThat(events.get(events.size() - 2).get("state").asString()).isEqualTo("RUNNING");
        // Three not-found answers at least 100 ms (the initial interval) apart: LOST at least 200 ms after the
        // handle vanished, where a grace of one would have ended it at the first answer.
        Instant lostAt = Instant.parse(lost.get("updatedAt").asString());
        assertThat(Duration.between(created.plus(RUNNING), lostAt)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    // --- 4. ONTAP purges finished jobs ---

    @Test
    void aPurgedOntapJobStaysSucceeded() {
        String handle = SIM.create(
                Vendor.ONTAP, Script.builder().running(Duration.ofMillis(300)).succeeds());
        String id = register("ontap", handle).get("id").asString();
        JsonNode done = awaitDone(get(id));
        assertSucceeded(done);

        // ONTAP's end_time has whole seconds, so ask the simulated ONTAP itself when the job is gone.
        await("ONTAP has purged the job")
                .atMost(DEADLINE)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> ontapJobStatus(handle) == 404);
        // Any poll the engine might still make sees the 404s: the operation must not change meanwhile.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
            JsonNode after = get(id);
            assertThat(after.get("state").asString()).isEqualTo("SUCCEEDED");
            assertThat(after.get("version")).isEqualTo(done.get("version"));
            assertThat(after.get("error").isNull()).isTrue();
        });
        JsonNode again = http.post()
                .uri("/v1/operations")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"backend\":\"ontap\",\"handle\":\"" + handle + "\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(again.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(listIds("?backend=ontap&state=LOST")).doesNotContain(id);
    }

    // --- 5. Handles the backend does not know ---

    @Test
    void aHandleTheBackendDoesNotKnowIsRefusedAndNotTracked() {
        Map<String, String> unknown = Map.of(
                "sf",
                "987654321",
                "ontap",
                UUID.randomUUID().toString(),
                "hw",
                UUID.randomUUID().toString().replace("-", ""),
                "ali",
                "op_" + UUID.randomUUID().toString().replace("-", "").substring(0, 22));
        unknown.forEach((backend, handle) -> {
            isProblem(
                    http.post()
                            .uri("/v1/operations")
                            .contentType(MediaType.APPLICATION_JSON)
                            .bodyValue("{\"backend\":\"" + backend + "\",\"handle\":\"" + handle + "\"}")
                            .exchange(),
                    404);
            String id = OperationIds.of(Caller.DEFAULT_TENANT, backend, handle);
            assertThat(listIds("?backend=" + backend + "&pageSize=500"))
                    .as(backend)
                    .doesNotContain(id);
            isProblem(http.get().uri("/v1/operations/" + id).exchange(), 404);
        });
    }

    // --- 6. Cancel ---

    @Test
    void ontapCancelOfARunningJobEndsAsOntapReportsIt() {
        String handle = SIM.create(
                Vendor.ONTAP,
                Script.builder().queued(QUEUED).running(Duration.ofSeconds(30)).succeeds());
        String id = register("ontap", handle).get("id").asString();
        JsonNode running = awaitState(id, "RUNNING");
        assertThat(running.get("state").asString()).isEqualTo("RUNNING");

        http.post()
                .uri("/v1/operations/" + id + "/cancel")
                .exchange()
                .expectStatus()
                .isAccepted();

        JsonNode done = awaitDone(get(id));
        // ONTAP has no cancelled state: the simulator reports the cancelled job as a failure.
        assertThat(done.get("state").asString()).isEqualTo("FAILED");
        assertThat(done.get("error").get("code").asString()).isEqualTo("458755");
        assertThat(done.get("error").get("message").asString()).isEqualTo("Job cancelled by user.");
        assertRecentUtc(done.get("endedAt"));
        isProblem(http.post().uri("/v1/operations/" + id + "/cancel").exchange(), 409);
    }

    @Test
    void ontapRefusalAnswersConflictWithOntapsMessage() {
        String handle = SIM.create(
                Vendor.ONTAP,
                Script.builder()
                        .queued(QUEUED)
                        .running(RUNNING)
                        .cancellable(false)
                        .succeeds());
        String id = register("ontap", handle).get("id").asString();
        WebTestClient.ResponseSpec refusal =
                http.post().uri("/v1/operations/" + id + "/cancel").exchange();
        refusal.expectStatus()
                .isEqualTo(409)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(409)
                .jsonPath("$.detail")
                .isEqualTo("Job does not support cancel");
        assertSucceeded(awaitDone(get(id)));
    }

    @Test
    void solidFireCannotCancel() {
        String handle = SIM.create(Vendor.SOLIDFIRE, shortScript().succeeds());
        String id = register("sf", handle).get("id").asString();
        isProblem(http.post().uri("/v1/operations/" + id + "/cancel").exchange(), 501);
        assertSucceeded(awaitDone(get(id)));
    }

    // --- 7. Paused ONTAP jobs ---

    @Test
    void aPausedOntapJobShowsPausedAndThenCompletes() {
        String handle = SIM.create(
                Vendor.ONTAP,
                Script.builder()
                        .queued(QUEUED)
                        .running(Duration.ofMillis(500))
                        .pausedFor(Duration.ofSeconds(1))
                        .running(Duration.ofMillis(500))
                        .succeeds());
        String id = register("ontap", handle).get("id").asString();
        CompletableFuture<List<JsonNode>> stream = follow(id);

        JsonNode paused = awaitState(id, "PAUSED");
        assertThat(paused.get("state").asString()).isEqualTo("PAUSED");
        assertThat(paused.get("done").asBoolean()).isFalse();
        assertThat(paused.get("endedAt").isNull()).isTrue();
        assertThat(paused.get("progress").get("message").asString()).startsWith("Paused by the administrator");

        List<JsonNode> events = stream.join();
        assertStreamOfOneOperation(events);
        assertThat(states(events)).containsSubsequence("QUEUED", "RUNNING", "PAUSED", "RUNNING", "SUCCEEDED");
        assertSucceeded(events.get(events.size() - 1));
    }

    // --- 8. Faults do not change states ---

    @Test
    void backendFaultsNeverChangeTheState() {
        String handle = SIM.create(
                Vendor.ONTAP,
                Script.builder().queued(QUEUED).running(Duration.ofSeconds(2)).succeeds());
        String id = register("ontap", handle).get("id").asString();
        long requestsBefore = SIM.requestCount(Vendor.ONTAP);
        List<JsonNode> seen = new CopyOnWriteArrayList<>();
        CompletableFuture<List<JsonNode>> stream;
        // Failures only: a 503 would be throttling, which pauses the backend instead of failing polls.
        SIM.faults(Vendor.ONTAP).garbageRate(0.5).resetRate(0.2);
        try {
            stream = follow(id);
            await("done within " + DEADLINE)
                    .atMost(DEADLINE)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        JsonNode op = get(id);
                        seen.add(op);
                        return op.get("done").asBoolean();
                    });
        } finally {
            SIM.faults(Vendor.ONTAP).clear();
        }
        List<JsonNode> events = stream.join();

        assertThat(SIM.requestCount(Vendor.ONTAP) - requestsBefore).isGreaterThan(5);
        assertThat(seen.subList(0, seen.size() - 1))
                .as("the faults reached the gateway")
                .anyMatch(
                        op -> op.get("backendStatus").get("consecutiveFailures").asInt() > 0);
        for (JsonNode op : seen) {
            assertThat(op.get("state").asString()).isIn("QUEUED", "RUNNING", "SUCCEEDED");
            assertThat(op.get("done").asBoolean())
                    .isEqualTo(op.get("state").asString().equals("SUCCEEDED"));
            assertThat(op.get("error").isNull()).isTrue();
        }
        assertThat(states(seen)).isSortedAccordingTo((a, b) -> Integer.compare(rank(a), rank(b)));
        assertStreamOfOneOperation(events);
        assertThat(states(events))
                .allMatch(state -> List.of("QUEUED", "RUNNING", "SUCCEEDED").contains(state));
        assertSucceeded(events.get(events.size() - 1));
    }

    // --- Backends ---

    @Test
    void theFourBackendsAreConfiguredAndReachable() {
        // One successful poll on each, so that each backend has been heard from.
        awaitDone(register("sf", SIM.create(Vendor.SOLIDFIRE, Script.builder().succeeds())));
        awaitDone(register("ontap", SIM.create(Vendor.ONTAP, Script.builder().succeeds())));
        awaitDone(register(
                "hw", SIM.create(Vendor.HUAWEI_CLOUDTEST, Script.builder().succeeds())));
        awaitDone(register(
                "ali", SIM.create(Vendor.ALIYUN_BPSTUDIO, Script.builder().succeeds())));
        JsonNode backends = http.get()
                .uri("/v1/backends")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        Map<String, String> types = new HashMap<>();
        backends.forEach(b -> {
            types.put(b.get("name").asString(), b.get("type").asString());
            assertThat(b.get("reachable").asBoolean()).as(b.toString()).isTrue();
        });
        assertThat(types)
                .containsEntry("sf", "solidfire")
                .containsEntry("ontap", "ontap")
                .containsEntry("hw", "huawei-cloudtest")
                .containsEntry("ali", "aliyun-bpstudio");
    }

    // --- 9. Throttling pauses the whole backend, visibly, and it recovers ---

    /**
     * Alibaba throttles with HTTP 400 {@code Throttling.User} and no {@code Retry-After} (the simulator's fault): the
     * gateway pauses the backend with a growing backoff, {@code GET /v1/backends} shows it throttled with the time of
     * its next attempt and the operation says why it is not polled; once the backend stops throttling, it recovers and
     * the operation ends.
     */
    @Test
    void aThrottlingBackendIsPausedVisiblyWithItsNextAttemptAndRecovers() {
        JsonNode registered = register(
                "ali",
                SIM.create(
                        Vendor.ALIYUN_BPSTUDIO,
                        Script.builder().running(Duration.ofSeconds(3)).succeeds()));
        String id = registered.get("id").asString();
        SIM.faults(Vendor.ALIYUN_BPSTUDIO).throttleRate(1.0);
        try {
            JsonNode paused = await("ali shown throttled within " + DEADLINE)
                    .atMost(DEADLINE)
                    .pollInterval(Duration.ofMillis(20))
                    .until(
                            () -> backend("ali"),
                            ali -> ali.get("state").asString().equals("throttled"));
            assertThat(paused.get("lastError").asString()).isEqualTo("throttled: HTTP 400 Throttling.User");
            Instant until = Instant.parse(paused.get("throttledUntil").asString());
            assertThat(until)
                    .isBetween(Instant.now().minusSeconds(2), Instant.now().plusSeconds(2));
            // Still throttling after the first pauses: the backoff has grown to its maximum, each pause ends later.
            await().pollDelay(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> {
                        assertThat(get(id).get("backendStatus").get("lastError").asString())
                                .startsWith("throttled: ");
                        assertThat(get(id).get("state").asString()).isIn("UNKNOWN", "QUEUED", "RUNNING");
                    });
        } finally {
            SIM.faults(Vendor.ALIYUN_BPSTUDIO).clear();
        }

        JsonNode done = awaitDone(registered);
        assertThat(done.get("state").asString()).isEqualTo("SUCCEEDED");
        JsonNode recovered = backend("ali");
        assertThat(recovered.get("state").asString()).isEqualTo("ok");
        assertThat(recovered.get("throttledUntil").isNull()).isTrue();
    }

    // --- helpers ---

    JsonNode backend(String name) {
        JsonNode all = http.get()
                .uri("/v1/backends")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        for (JsonNode b : all) {
            if (b.get("name").asString().equals(name)) {
                return b;
            }
        }
        throw new AssertionError("no backend " + name + " in " + all);
    }

    static Script.Builder shortScript() {
        return Script.builder().queued(QUEUED).running(RUNNING);
    }

    JsonNode register(String backend, String handle) {
        return http.post()
                .uri("/v1/operations")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"backend\":\"" + backend + "\",\"handle\":\"" + handle
                        + "\",\"labels\":{\"suite\":\"e2e\"}}")
                .exchange()
                .expectStatus()
                .isCreated()
                .expectHeader()
                .value("Location", location -> assertThat(location).startsWith("/v1/operations/"))
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    /** Creates an operation on the simulator and registers it; answers the gateway's id. */
    String track(String backend, Vendor vendor, Script script) {
        return register(backend, SIM.create(vendor, script)).get("id").asString();
    }

    JsonNode get(String id) {
        return http.get()
                .uri("/v1/operations/" + id)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    /** Holds the request until the operation is done (the gateway's own long poll). */
    JsonNode awaitDone(JsonNode op) {
        if (op.get("done").asBoolean()) {
            return op;
        }
        String id = op.get("id").asString();
        // Each read is held by the gateway until the operation changes: no pause is needed between them.
        return await(id + " done within " + DEADLINE)
                .atMost(DEADLINE)
                .pollInterval(Duration.ofMillis(1))
                .until(() -> get(id + "?wait=5"), current -> current.get("done").asBoolean());
    }

    /** Follows the versions with {@code ?wait&after} until the operation shows {@code state} or is done. */
    JsonNode awaitState(String id, String state) {
        AtomicReference<JsonNode> current = new AtomicReference<>(get(id));
        if (reached(current.get(), state)) {
            return current.get();
        }
        return await(id + " " + state + " or done within " + DEADLINE)
                .atMost(DEADLINE)
                .pollInterval(Duration.ofMillis(1))
                .until(
                        () -> current.updateAndGet(read ->
                                get(id + "?wait=5&after=" + read.get("version").asLong())),
                        read -> reached(read, state));
    }

    static boolean reached(JsonNode op, String state) {
        return op.get("state").asString().equals(state) || op.get("done").asBoolean();
    }

    /** Subscribes at once to the operation's event stream; completes with its operation events when it ends. */
    CompletableFuture<List<JsonNode>> follow(String id) {
        Flux<ServerSentEvent<String>> body = http.get()
                .uri("/v1/operations/" + id + "/events")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                .expectHeader()
                .valueEquals("X-Accel-Buffering", "no")
                .expectHeader()
                .value("Cache-Control", value -> assertThat(value).contains("no-cache"))
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
                .getResponseBody();
        return body.filter(event -> "operation".equals(event.event()))
                .map(event -> {
                    JsonNode op = json.readTree(event.data());
                    assertThat(event.id())
                            .isEqualTo(Long.toString(op.get("version").asLong()));
                    return op;
                })
                .collectList()
                .timeout(DEADLINE)
                .toFuture()
                .orTimeout(DEADLINE.toSeconds() + 5, TimeUnit.SECONDS);
    }

    /**
     * One operation's stream from a client that keeps up: versions grow by exactly one, states never go back, only
     * the last event is done (the stream ended after it), and it is the operation's current form.
     */
    void assertStreamOfOneOperation(List<JsonNode> events) {
        assertThat(events).isNotEmpty();
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).get("id")).isEqualTo(events.get(0).get("id"));
            assertThat(events.get(i).get("version").asLong())
                    .as("version after %s", events.get(i - 1))
                    .isEqualTo(events.get(i - 1).get("version").asLong() + 1);
        }
        assertThat(states(events)).isSortedAccordingTo((a, b) -> Integer.compare(rank(a), rank(b)));
        for (int i = 0; i < events.size() - 1; i++) {
            assertThat(events.get(i).get("done").asBoolean()).isFalse();
            assertThat(events.get(i).has("native")).isFalse();
        }
        JsonNode last = events.get(events.size() - 1);
        assertThat(last.get("done").asBoolean())
                .as("the stream ended after the terminal event")
                .isTrue();
        JsonNode stored = get(last.get("id").asString());
        assertThat(stored.get("version")).isEqualTo(last.get("version"));
        assertThat(stored.get("state")).isEqualTo(last.get("state"));
    }

    static void assertSucceeded(JsonNode op) {
        assertThat(op.get("state").asString()).as("%s", op).isEqualTo("SUCCEEDED");
        assertThat(op.get("done").asBoolean()).isTrue();
        assertThat(op.get("result").isNull()).as("result present").isFalse();
        assertThat(op.get("error").isNull()).isTrue();
        assertThat(op.get("updatedAt").asString()).endsWith("Z");
    }

    /** An ISO-8601 UTC time with a {@code Z}, close to now: a wrong zone conversion would be hours off. */
    static void assertRecentUtc(JsonNode time) {
        assertThat(time.isString()).as("timestamp %s", time).isTrue();
        assertThat(time.asString()).endsWith("Z");
        Instant instant = Instant.parse(time.asString());
        assertThat(Duration.between(instant, Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
    }

    static JsonNode withoutBookkeeping(JsonNode op) {
        ObjectNode copy = (ObjectNode) op.deepCopy();
        copy.remove("observedAt");
        copy.remove("backendStatus");
        return copy;
    }

    static List<String> states(List<JsonNode> ops) {
        List<String> states = new ArrayList<>();
        ops.forEach(op -> states.add(op.get("state").asString()));
        return states;
    }

    /** Where a state stands in an operation's life; a state may follow only one of the same or a higher rank. */
    static int rank(String state) {
        switch (state) {
            case "UNKNOWN":
                return 0;
            case "QUEUED":
                return 1;
            case "RUNNING":
            case "PAUSED":
                return 2;
            default:
                return 3;
        }
    }

    List<String> listIds(String query) {
        JsonNode page = http.get()
                .uri("/v1/operations" + query)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        List<String> ids = new ArrayList<>();
        page.get("operations").forEach(op -> ids.add(op.get("id").asString()));
        return ids;
    }

    /** What the simulated ONTAP answers for the job right now, asked directly. */
    static int ontapJobStatus(String uuid) {
        Credentials c = SIM.options().credentials();
        return WebClient.create(SIM.ontapUrl())
                .get()
                .uri("/api/cluster/jobs/" + uuid)
                .headers(h -> h.setBasicAuth(c.username(), c.password()))
                .exchangeToMono(response ->
                        response.releaseBody().thenReturn(response.statusCode().value()))
                .block(Duration.ofSeconds(5));
    }

    static void isProblem(WebTestClient.ResponseSpec response, int status) {
        response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(status)
                .jsonPath("$.title")
                .isNotEmpty()
                .jsonPath("$.detail")
                .isNotEmpty()
                .jsonPath("$.trace")
                .doesNotExist();
    }
}
