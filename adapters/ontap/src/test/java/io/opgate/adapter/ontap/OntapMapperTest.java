package io.opgate.adapter.ontap;

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

class OntapMapperTest {

    static final VendorPayloads PAYLOADS = VendorPayloads.in("ontap");

    private final ObjectMapper json = JsonMapper.builder().build();
    private final OntapMapper mapper = new OntapMapper(json);

    static String resource(String name) {
        return PAYLOADS.text(name);
    }

    private JsonNode payload(String name) {
        return json.readTree(resource(name));
    }

    private Observation observe(JsonNode job) {
        return VendorPayloads.observed(mapper.map(job), job);
    }

    @Test
    void runningJobIsRunningWithItsMessageAsProgress() {
        Observation running = observe(payload("job-running.json"));

        assertThat(running.state()).isEqualTo(OperationState.RUNNING);
        assertThat(running.type()).isEqualTo("PATCH /api/storage/volumes/9a3d6f2e-1b8c-11ee-8a7c-005056bb4d12");
        assertThat(running.progress())
                .isEqualTo(Progress.of(null, null, null, "Resizing volume \"vol_data01\" in SVM \"svm1\"."));
        assertThat(running.startedAt()).isEqualTo(Instant.parse("2024-03-05T13:02:11Z"));
        assertThat(running.endedAt()).isNull();
        assertThat(running.result()).isNull();
        assertThat(running.error()).isNull();
    }

    @Test
    void queuedJobIsQueued() {
        Observation queued = observe(payload("job-queued.json"));

        assertThat(queued.state()).isEqualTo(OperationState.QUEUED);
        assertThat(queued.progress().message()).isEqualTo("Queued");
        assertThat(queued.startedAt()).isNull();
    }

    @Test
    void pausedJobIsPausedAndNotTerminal() {
        Observation paused = observe(payload("job-paused.json"));

        assertThat(paused.state()).isEqualTo(OperationState.PAUSED);
        assertThat(paused.state().isTerminal()).isFalse();
        assertThat(paused.type()).isEqualTo("Volume Move");
        assertThat(paused.progress().message()).isEqualTo("Volume move paused by administrator.");
    }

    @Test
    void successfulJobIsSucceededWithItsMessageAndCodeAsResult() {
        Observation done = observe(payload("job-success.json"));

        assertThat(done.state()).isEqualTo(OperationState.SUCCEEDED);
        assertThat(done.result()).isEqualTo(json.readTree("{\"message\": \"success\", \"code\": 0}"));
        assertThat(done.error()).isNull();
        assertThat(done.progress()).isEqualTo(Progress.NONE);
        assertThat(done.startedAt()).isEqualTo(Instant.parse("2024-03-05T13:02:11Z"));
        assertThat(done.endedAt()).isEqualTo(Instant.parse("2024-03-05T13:02:19Z"));
        assertThat(done.updatedAt()).isEqualTo(Instant.parse("2024-03-05T13:02:19Z"));
    }

    @Test
    void metroClusterFailureUsesTheStringCodeOfTheErrorObjectAndUtcTimes() {
        JsonNode job = payload("job-failure-metrocluster.json");

        Observation failed = observe(job);

        assertThat(failed.state()).isEqualTo(OperationState.FAILED);
        assertThat(failed.type()).isEqualTo("POST /api/cluster/metrocluster");
        assertThat(failed.error().code()).isEqualTo("2432853");
        assertThat(failed.error().message()).isEqualTo(job.get("message").asString());
        assertThat(failed.error().details()).isEqualTo(job.get("error"));
        assertThat(failed.error().details().get("arguments").isArray()).isTrue();
        assertThat(failed.startedAt()).isEqualTo(Instant.parse("2019-01-14T17:21:53Z"));
        assertThat(failed.endedAt()).isEqualTo(Instant.parse("2019-01-14T17:41:07Z"));
        assertThat(failed.updatedAt()).isEqualTo(Instant.parse("2019-01-14T17:41:07Z"));
        assertThat(failed.result()).isNull();
        assertThat(failed.progress()).isEqualTo(Progress.NONE);
    }

