package io.opgate.adapter.solidfire;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.adapter.kit.VendorPayloads;
import io.opgate.contracts.model.GatewayErrorCode;
import io.opgate.contracts.model.OperationState;
import io.opgate.contracts.model.Progress;
import io.opgate.contracts.spi.Observation;
import io.opgate.contracts.spi.PollOutcome;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

class SolidFireMapperTest {

    static final VendorPayloads PAYLOADS = VendorPayloads.in("solidfire");

    private final ObjectMapper json = JsonMapper.builder().build();
    private final SolidFireMapper mapper = new SolidFireMapper(json);

    static String resource(String name) {
        return PAYLOADS.text(name);
    }

    private JsonNode payload(String name) {
        return json.readTree(resource(name));
    }

    private Observation observe(JsonNode answer) {
        return VendorPayloads.observed(mapper.map(answer), answer);
    }

    @Test
    void runningIsRunningWithDetailsPercentAndCountersAsProgress() {
        Observation running = observe(payload("running-clone.json"));

        assertThat(running.state()).isEqualTo(OperationState.RUNNING);
        assertThat(running.type()).isEqualTo("Clone");
        assertThat(running.progress().percent()).isEqualTo(37.0);
        assertThat(running.progress().completed()).isEqualTo(12_884_901_888L);
        assertThat(running.progress().total()).isEqualTo(34_359_738_368L);
        assertThat(running.submittedAt()).isEqualTo(Instant.parse("2016-01-01T22:29:18Z"));
        assertThat(running.updatedAt()).isEqualTo(Instant.parse("2016-01-01T22:31:21Z"));
        assertThat(running.endedAt()).isNull();
        assertThat(running.result()).isNull();
        assertThat(running.error()).isNull();
    }

    @Test
    void runningWithCountersOnlyDerivesThePercentAndKeepsTheMessage() {
        Observation running = observe(
                json.readTree(
                        """
                {"id": 3, "result": {"status": "running", "resultType": "BulkVolume",
                  "details": {"completed": "3", "total": 4, "message": "Copying blocks"}}}
                """));

        assertThat(running.progress()).isEqualTo(Progress.of(75.0, 3L, 4L, "Copying blocks"));
    }

    @Test
    void runningWithPercentUnderAnotherNameIsRead() {
        Observation running = observe(
                json.readTree(
                        """
                {"id": 3, "result": {"status": "running", "details": {"percent": "12.5%"}}}
                """));

        assertThat(running.progress().percent()).isEqualTo(12.5);
    }

    @Test
    void runningWithoutDetailsHasNoProgress() {
        Observation running = observe(
                json.readTree(
                        """
                {"id": 3, "result": {"status": "running", "resultType": "Clone",
                  "createTime": "2016-01-01T22:29:18Z", "lastUpdateTime": "2016-01-01T22:29:18Z"}}
                """));

        assertThat(running.state()).isEqualTo(OperationState.RUNNING);
        assertThat(running.progress()).isEqualTo(Progress.NONE);
    }

    @Test
    void completeWithResultIsSucceededWithThatResult() {
        JsonNode answer = payload("task-success.json");

        Observation done = observe(answer);

        assertThat(done.state()).isEqualTo(OperationState.SUCCEEDED);
        assertThat(done.result()).isEqualTo(answer.get("result").get("result"));
        assertThat(done.result().get("cloneID").asInt()).isEqualTo(25);
        assertThat(done.error()).isNull();
        assertThat(done.type()).isEqualTo("Clone");
        assertThat(done.submittedAt()).isEqualTo(Instant.parse("2016-01-01T22:29:18Z"));
        assertThat(done.updatedAt()).isEqualTo(Instant.parse("2016-01-01T22:45:51Z"));
        assertThat(done.endedAt()).isEqualTo(Instant.parse("2016-01-01T22:45:51Z"));
        assertThat(done.startedAt()).isNull();
    }

    @Test
    void completeWithErrorIsFailedWithItsNameAsCodeAndTheWholeErrorAsDetails() {
        JsonNode answer = payload("task-error.json");

        Observation failed = observe(answer);

        assertThat(failed.state()).isEqualTo(OperationState.FAILED);
        assertThat(failed.error().code()).isEqualTo("xBulkVolumeScriptFailure");
        assertThat(failed.error().message()).isEqualTo("Bulk volume job failed");
        assertThat(failed.error().details()).isEqualTo(answer.get("result").get("error"));
        assertThat(failed.error().details().get("volumeID").asInt()).isEqualTo(34);
        assertThat(failed.result()).isNull();
        assertThat(failed.type()).isEqualTo("BulkVolume");
        assertThat(failed.submittedAt()).isEqualTo(Instant.parse("2016-01-01T02:05:53Z"));
        assertThat(failed.updatedAt()).isEqualTo(Instant.parse("2016-01-21T02:06:56Z"));
        assertThat(failed.endedAt()).isEqualTo(Instant.parse("2016-01-21T02:06:56Z"));
    }

