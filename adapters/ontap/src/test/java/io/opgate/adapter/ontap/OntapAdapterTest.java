package io.opgate.adapter.ontap;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.adapter.kit.AdapterCompatibilityKit;
import io.opgate.adapter.kit.DiscoveryKit;
import io.opgate.adapter.kit.FakeResponse;
import io.opgate.adapter.kit.PollManyKit;
import io.opgate.adapter.kit.RecordedRequest;
import io.opgate.contracts.model.OperationState;
import io.opgate.contracts.spi.AdapterCapabilities;
import io.opgate.contracts.spi.BackendAdapter;
import io.opgate.contracts.spi.BackendAdapterFactory;
import io.opgate.contracts.spi.BackendConfig;
import io.opgate.contracts.spi.CancelOutcome;
import io.opgate.contracts.spi.DiscoveredOperation;
import io.opgate.contracts.spi.DiscoveryOutcome;
import io.opgate.contracts.spi.DiscoveryRequest;
import io.opgate.contracts.spi.PollOutcome;
import io.opgate.contracts.spi.PollRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class OntapAdapterTest extends AdapterCompatibilityKit implements DiscoveryKit, PollManyKit {

    private static final String UUID = "b89bc5dd-94a3-11e8-a7a3-0050568edf84";
    private static final String JOB_PATH = "/api/cluster/jobs/" + UUID;
    private static final String USERNAME = "opgate-ro";
    private static final String PASSWORD = "0ntap-s3cret!";
    private static final String HAL = "application/hal+json";

    private static final String QUEUED = "3c4e8a12-5d7f-11eb-9a3e-005056ac0f4d";
    private static final String RUNNING = "5a1f0e2c-9b7d-11ee-8a4b-005056bb1a2e";
    private static final String FAILED = "e8f4ac5a-1813-11e9-a2c6-005056bb4b3c";
    private static final String PURGED = "0d9e7c44-2b1a-11ef-9c3d-005056bb0001";
    private static final java.time.Instant WINDOW_START = java.time.Instant.parse("2019-01-01T00:00:00Z");

    @Override
    public DiscoveryRequest discoveryRequest() {
        return new DiscoveryRequest(WINDOW_START, Set.of());
    }

    @Override
    public FakeResponse respondToListing(RecordedRequest request) {
        Map<String, String> query = queryOf(request);
        if (!request.method().equals("GET") || !request.path().equals(COLLECTION) || !authorized(request)) {
            return unauthorized();
        }
        if ("queued|running|paused".equals(query.get("state"))) {
            return ontap(
                    200, query.containsKey("start.uuid") ? "jobs-under-way-page2.json" : "jobs-under-way-page1.json");
        }
        if ("success|failure".equals(query.get("state"))
                && ">=2019-01-01T00:00:00+00:00".equals(query.get("end_time"))) {
            return ontap(200, "jobs-ended.json");
        }
        return FakeResponse.of(400, HAL, "{\"error\": {\"message\": \"Unexpected argument\", \"code\": \"262179\"}}");
    }

    @Override
    public Map<String, OperationState> expectedDiscovered() {
        return Map.of(
                QUEUED, OperationState.QUEUED,
                RUNNING, OperationState.RUNNING,
                UUID, OperationState.SUCCEEDED,
                FAILED, OperationState.FAILED);
    }

    @Override
    public Map<String, Scenario> pollManyJobs() {
        return Map.of(
                UUID, Scenario.SUCCEEDED,
                RUNNING, Scenario.RUNNING,
                FAILED, Scenario.FAILED,
                PURGED, Scenario.NOT_FOUND);
    }

    // ONTAP answers a uuid query with the records it has, and none for a uuid it does not know.
    @Override
    public FakeResponse respondToPollMany(RecordedRequest request) {
        Map<String, String> query = queryOf(request);
        if (!request.method().equals("GET")
                || !request.path().equals(COLLECTION)
                || !authorized(request)
                || !OntapJobCollection.FIELDS.equals(query.get("fields"))) {
            return unauthorized();
        }
        Map<String, JsonNode> known = new java.util.LinkedHashMap<>();
        for (String page : List.of("jobs-under-way-page1.json", "jobs-under-way-page2.json", "jobs-ended.json")) {
            JSON.readTree(OntapMapperTest.resource(page))
                    .get("records")
                    .forEach(r -> known.put(r.get("uuid").asString(), r));
        }
        ArrayNode records = JSON.createArrayNode();
        for (String uuid : query.getOrDefault("uuid", "").split("\\|")) {
            if (known.containsKey(uuid)) {
                records.add(known.get(uuid));
            }
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.set("records", records);
        answer.put("num_records", records.size());
        answer.putObject("_links").putObject("self").put("href", request.uri());
        return FakeResponse.of(200, HAL, answer.toString());
    }

    private static final String COLLECTION = "/api/cluster/jobs";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Map<String, String> queryOf(RecordedRequest request) {
        Map<String, String> query = new java.util.LinkedHashMap<>();
        for (String pair : request.query().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                query.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    @Test
    void declaresCancelDiscoveryAndPollManyInBatchesOf50() {
        assertThat(adapter.capabilities()).isEqualTo(new AdapterCapabilities(true, true, true, 50));
    }

    @Test
    void pollManyKeepsEachUrlShortSplittingABatchIntoSeveralRequests() {
        server.script(this::respondToPollMany);
        List<PollRequest> requests = new java.util.ArrayList<>();
        for (int i = 0; i < 120; i++) {
            requests.add(PollRequest.of(String.format("%08x-0000-11ee-8a4b-005056bb1a2e", i)));
        }
        requests.add(PollRequest.of(RUNNING));
        Map<String, PollOutcome> outcomes = adapter.pollMany(requests).block(Duration.ofSeconds(10));

        assertThat(outcomes).hasSize(121);
        assertThat(outcomes.get(RUNNING)).isInstanceOf(PollOutcome.Observed.class);
        assertThat(outcomes.values().stream().filter(o -> o instanceof PollOutcome.NotFound))
                .hasSize(120);
        assertThat(server.requests()).hasSize(3);
        assertThat(server.requests())
                .allSatisfy(r -> assertThat(r.uri().length()).isLessThan(2300));
    }

    @Test
    void pollManyFailsOnlyTheJobsOfTheRequestThatFailed() {
        server.script(request -> queryOf(request).get("uuid").contains(RUNNING)
                ? respondToPollMany(request)
                : FakeResponse.of(503, HAL, "{}").withHeader("Retry-After", "7"));
        List<PollRequest> requests = new java.util.ArrayList<>();
        requests.add(PollRequest.of(RUNNING));
        for (int i = 0; i < 60; i++) {
            requests.add(PollRequest.of(String.format("%08x-0000-11ee-8a4b-005056bb1a2e", i)));
        }
        Map<String, PollOutcome> outcomes = adapter.pollMany(requests).block(Duration.ofSeconds(10));

        assertThat(outcomes.get(RUNNING)).isInstanceOf(PollOutcome.Observed.class);
        PollOutcome last = outcomes.get(String.format("%08x-0000-11ee-8a4b-005056bb1a2e", 59));
        assertThat(last).isInstanceOf(PollOutcome.Failed.class);
        assertThat(((PollOutcome.Failed) last).retryAfter()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void discoveryFollowsNextLinksAndAsksForTheWindowAndTheFields() {
        server.script(this::respondToListing);
        DiscoveryOutcome outcome = adapter.discover(discoveryRequest()).block(Duration.ofSeconds(10));

        assertThat(outcome).isInstanceOf(DiscoveryOutcome.Listed.class);
        List<Map<String, String>> queries =
                server.requests().stream().map(OntapAdapterTest::queryOf).toList();
        assertThat(queries).hasSize(3);
        assertThat(queries.get(0))
                .containsEntry("state", "queued|running|paused")
                .containsKey("max_records");
        assertThat(queries.get(1)).containsEntry("start.uuid", QUEUED);
        assertThat(queries.get(2))
                .containsEntry("state", "success|failure")
                .containsEntry("end_time", ">=2019-01-01T00:00:00+00:00")
                .containsEntry("fields", OntapJobCollection.FIELDS);
    }

    @Test
    void discoveryFailsWhenALaterPageFails() {
        server.script(request -> queryOf(request).containsKey("start.uuid")
                ? FakeResponse.of(500, HAL, "{\"error\": {\"message\": \"Internal error\", \"code\": \"262179\"}}")
                : respondToListing(request));
        assertThat(adapter.discover(discoveryRequest()).block(Duration.ofSeconds(10)))
                .isInstanceOf(DiscoveryOutcome.Failed.class);
    }

    @Test
    void discoveryNeverFollowsANextLinkToAnotherHost() {
        server.script(request -> FakeResponse.of(
                200,
                HAL,
                "{\"records\": [], \"num_records\": 0, \"_links\": {\"next\": {\"href\":"
                        + " \"http://evil.example.com/api/cluster/jobs?x=1\"}}}"));
        assertThat(adapter.discover(discoveryRequest()).block(Duration.ofSeconds(10)))
                .isInstanceOf(DiscoveryOutcome.Failed.class);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void discoveryKeepsOnlyTheAskedTypes() {
        server.script(this::respondToListing);
        DiscoveryOutcome outcome = adapter.discover(
                        new DiscoveryRequest(WINDOW_START, Set.of("post /api/storage/volumes")))
                .block(Duration.ofSeconds(10));
        assertThat(((DiscoveryOutcome.Listed) outcome).operations())
                .extracting(DiscoveredOperation::handle)
                .containsExactly(QUEUED);
    }

    @Override
    protected BackendAdapterFactory factory() {
        return new OntapAdapterFactory();
    }

    @Override
    protected Map<String, String> settings(String baseUrl) {
        return Map.of("type", "ontap", "base-url", baseUrl, "username", USERNAME, "password", PASSWORD);
    }

    @Override
    protected String handle() {
        return UUID;
    }

    @Override
    protected FakeResponse respond(Scenario scenario, RecordedRequest request) {
        if (!isJobGet(request)) {
            return unauthorized();
        }
        return switch (scenario) {
            case RUNNING -> ontap(200, "job-running.json");
            case SUCCEEDED -> ontap(200, "job-success.json");
            case FAILED -> ontap(200, "job-failure-metrocluster.json");
            case NOT_FOUND -> ontap(404, "error-not-found.json");
            case SERVER_ERROR ->
                FakeResponse.of(
                        500,
                        HAL,
                        "{\"error\": {\"message\": \"Internal error. Wait a few minutes, then try the command again.\","
                                + " \"code\": \"262179\"}}");
            case THROTTLED -> FakeResponse.of(429, HAL, "{\"error\": {\"message\": \"Too many requests\"}}");
        };
    }

    private static boolean authorized(RecordedRequest request) {
        String basic = "Basic "
                + Base64.getEncoder().encodeToString((USERNAME + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        return basic.equals(request.header("authorization"));
    }

    private static boolean isJobGet(RecordedRequest request) {
        String accept = String.valueOf(request.header("accept"));
        return request.method().equals("GET")
                && request.uri().equals(JOB_PATH)
                && accept.contains(HAL)
                && accept.contains("application/json")
                && authorized(request);
    }

    private static boolean isCancel(RecordedRequest request) {
        return request.method().equals("PATCH")
                && request.path().equals(JOB_PATH)
                && request.query().equals("action=cancel")
                && authorized(request);
    }

    // ONTAP answers with the HAL media type.
    private static FakeResponse ontap(int status, String payload) {
        return FakeResponse.of(status, HAL, OntapMapperTest.resource(payload));
    }

    private static FakeResponse unauthorized() {
        return FakeResponse.of(
                401, HAL, "{\"error\": {\"message\": \"not authorized for that command\", \"code\": \"6\"}}");
    }

    private CancelOutcome cancelAnswering(FakeResponse response) {
        return cancelAnswering(adapter, response);
    }

    private CancelOutcome cancelAnswering(BackendAdapter target, FakeResponse response) {
        server.script(request -> isCancel(request) ? response : unauthorized());
        CancelOutcome outcome = target.cancel(PollRequest.of(UUID)).block(Duration.ofSeconds(30));
        assertThat(outcome).isNotNull();
        return outcome;
    }

    private PollOutcome pollAnswering(FakeResponse response) {
        server.script(request -> isJobGet(request) ? response : unauthorized());
        return poll(adapter);
    }

    /**
     * Wire fidelity (seed 002, the job object): {@code GET /api/cluster/jobs/{uuid}} without a query (no
     * {@code return_timeout}: a poll must not hold a connection) and without a body, basic auth, HAL accepted.
     */
    @Test
    void requestIsTheDocumentedJobGetFieldForField() {
        pollIn(Scenario.RUNNING);

        RecordedRequest request = server.requests().get(0);
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo(JOB_PATH);
        assertThat(request.query()).isEmpty();
        assertThat(request.body()).isEmpty();
        assertThat(request.headers().keySet())
                .containsExactlyInAnyOrder("host", "user-agent", "accept", "authorization");
        assertThat(request.header("accept")).isEqualTo("application/hal+json, application/json");
        assertThat(request.header("authorization"))
                .isEqualTo("Basic "
                        + Base64.getEncoder()
                                .encodeToString((USERNAME + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void pollsTheJobWithBasicAuthAcceptingHalJson() {
        assertThat(observed(pollIn(Scenario.RUNNING)).state()).isEqualTo(OperationState.RUNNING);

        List<RecordedRequest> requests = server.requests();
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).method()).isEqualTo("GET");
        assertThat(requests.get(0).uri()).isEqualTo(JOB_PATH);
        assertThat(requests.get(0).header("accept")).isEqualTo("application/hal+json, application/json");
    }

    @Test
    void halJsonAndPlainJsonAnswersAreBothRead() {
        String job = OntapMapperTest.resource("job-paused.json");

        assertThat(observed(pollAnswering(FakeResponse.of(200, "application/hal+json; charset=utf-8", job)))
                        .state())
                .isEqualTo(OperationState.PAUSED);
        assertThat(observed(pollAnswering(FakeResponse.json(200, job))).state()).isEqualTo(OperationState.PAUSED);
    }

    @Test
    void failedJobKeepsOntapsCodeAndMessage() {
        var failed = observed(pollIn(Scenario.FAILED));

        assertThat(failed.error().code()).isEqualTo("2432853");
        assertThat(failed.endedAt()).isEqualTo(java.time.Instant.parse("2019-01-14T17:41:07Z"));
    }

    @Test
    void jobPurgedAfterSuccessIsNotFound() {
        AtomicInteger polls = new AtomicInteger();
        server.script(request -> !isJobGet(request)
                ? unauthorized()
                : polls.getAndIncrement() == 0 ? ontap(200, "job-success.json") : ontap(404, "error-not-found.json"));

        assertThat(observed(poll(adapter)).state()).isEqualTo(OperationState.SUCCEEDED);
        PollOutcome later = poll(adapter);

        assertThat(later).isInstanceOf(PollOutcome.NotFound.class);
        assertThat(((PollOutcome.NotFound) later).detail()).isEqualTo("HTTP 404, ONTAP error 4");
        assertThat(((PollOutcome.NotFound) later)
                        .raw()
                        .path("error")
                        .path("code")
                        .asString())
                .isEqualTo("4");
    }

    /** Issue 16 item 5: only ONTAP's own {"error":{"code":"4",...,"target":"uuid"}} is "not found". */
    @Test
    void only404WithOntapsEntryMissingErrorIsNotFound() {
        assertThat(pollAnswering(ontap(404, "error-not-found.json"))).isInstanceOf(PollOutcome.NotFound.class);
        assertThat(pollAnswering(
                        FakeResponse.json(404, "{\"error\":{\"code\":4,\"message\":\"entry doesn't exist\"}}")))
                .isInstanceOf(PollOutcome.NotFound.class);

        assertThat(pollAnswering(FakeResponse.empty(404))).isInstanceOf(PollOutcome.Failed.class);
        assertThat(pollAnswering(FakeResponse.of(404, "text/html", "<html><body><h1>404 Not Found</h1></body></html>")))
                .isInstanceOf(PollOutcome.Failed.class);
        // ONTAP's own answer for a path that is no API (a base URL with a wrong prefix) is no job's absence.
        PollOutcome wrongPath = pollAnswering(ontap404("{\"error\":{\"message\":\"API not found\",\"code\":\"3\"}}"));
        assertThat(wrongPath).isInstanceOf(PollOutcome.Failed.class);
        assertThat(((PollOutcome.Failed) wrongPath).reason()).contains("HTTP 404");
    }

    private static FakeResponse ontap404(String body) {
        return FakeResponse.of(404, HAL, body);
    }

    @Test
    void retryAfterIsHonoured() {
        assertThat(pollAnswering(FakeResponse.of(503, "text/html", "<html>Service Unavailable</html>")
                        .withHeader("Retry-After", "120")))
                .isEqualTo(new PollOutcome.Throttled("HTTP 503", Duration.ofSeconds(120)));
        assertThat(pollAnswering(FakeResponse.of(429, HAL, "{\"error\": {\"message\": \"too many requests\"}}")
                        .withHeader("Retry-After", "5")))
                .isEqualTo(new PollOutcome.Throttled("HTTP 429", Duration.ofSeconds(5)));
    }

    @Test
    void retryAfterAsAnHttpDateIsCountedFromTheClock() {
        // the kit's clock stands at 2025-01-13T06:56:56.756Z
        assertThat(pollAnswering(FakeResponse.empty(503).withHeader("Retry-After", "Mon, 13 Jan 2025 06:57:56 GMT")))
                .isEqualTo(new PollOutcome.Throttled("HTTP 503", Duration.ofMillis(59_244)));
    }

    @Test
    void htmlErrorPagesAreFailuresWithAShortReason() {
        assertThat(pollAnswering(FakeResponse.of(502, "text/html", "<html><h1>502 Bad Gateway</h1></html>")))
                .isEqualTo(PollOutcome.Failed.of("HTTP 502"));
        assertThat(pollAnswering(FakeResponse.of(200, "text/html", "<html><body>Login</body></html>")))
                .isEqualTo(PollOutcome.Failed.of("not JSON (text/html)"));
    }

    @Test
    void wrongCredentialsAreAFailureNamingTheStatus() {
        server.script(request -> unauthorized());

        assertThat(poll(adapter)).isEqualTo(PollOutcome.Failed.of("HTTP 401"));
    }

    @Test
    void timeoutIsReportedWithTheLimit() {
        server.script(request -> respond(Scenario.RUNNING, request).after(LATE));

        assertThat(poll(impatientAdapter())).isEqualTo(PollOutcome.Failed.of("timeout after 500ms"));
    }

    @Test
    void cancelIsAPatchWithActionCancel() {
        assertThat(cancelAnswering(FakeResponse.of(200, HAL, "{}"))).isEqualTo(CancelOutcome.accepted());

        RecordedRequest cancel = server.requests().get(0);
        assertThat(cancel.method()).isEqualTo("PATCH");
        assertThat(cancel.uri()).isEqualTo(JOB_PATH + "?action=cancel");
    }

    @Test
    void cancelAnsweredWith202IsAccepted() {
        assertThat(cancelAnswering(FakeResponse.of(
                        202,
                        HAL,
                        "{\"job\": {\"uuid\": \"" + UUID + "\", \"_links\": {\"self\": {\"href\": \"" + JOB_PATH
                                + "\"}}}}")))
                .isEqualTo(CancelOutcome.accepted());
    }

    @Test
    void cancelRefusedByOntapCarriesOntapsMessage() {
        assertThat(cancelAnswering(ontap(400, "error-cancel-unsupported.json")))
                .isEqualTo(new CancelOutcome.Refused("Job \"Volume Create\" does not support cancel."));
        assertThat(cancelAnswering(FakeResponse.of(
                        409, HAL, "{\"error\": {\"message\": \"Job is not running.\", \"code\": \"458762\"}}")))
                .isEqualTo(new CancelOutcome.Refused("Job is not running."));
    }

    @Test
    void cancelOfAJobOntapNoLongerKnowsIsRefused() {
        assertThat(cancelAnswering(ontap(404, "error-not-found.json")))
                .isEqualTo(new CancelOutcome.Refused("entry doesn't exist"));
        assertThat(cancelAnswering(FakeResponse.empty(404)))
                .isEqualTo(new CancelOutcome.Refused("ONTAP no longer knows this job"));
    }

    @Test
    void cancelWithoutAUsableAnswerFails() {
        assertThat(cancelAnswering(FakeResponse.of(500, "text/html", "<html>oops</html>")))
                .isEqualTo(new CancelOutcome.Failed("HTTP 500"));
        server.script(request -> unauthorized());
        assertThat(adapter.cancel(PollRequest.of(UUID)).block(REQUEST_TIMEOUT.multipliedBy(3)))
                .isEqualTo(new CancelOutcome.Failed("HTTP 401"));
        assertThat(cancelAnswering(FakeResponse.connectionReset())).isInstanceOf(CancelOutcome.Failed.class);
        assertThat(cancelAnswering(
                        impatientAdapter(), FakeResponse.of(200, HAL, "{}").after(LATE)))
                .isEqualTo(new CancelOutcome.Failed("timeout after 500ms"));
    }

    @Test
    void handlesAreUuidLikeTokens() {
        assertThat(adapter.validateHandle("B89BC5DD-94A3-11E8-A7A3-0050568EDF84"))
                .isEmpty();
        assertThat(adapter.validateHandle("1f2e3d")).isEmpty();
        for (String bad : List.of(
                "",
                "-",
                "b89bc5dd--94a3",
                "../../storage/volumes",
                "b89bc5dd/94a3",
                "b89bc5dd 94a3",
                "b89bc5dd%2F94a3",
                "b89bc5dd?fields=*",
                "g89bc5dd-94a3-11e8-a7a3-0050568edf84",
                "a".repeat(65))) {
            assertThat(adapter.validateHandle(bad)).as("'%s'", bad).isPresent();
        }
    }

    @Test
    void invalidHandlesNeverReachTheBackend() {
        server.script(request -> ontap(200, "job-success.json"));

        assertThat(adapter.poll(PollRequest.of("../../svm/svms")).block(REQUEST_TIMEOUT.multipliedBy(3)))
                .isInstanceOf(PollOutcome.Failed.class);
        assertThat(adapter.cancel(PollRequest.of("a/b")).block(REQUEST_TIMEOUT.multipliedBy(3)))
                .isInstanceOf(CancelOutcome.Failed.class);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void baseUrlEndingInApiIsTolerated() {
        BackendAdapter withApi = factory()
                .create(
                        BackendConfig.of("ontap-api", settings(server.baseUrl() + "/api/")),
                        context(clock, REQUEST_TIMEOUT));
        server.script(request -> respond(Scenario.SUCCEEDED, request));

        assertThat(observed(poll(withApi)).state()).isEqualTo(OperationState.SUCCEEDED);
    }

    @Test
    void toStringNamesTheBackendOnly() {
        assertThat(adapter.toString()).isEqualTo("OntapAdapter[kit-ontap]");
    }
}