    @Test
    void errorObjectCodeWinsOverTheIntegerCode() {
        Observation failed = observe(
                json.readTree(
                        """
                {"uuid": "e8f4ac5a-1813-11e9-a2c6-005056bb4b3c", "state": "failure", "code": 1,
                 "error": {"code": "2432853", "message": "not enough disks"}}
                """));

        assertThat(failed.error().code()).isEqualTo("2432853");
        assertThat(failed.error().message()).isEqualTo("not enough disks");
    }

    @Test
    void errorArgumentsGivenAsAnObjectAreKeptAsGiven() {
        JsonNode job = json.readTree(
                """
                {"uuid": "e8f4ac5a-1813-11e9-a2c6-005056bb4b3c", "state": "failure", "code": 655446,
                 "message": "Volume \\"vol1\\" is offline.",
                 "error": {"code": "655446", "message": "Volume is offline.",
                           "arguments": {"volume": "vol1", "svm": "svm1"}}}
                """);

        Observation failed = observe(job);

        assertThat(failed.error().details().get("arguments"))
                .isEqualTo(json.readTree("{\"volume\": \"vol1\", \"svm\": \"svm1\"}"));
        assertThat(failed.error().message()).isEqualTo("Volume \"vol1\" is offline.");
    }

    @Test
    void integerCodeFailureBecomesAStringCode() {
        Observation failed = observe(payload("job-failure-integer-code.json"));

        assertThat(failed.state()).isEqualTo(OperationState.FAILED);
        assertThat(failed.error().code()).isEqualTo("917536");
        assertThat(failed.error().message()).startsWith("Failed to create volume \"vol_data02\"");
        assertThat(failed.error().details()).isNull();
        assertThat(failed.startedAt()).isEqualTo(Instant.parse("2021-01-22T04:45:02Z"));
        assertThat(failed.endedAt()).isEqualTo(Instant.parse("2021-01-22T04:45:03Z"));
    }

    @Test
    void failureWithCodeZeroAndNoMessageIsStillFailedAsABackendError() {
        Observation failed = observe(payload("job-failure-code-zero.json"));

        assertThat(failed.state()).isEqualTo(OperationState.FAILED);
        assertThat(failed.error().code()).isEqualTo(GatewayErrorCode.BACKEND_ERROR);
        assertThat(failed.error().message()).isNull();
        assertThat(failed.type()).isEqualTo("Snapmirror Initialize");
    }

    @Test
    void failureWithErrorCodeZeroFallsBackToTheIntegerCode() {
        Observation failed = observe(
                json.readTree(
                        """
                {"state": "failure", "code": 917536, "error": {"code": "0", "message": "Insufficient space"}}
                """));

        assertThat(failed.error().code()).isEqualTo("917536");
        assertThat(failed.error().message()).isEqualTo("Insufficient space");
    }

    @Test
    void answersThatAreNotJobsAreFailures() {
        for (String body : new String[] {
            "{}",
            "[]",
            "\"running\"",
            "{\"state\": \"exploded\"}",
            "{\"state\": null}",
            "{\"records\": []}",
            "{\"error\": {\"message\": \"not authorized\", \"code\": \"6\"}}"
        }) {
            assertThat(mapper.map(json.readTree(body))).as(body).isInstanceOf(PollOutcome.Failed.class);
        }
    }

    @Test
    void offsetsAreConvertedToUtc() {
        assertThat(OntapMapper.time("2019-01-14T09:21:53-08:00")).isEqualTo(Instant.parse("2019-01-14T17:21:53Z"));
        assertThat(OntapMapper.time("2019-01-14T09:21:53-0800")).isEqualTo(Instant.parse("2019-01-14T17:21:53Z"));
        assertThat(OntapMapper.time("2019-01-14T17:21:53Z")).isEqualTo(Instant.parse("2019-01-14T17:21:53Z"));
        assertThat(OntapMapper.time("not a time")).isNull();
    }
}
