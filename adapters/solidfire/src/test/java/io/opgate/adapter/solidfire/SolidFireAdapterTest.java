package io.opgate.adapter.solidfire;

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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class SolidFireAdapterTest extends AdapterCompatibilityKit implements DiscoveryKit, PollManyKit {

    private static final String PATH = "/json-rpc/12.3";
    private static final String USERNAME = "admin";
    private static final String PASSWORD = "Sf-s3cret!pw";
    private static final String HANDLE = "389";

    private final ObjectMapper json = JsonMapper.builder().build();

    private static final java.time.Instant WINDOW_START = java.time.Instant.parse("2016-01-01T00:00:00Z");

    /**
     * The JSON-RPC call in {@code request} when it is a well-formed {@code ListAsyncResults} with the right endpoint
     * and credentials; null otherwise.
     */
    private JsonNode listAsyncResultsCall(RecordedRequest request) {
        String basic = "Basic "
                + Base64.getEncoder().encodeToString((USERNAME + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        if (!request.method().equals("POST")
                || !request.uri().equals(PATH)
                || !basic.equals(request.header("authorization"))) {
            return null;
        }
        try {
            JsonNode call = json.readTree(request.body());
            return call.path("method").asString("").equals("ListAsyncResults")
                            && call.path("id").isIntegralNumber()
                    ? call
                    : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    // SolidFire filters on asyncResultTypes itself when they are given.
    private FakeResponse listing(RecordedRequest request) {
        JsonNode call = listAsyncResultsCall(request);
        if (call == null) {
            return FakeResponse.of(401, "text/html", "<html><body><h1>401 Unauthorized</h1></body></html>");
        }
        ObjectNode answer = (ObjectNode) json.readTree(SolidFireMapperTest.resource("list-async-results.json"));
        JsonNode types = call.path("params").path("asyncResultTypes");
        if (types.isArray()) {
            List<String> wanted = new java.util.ArrayList<>();
            types.forEach(t -> wanted.add(t.asString()));
            var handles = (tools.jackson.databind.node.ArrayNode)
                    answer.path("result").path("asyncHandles");
            for (int i = handles.size() - 1; i >= 0; i--) {
                if (!wanted.contains(handles.get(i).path("resultType").asString())) {
                    handles.remove(i);
                }
            }
        }
        answer.set("id", call.get("id"));
        return FakeResponse.json(200, json.writeValueAsString(answer));
    }

    @Override
    public DiscoveryRequest discoveryRequest() {
        return new DiscoveryRequest(WINDOW_START, Set.of());
    }

    @Override
    public FakeResponse respondToListing(RecordedRequest request) {
        return listing(request);
    }

    @Override
    public Map<String, OperationState> expectedDiscovered() {
        return Map.of("389", OperationState.SUCCEEDED, "47", OperationState.RUNNING, "34", OperationState.FAILED);
    }

    @Override
    public Map<String, Scenario> pollManyJobs() {
        return Map.of(
                "389", Scenario.SUCCEEDED,
                "47", Scenario.RUNNING,
                "34", Scenario.FAILED,
                "12", Scenario.SUCCEEDED,
                "999", Scenario.NOT_FOUND);
    }

    @Override
    public FakeResponse respondToPollMany(RecordedRequest request) {
        return listing(request);
    }

    @Test
    void declaresDiscoveryAndPollManyButNoCancel() {
        assertThat(adapter.capabilities()).isEqualTo(new AdapterCapabilities(false, true, true, 10_000));
    }

    @Test
    void pollManyIsOneListAsyncResultsThatReleasesNothing() {
        server.script(this::listing);
        adapter.pollMany(pollManyJobs().keySet().stream().map(PollRequest::of).toList())
                .block(REQUEST_TIMEOUT.multipliedBy(3));

        assertThat(server.requests()).hasSize(1);
        JsonNode call = json.readTree(server.requests().get(0).body());
        assertThat(call.path("method").asString()).isEqualTo("ListAsyncResults");
        assertThat(call.path("params").has("keepResult")).isFalse();
        assertThat(call.path("params").has("asyncResultTypes")).isFalse();
    }

    @Test
    void listedEntriesReadAsGetAsyncResultReadsThem() {
        server.script(this::listing);
        Map<String, PollOutcome> outcomes = adapter.pollMany(List.of(PollRequest.of("47"), PollRequest.of("34")))
                .block(REQUEST_TIMEOUT.multipliedBy(3));

        var running = observed(outcomes.get("47"));
        assertThat(running.progress().percent()).isEqualTo(37.0);
        assertThat(running.type()).isEqualTo("Clone");
        var failed = observed(outcomes.get("34"));
        assertThat(failed.error().code()).isEqualTo("xBulkVolumeScriptFailure");
        assertThat(failed.endedAt()).isEqualTo(java.time.Instant.parse("2016-01-21T02:06:56Z"));
    }

    @Test
    void aFailedEntryWithoutDataIsStillAFailure() {
        server.script(request -> FakeResponse.json(
                200,
                "{\"id\": 1, \"result\": {\"asyncHandles\": [{\"asyncResultID\": 5, \"completed\": true,"
                        + " \"success\": false, \"resultType\": \"Clone\"}]}}"));
        PollOutcome outcome = adapter.pollMany(List.of(PollRequest.of("5")))
                .block(REQUEST_TIMEOUT.multipliedBy(3))
                .get("5");
        assertThat(observed(outcome).state()).isEqualTo(OperationState.FAILED);
    }

    @Test
    void discoveryNarrowsTheListingWithAsyncResultTypes() {
        server.script(this::listing);
        DiscoveryOutcome outcome = adapter.discover(new DiscoveryRequest(WINDOW_START, Set.of("BulkVolume")))
                .block(REQUEST_TIMEOUT.multipliedBy(3));

        assertThat(((DiscoveryOutcome.Listed) outcome).operations())
                .extracting(DiscoveredOperation::handle)
                .containsExactly("34");
        JsonNode call = json.readTree(server.requests().get(0).body());
        assertThat(call.path("params").path("asyncResultTypes").get(0).asString())
                .isEqualTo("BulkVolume");
    }

    @Test
    void methodErrorOfTheListingFailsEveryHandle() {
        server.script(request -> FakeResponse.json(
                200, "{\"id\": 1, \"error\": {\"code\": 500, \"message\": \"x\", \"name\": \"xUnknownAPIMethod\"}}"));
        PollOutcome outcome = adapter.pollMany(List.of(PollRequest.of("47")))
                .block(REQUEST_TIMEOUT.multipliedBy(3))
                .get("47");
        assertThat(outcome).isEqualTo(PollOutcome.Failed.of("JSON-RPC error xUnknownAPIMethod"));
    }

    @Override
    protected BackendAdapterFactory factory() {
        return new SolidFireAdapterFactory();
    }

    @Override
    protected Map<String, String> settings(String baseUrl) {
        return Map.of("type", "solidfire", "base-url", baseUrl + PATH, "username", USERNAME, "password", PASSWORD);
    }

    @Override
    protected String handle() {
        return HANDLE;
    }

    @Override
    protected FakeResponse respond(Scenario scenario, RecordedRequest request) {
        JsonNode call = getAsyncResultCall(request);
        if (call == null || !call.path("params").path("keepResult").asBoolean(false)) {
            return FakeResponse.of(401, "text/html", "<html><body><h1>401 Unauthorized</h1></body></html>");
        }
        return switch (scenario) {
            case RUNNING -> answer(call, "running-clone.json");
            case SUCCEEDED -> answer(call, "task-success.json");
            case FAILED -> answer(call, "task-error.json");
            case NOT_FOUND -> answer(call, "method-error-no-such-path.json");
            case SERVER_ERROR ->
                FakeResponse.of(500, "text/html", "<html><body><h1>500 Internal Server Error</h1></body></html>");
            case THROTTLED ->
                FakeResponse.of(503, "text/html", "<html><body><h1>503 Service Unavailable</h1></body></html>");
        };
    }

    /**
     * The JSON-RPC call in {@code request} when it is a well-formed {@code GetAsyncResult} for {@link #HANDLE} with
     * the right endpoint, content type and credentials; null otherwise.
     */
    private JsonNode getAsyncResultCall(RecordedRequest request) {
        String basic = "Basic "
                + Base64.getEncoder().encodeToString((USERNAME + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        if (!request.method().equals("POST")
                || !request.uri().equals(PATH)
                || !String.valueOf(request.header("content-type")).startsWith("application/json-rpc")
                || !basic.equals(request.header("authorization"))) {
            return null;
        }
        try {
            JsonNode call = json.readTree(request.body());
            JsonNode params = call.path("params");
            boolean wellFormed = call.path("method").asString("").equals("GetAsyncResult")
                    && call.path("id").isIntegralNumber()
                    && params.path("asyncHandle").isIntegralNumber()
                    && params.path("asyncHandle").asLong() == Long.parseLong(HANDLE)
                    && params.path("keepResult").isBoolean();
            return wellFormed ? call : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    // SolidFire echoes the request's id in its answer.
    private FakeResponse answer(JsonNode call, String payload) {
        ObjectNode answer = (ObjectNode) json.readTree(SolidFireMapperTest.resource(payload));
        answer.set("id", call.get("id"));
        return FakeResponse.json(200, json.writeValueAsString(answer));
    }

    private BackendAdapter adapterWith(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(settings(server.baseUrl()));
        settings.putAll(extra);
        return factory().create(BackendConfig.of("solidfire-test", settings), context(clock, REQUEST_TIMEOUT));
    }

    private PollOutcome pollAnswering(FakeResponse response) {
        server.script(request -> getAsyncResultCall(request) == null ? FakeResponse.empty(401) : response);
        return poll(adapter);
    }

    /**
     * Issue 16 item 1: {@code xAsyncHandleDoesNotExist}, as a live cluster answers it, is "not found" whether it comes
     * with HTTP 200 or 500; a 404 without a JSON-RPC error is not.
     */
    @Test
    void asyncHandleDoesNotExistFromALiveClusterIsNotFound() {
        String body = SolidFireMapperTest.resource("method-error-async-handle-does-not-exist.json");
        for (int status : new int[] {200, 500}) {
            PollOutcome outcome = pollAnswering(FakeResponse.json(status, body));
            assertThat(outcome).as("HTTP %s", status).isInstanceOf(PollOutcome.NotFound.class);
            assertThat(((PollOutcome.NotFound) outcome).detail()).isEqualTo("xAsyncHandleDoesNotExist");
        }
        assertThat(pollAnswering(FakeResponse.of(404, "text/plain", "Not Found")))
                .isInstanceOf(PollOutcome.Failed.class);
    }

    /**
     * Issue 16 item 4 and wire fidelity: the request is seed 001's {@code GetAsyncResult} request (plus its documented
     * {@code keepResult}), field for field, and goes out whole with {@code Content-Length} as every SolidFire SDK sends
     * it (solidfire-sdk-python through requests, solidfire-sdk-java with a whole byte[]), never chunked.
     */
    @Test
    void requestIsTheDocumentedGetAsyncResultSentWithContentLength() {
        pollIn(Scenario.RUNNING);

        RecordedRequest request = server.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo(PATH);
        assertThat(request.query()).isEmpty();
        assertThat(request.headers().keySet())
                .containsExactlyInAnyOrder(
                        "host", "user-agent", "accept", "authorization", "content-type", "content-length");
        assertThat(request.header("content-length"))
                .isEqualTo(Integer.toString(request.body().getBytes(StandardCharsets.UTF_8).length));
        assertThat(request.header("content-type")).isEqualTo("application/json-rpc");
        assertThat(request.header("accept")).isEqualTo("application/json");
        assertThat(request.header("authorization"))
                .isEqualTo("Basic "
                        + Base64.getEncoder()
                                .encodeToString((USERNAME + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        JsonNode body = json.readTree(request.body());
        // Seed 001: {"method": "GetAsyncResult", "params": {"asyncHandle": 389}, "id": 1}
        assertThat(body.propertyNames()).containsExactly("method", "params", "id");
        assertThat(body.get("method").asString()).isEqualTo("GetAsyncResult");
        assertThat(body.get("params")).isEqualTo(json.readTree("{\"asyncHandle\": 389, \"keepResult\": true}"));
        assertThat(body.get("id").isIntegralNumber()).isTrue();
    }

    @Test
    void pollsWithGetAsyncResultKeepingTheResult() {
        assertThat(observed(pollIn(Scenario.RUNNING)).state()).isEqualTo(OperationState.RUNNING);

        List<RecordedRequest> requests = server.requests();
        assertThat(requests).hasSize(1);
        JsonNode call = json.readTree(requests.get(0).body());
        assertThat(call.get("method").asString()).isEqualTo("GetAsyncResult");
        assertThat(call.get("params")).isEqualTo(json.readTree("{\"asyncHandle\": 389, \"keepResult\": true}"));
        assertThat(call.get("id").isIntegralNumber()).isTrue();
        assertThat(requests.get(0).header("content-type")).isEqualTo("application/json-rpc");
    }

    @Test
    void runningAnswerCarriesTheSeedsTypeAndProgress() {
        var running = observed(pollIn(Scenario.RUNNING));

        assertThat(running.type()).isEqualTo("Clone");
        assertThat(running.progress().percent()).isEqualTo(37.0);
    }

    @Test
    void releaseDoesNothingByDefault() {
        server.script(request -> FakeResponse.empty(500));

        StepVerifier.create(adapter.release(PollRequest.of(HANDLE))).verifyComplete();

        assertThat(server.requests()).isEmpty();
    }

    @Test
    void releaseSendsKeepResultFalseOnceWhenReleaseHandlesIsTrue() {
        server.script(request -> getAsyncResultCall(request) == null
                ? FakeResponse.empty(401)
                : FakeResponse.json(200, SolidFireMapperTest.resource("task-success.json")));
        BackendAdapter releasing = adapterWith(Map.of("release-handles", "true"));

        StepVerifier.create(releasing.release(PollRequest.of(HANDLE))).verifyComplete();

        assertThat(server.requests()).hasSize(1);
        JsonNode call = json.readTree(server.requests().get(0).body());
        assertThat(call.get("method").asString()).isEqualTo("GetAsyncResult");
        assertThat(call.get("params")).isEqualTo(json.readTree("{\"asyncHandle\": 389, \"keepResult\": false}"));
    }

    @Test
    void pollKeepsTheResultEvenWhenReleaseHandlesIsTrue() {
        server.script(request -> respond(Scenario.SUCCEEDED, request));
        BackendAdapter releasing = adapterWith(Map.of("release-handles", "true"));

        assertThat(observed(poll(releasing)).state()).isEqualTo(OperationState.SUCCEEDED);

        JsonNode call = json.readTree(server.requests().get(0).body());
        assertThat(call.path("params").path("keepResult").asBoolean(false)).isTrue();
    }

    @Test
    void releaseFailuresAreSwallowed() {
        server.script(request -> FakeResponse.connectionReset());
        BackendAdapter releasing = adapterWith(Map.of("release-handles", "true"));

        StepVerifier.create(releasing.release(PollRequest.of(HANDLE)))
                .expectComplete()
                .verify(Duration.ofSeconds(5));

        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void retryAfterIsHonoured() {
        assertThat(pollAnswering(
                        FakeResponse.of(503, "text/html", "<html>busy</html>").withHeader("Retry-After", "30")))
                .isEqualTo(new PollOutcome.Throttled("HTTP 503", Duration.ofSeconds(30)));
        assertThat(pollAnswering(FakeResponse.empty(429).withHeader("Retry-After", "7")))
                .isEqualTo(new PollOutcome.Throttled("HTTP 429", Duration.ofSeconds(7)));
        assertThat(pollAnswering(FakeResponse.empty(503))).isEqualTo(new PollOutcome.Throttled("HTTP 503", null));
    }

    @Test
    void htmlErrorPagesAreFailuresWithAShortReason() {
        assertThat(pollAnswering(FakeResponse.of(502, "text/html", "<html><h1>502 Bad Gateway</h1></html>")))
                .isEqualTo(PollOutcome.Failed.of("HTTP 502"));
        assertThat(pollAnswering(FakeResponse.of(200, "text/html; charset=utf-8", "<html>Login</html>")))
                .isEqualTo(PollOutcome.Failed.of("not JSON (text/html)"));
        assertThat(pollAnswering(FakeResponse.json(200, "{\"id\": 1, \"result\": {\"status\": \"runn")))
                .isEqualTo(PollOutcome.Failed.of("not JSON (application/json)"));
    }

    @Test
    void timeoutIsReportedWithTheLimit() {
        server.script(request -> respond(Scenario.RUNNING, request).after(LATE));

        assertThat(poll(impatientAdapter())).isEqualTo(PollOutcome.Failed.of("timeout after 500ms"));
    }

    @Test
    void resetIsReportedAsAConnectionFailure() {
        server.script(request -> FakeResponse.connectionReset());

        PollOutcome outcome = poll(adapter);

        assertThat(outcome).isInstanceOf(PollOutcome.Failed.class);
        assertThat(((PollOutcome.Failed) outcome).reason()).isIn("connection reset", "connection closed prematurely");
    }

    @Test
    void wrongCredentialsAreAFailureNamingTheStatus() {
        server.script(request -> FakeResponse.of(401, "text/html", "<html>401 Unauthorized</html>"));

        assertThat(poll(adapter)).isEqualTo(PollOutcome.Failed.of("HTTP 401"));
    }

    @Test
    void methodErrorsAreReadWhateverTheHttpStatus() {
        assertThat(pollAnswering(
                        FakeResponse.json(500, SolidFireMapperTest.resource("method-error-no-such-path.json"))))
                .isInstanceOf(PollOutcome.NotFound.class);
        assertThat(pollAnswering(
                        FakeResponse.json(200, SolidFireMapperTest.resource("method-error-version-mismatch.json"))))
                .isEqualTo(PollOutcome.Failed.of("JSON-RPC error xDBVersionMismatch"));
    }

    @Test
    void cancelIsUnsupportedAndSendsNothing() {
        StepVerifier.create(adapter.cancel(PollRequest.of(HANDLE)))
                .assertNext(outcome -> assertThat(outcome).isInstanceOf(CancelOutcome.Unsupported.class))
                .verifyComplete();

        assertThat(server.requests()).isEmpty();
    }

    @Test
    void handlesAreNonNegativeIntegers() {
        assertThat(adapter.validateHandle("0")).isEmpty();
        assertThat(adapter.validateHandle("123456789012345678")).isEmpty();
        for (String bad : List.of("", "-1", "1.5", "abc", " 389", "389 ", "007", "1234567890123456789", "1e3")) {
            assertThat(adapter.validateHandle(bad)).as("'%s'", bad).isPresent();
        }
    }

    @Test
    void invalidHandlesNeverReachTheBackend() {
        server.script(request -> respond(Scenario.SUCCEEDED, request));
        BackendAdapter releasing = adapterWith(Map.of("release-handles", "true"));

        assertThat(adapter.poll(PollRequest.of("1; DROP")).block(REQUEST_TIMEOUT.multipliedBy(3)))
                .isEqualTo(PollOutcome.Failed.of("invalid asyncHandle"));
        StepVerifier.create(releasing.release(PollRequest.of("-1"))).verifyComplete();
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void toStringNamesTheBackendOnly() {
        assertThat(adapter.toString()).isEqualTo("SolidFireAdapter[kit-solidfire]");
    }
}