    @Test
    void taskErrorWithOnlyNameAndMessageHasNoCodeOfItsOwn() {
        Observation failed = observe(
                json.readTree(
                        """
                {"id": 7, "result": {"status": "complete", "resultType": "Snapshot",
                  "createTime": "2024-05-02T10:00:00Z", "lastUpdateTime": "2024-05-02T10:00:04Z",
                  "error": {"name": "xSnapshotFailed", "message": "Unable to create snapshot"}}}
                """));

        assertThat(failed.state()).isEqualTo(OperationState.FAILED);
        assertThat(failed.error().code()).isEqualTo("xSnapshotFailed");
        assertThat(failed.error().message()).isEqualTo("Unable to create snapshot");
        assertThat(failed.error().details())
                .isEqualTo(
                        json.readTree("{\"name\": \"xSnapshotFailed\", \"message\": \"Unable to create snapshot\"}"));
    }

    @Test
    void taskErrorWithoutANameIsABackendError() {
        Observation failed = observe(
                json.readTree(
                        """
                {"id": 7, "result": {"status": "complete", "error": {"message": "Bulk volume job failed"}}}
                """));

        assertThat(failed.state()).isEqualTo(OperationState.FAILED);
        assertThat(failed.error().code()).isEqualTo(GatewayErrorCode.BACKEND_ERROR);
        assertThat(failed.error().message()).isEqualTo("Bulk volume job failed");
    }

    @Test
    void resultSentAsAJsonStringIsDecoded() {
        Observation done = observe(
                json.readTree(
                        """
                {"id": 1, "result": {"status": "complete", "result": "{\\"cloneID\\": 25}"}}
                """));

        assertThat(done.result()).isEqualTo(json.readTree("{\"cloneID\": 25}"));
    }

    @Test
    void noSuchPathIsNotFound() {
        JsonNode answer = payload("method-error-no-such-path.json");

        PollOutcome outcome = mapper.map(answer);

        assertThat(outcome).isInstanceOf(PollOutcome.NotFound.class);
        assertThat(((PollOutcome.NotFound) outcome).detail()).isEqualTo("xDBNoSuchPath");
        assertThat(((PollOutcome.NotFound) outcome).raw()).isEqualTo(answer);
    }

    /** Issue 16 item 1: a live cluster's answer for an unknown handle (solidfire-sdk-python, test_api_server_error). */
    @Test
    void asyncHandleDoesNotExistIsNotFound() {
        JsonNode answer = payload("method-error-async-handle-does-not-exist.json");

        PollOutcome outcome = mapper.map(answer);

        assertThat(outcome).isEqualTo(new PollOutcome.NotFound("xAsyncHandleDoesNotExist", answer));
    }

    @Test
    void otherMethodErrorsAreRetryableFailures() {
        assertThat(mapper.map(payload("method-error-version-mismatch.json")))
                .isEqualTo(PollOutcome.Failed.of("JSON-RPC error xDBVersionMismatch"));
        assertThat(
                        mapper.map(
                                json.readTree(
                                        """
                        {"error": {"code": 500, "name": "xDBOperationTimeout", "message": "timed out"}, "id": 2}
                        """)))
                .isEqualTo(PollOutcome.Failed.of("JSON-RPC error xDBOperationTimeout"));
    }

    @Test
    void answersWithoutTheExpectedStructureAreFailures() {
        for (String body : new String[] {
            "{}",
            "[]",
            "{\"id\": 1, \"result\": {}}",
            "{\"id\": 1, \"result\": \"complete\"}",
            "{\"id\": 1, \"result\": {\"status\": \"exploded\"}}",
            "{\"id\": 1, \"result\": {\"status\": {\"nested\": true}}}"
        }) {
            assertThat(mapper.map(json.readTree(body))).as(body).isInstanceOf(PollOutcome.Failed.class);
        }
    }

    @Test
    void timesAreReadAsUtc() {
        assertThat(SolidFireMapper.time("2016-01-01T02:05:53Z")).isEqualTo(Instant.parse("2016-01-01T02:05:53Z"));
        assertThat(SolidFireMapper.time("2016-01-01T02:05:53")).isEqualTo(Instant.parse("2016-01-01T02:05:53Z"));
        assertThat(SolidFireMapper.time("2016-01-01T03:05:53.250+01:00"))
                .isEqualTo(Instant.parse("2016-01-01T02:05:53.250Z"));
        assertThat(SolidFireMapper.time("2016-01-01T03:05:53+0100")).isEqualTo(Instant.parse("2016-01-01T02:05:53Z"));
        assertThat(SolidFireMapper.time("yesterday")).isNull();
    }
}
