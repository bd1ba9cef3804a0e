package io.opgate.adapter.huaweicloudtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.contracts.model.GatewayErrorCode;
import io.opgate.contracts.model.OperationState;
import io.opgate.contracts.model.Progress;
import io.opgate.contracts.spi.Observation;
import io.opgate.contracts.spi.PollOutcome;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ProgressMapperTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final ProgressMapper utc = new ProgressMapper(ZoneOffset.UTC, json);

    private PollOutcome map(ProgressMapper mapper, String body) {
        return mapper.map(json.readTree(body));
    }

    private Observation observe(String body) {
        return observe(utc, body);
    }

    private Observation observe(ProgressMapper mapper, String body) {
        PollOutcome outcome = map(mapper, body);
        assertThat(outcome).isInstanceOf(PollOutcome.Observed.class);
        return ((PollOutcome.Observed) outcome).observation();
    }

    /** The seed's example, with the fields renamed in place for a variation. */
    private static String seed(String... replacements) {
        String body = CloudTestFakeBackend.SEED_SUCCEEDED;
        for (int i = 0; i < replacements.length; i += 2) {
            assertThat(body).contains(replacements[i]);
            body = body.replace(replacements[i], replacements[i + 1]);
        }
        return body;
    }

    @Test
    void seedExampleIsSucceededWithItsFields() {
        Observation o = observe(CloudTestFakeBackend.SEED_SUCCEEDED);

        assertThat(o.state()).isEqualTo(OperationState.SUCCEEDED);
        assertThat(o.type()).isEqualTo("BatchCopyMindmap");
        assertThat(o.progress()).isEqualTo(Progress.of(100d, 1L, 1L, null));
        assertThat(o.result()).isNull();
        assertThat(o.error()).isNull();
        assertThat(o.submittedAt()).isEqualTo(Instant.parse("2025-01-13T07:56:56Z"));
        assertThat(o.startedAt()).isEqualTo(Instant.parse("2025-01-13T07:56:56Z"));
        assertThat(o.endedAt()).isEqualTo(Instant.parse("2025-01-13T07:56:56Z"));
    }

    @Test
    void lastModifiedTimeIsTheAuthorityForUpdatedAt() {
        Observation o = observe(CloudTestFakeBackend.SEED_SUCCEEDED);

        // end_time says 07:56:56 (read as UTC); last_modified_time says 06:56:56.756Z and wins.
        assertThat(o.updatedAt()).isEqualTo(Instant.parse("2025-01-13T06:56:56.756Z"));
        assertThat(observe(seed("\"last_modified_time\" : 1736751416756,", "")).updatedAt())
                .isNull();
    }

    @Test
    void wallClockStringsAreReadInTheConfiguredTimeZone() {
        ProgressMapper berlin = new ProgressMapper(ZoneId.of("Europe/Berlin"), json);
        ProgressMapper shanghai = new ProgressMapper(ZoneId.of("Asia/Shanghai"), json);

        Observation o = observe(berlin, CloudTestFakeBackend.SEED_SUCCEEDED);
        // Read in CET the seed's wall-clock times agree with its last_modified_time.
        assertThat(o.submittedAt()).isEqualTo(Instant.parse("2025-01-13T06:56:56Z"));
        assertThat(o.startedAt()).isEqualTo(Instant.parse("2025-01-13T06:56:56Z"));
        assertThat(o.endedAt()).isEqualTo(Instant.parse("2025-01-13T06:56:56Z"));
        assertThat(o.updatedAt()).isEqualTo(Instant.parse("2025-01-13T06:56:56.756Z"));
        assertThat(observe(shanghai, CloudTestFakeBackend.SEED_SUCCEEDED).startedAt())
                .isEqualTo(Instant.parse("2025-01-12T23:56:56Z"));
    }

    @Test
    void unreadableWallClockStringsAreLeftOut() {
        Observation o = observe(seed(
                "\"submitted_time\" : \"2025-01-13 07:56:56\"", "\"submitted_time\" : \"yesterday\"",
                "\"end_time\" : \"2025-01-13 07:56:56\"", "\"end_time\" : \"\""));

        assertThat(o.submittedAt()).isNull();
        assertThat(o.endedAt()).isNull();
        assertThat(o.startedAt()).isEqualTo(Instant.parse("2025-01-13T07:56:56Z"));
    }

    @Test
    void wrappedShapeIsReadLikeTheFlatOne() {
        String wrapped = "{\"status\":\"success\",\"result\":{\"value\":" + CloudTestFakeBackend.SEED_SUCCEEDED
                + "},\"error\":{\"code\":null,\"reason\":null},\"request_id\":\"4b1d0f5c8a\"}";

        PollOutcome outcome = map(utc, wrapped);

        assertThat(((PollOutcome.Observed) outcome).observation())
                .isEqualTo(observe(CloudTestFakeBackend.SEED_SUCCEEDED));
        assertThat(((PollOutcome.Observed) outcome).raw().path("request_id").asString())
                .isEqualTo("4b1d0f5c8a");
    }

    @Test
    void wrappedErrorIsAFailedPoll() {
        PollOutcome outcome = map(
                utc,
                "{\"status\":\"failed\",\"result\":null,\"error\":{\"code\":\"CLOUDTEST.00000001\","
                        + "\"reason\":\"Internal error\"},\"request_id\":\"4b1d0f5c8a\"}");

        assertThat(outcome).isInstanceOf(PollOutcome.Failed.class);
        assertThat(((PollOutcome.Failed) outcome).reason()).contains("CLOUDTEST.00000001");
    }

    /**
     * Issue 16 item 7: the wrapped answer's outer {@code status} ({@code success|error} on the wire, {@code ok|failed}
     * inside CloudTest): an error answer without {@code result.value} is a failed poll with the backend's message, even
     * when it carries no code, where it used to be read as "no progress fields" and retried without a word.
     */
    @Test
    void wrappedErrorStatusWithoutResultValueIsAFailedPollWithTheBackendsMessage() {
        PollOutcome withCode = map(
                utc,
                "{\"status\":\"error\",\"result\":{},\"error\":{\"code\":\"CLOUDTEST.00000500\","
                        + "\"reason\":\"Progress service unavailable\"},\"request_id\":\"4b1d0f5c8a\"}");
        assertThat(withCode)
                .isEqualTo(PollOutcome.Failed.of(
                        "CloudTest answered status error: CLOUDTEST.00000500 Progress service unavailable"));

        PollOutcome messageOnly = map(utc, "{\"status\":\"error\",\"error\":{\"message\":\"operation expired\"}}");
        assertThat(messageOnly)
                .isEqualTo(PollOutcome.Failed.of("CloudTest answered status error: (no code) operation expired"));

        PollOutcome bare = map(utc, "{\"status\":\"failed\",\"result\":null,\"request_id\":\"4b1d0f5c8a\"}");
        assertThat(bare).isEqualTo(PollOutcome.Failed.of("CloudTest answered status failed: no error code or message"));
    }

    @Test
    void wrappedErrorStatusWithAResultValueIsStillRead() {
        PollOutcome outcome =
                map(utc, "{\"status\":\"error\",\"result\":{\"value\":" + CloudTestFakeBackend.SEED_SUCCEEDED + "}}");

        assertThat(outcome).isInstanceOf(PollOutcome.Observed.class);
    }

    @Test
    void errorCodeAndMessageAnswerIsAFailedPoll() {
        PollOutcome outcome = map(utc, "{\"error_code\":\"CLOUDTEST.00000002\",\"error_msg\":\"Invalid parameter\"}");

        assertThat(outcome).isInstanceOf(PollOutcome.Failed.class);
        assertThat(((PollOutcome.Failed) outcome).reason()).contains("CLOUDTEST.00000002");
    }

    @Test
    void answersWithoutProgressFieldsAreFailedPolls() {
        assertThat(map(utc, "{}")).isInstanceOf(PollOutcome.Failed.class);
        assertThat(map(utc, "[]")).isInstanceOf(PollOutcome.Failed.class);
        assertThat(map(utc, "{\"status\":\"success\",\"result\":{\"value\":null}}"))
                .isInstanceOf(PollOutcome.Failed.class);
    }

    @Test
    void cancelledIsCancelledEvenWhenCompleted() {
        Observation o = observe(seed("\"completed\" : true,", "\"completed\" : true, \"cancelled\" : true,"));

        assertThat(o.state()).isEqualTo(OperationState.CANCELLED);
        assertThat(o.error()).isNull();
        assertThat(o.result()).isNull();
    }

    @Test
    void completedWithCodeAndReasonIsFailed() {
        Observation o = observe(CloudTestFakeBackend.FAILED);

        assertThat(o.state()).isEqualTo(OperationState.FAILED);
        assertThat(o.error().code()).isEqualTo("CLOUDTEST.04010011");
        assertThat(o.error().message()).isEqualTo("The mind map does not exist.");
        assertThat(o.error().details().path("code").asString()).isEqualTo("CLOUDTEST.04010011");
        assertThat(o.progress().message()).isEqualTo("copy started");
    }

    @Test
    void isEndedWithReasonOnlyIsFailedWithGatewayCode() {
        Observation o = observe(seed(
                "\"completed\" : true,", "\"completed\" : false, \"is_ended\" : true,",
                "\"reason\" : null", "\"reason\" : \"quota exceeded\""));

        assertThat(o.state()).isEqualTo(OperationState.FAILED);
        assertThat(o.error().code()).isEqualTo(GatewayErrorCode.BACKEND_ERROR);
        assertThat(o.error().message()).isEqualTo("quota exceeded");
    }

    @Test
    void exceptionMessageIsTheMessageWhenThereIsNoReason() {
        Observation o = observe(seed(
                "\"code\" : null,",
                "\"code\" : 500, \"exception_message\" : \"java.lang.IllegalStateException: boom\","));

        assertThat(o.state()).isEqualTo(OperationState.FAILED);
        assertThat(o.error().code()).isEqualTo("500");
        assertThat(o.error().message()).isEqualTo("java.lang.IllegalStateException: boom");
    }

    @Test
    void blankCodeAndReasonStillSucceed() {
        Observation o = observe(seed("\"code\" : null,", "\"code\" : \"\", \"exception_message\" : \" \","));

        assertThat(o.state()).isEqualTo(OperationState.SUCCEEDED);
    }

    @Test
    void isEndedAloneSucceedsWithReturnValue() {
        Observation o = observe(seed(
                "\"completed\" : true,",
                "\"completed\" : false, \"is_ended\" : true, \"return_value\" : {\"copied\" : [\"m-1\"]},"));

        assertThat(o.state()).isEqualTo(OperationState.SUCCEEDED);
        assertThat(o.result()).isEqualTo(json.readTree("{\"copied\":[\"m-1\"]}"));
    }

    @Test
    void returnValueHoldingJsonInAStringIsDecoded() {
        Observation o =
                observe(seed("\"completed\" : true,", "\"completed\" : true, \"return_value\" : \"{\\\"id\\\":7}\","));

        assertThat(o.result()).isEqualTo(json.readTree("{\"id\":7}"));
    }

    @Test
    void returnValueThatIsPlainTextStaysText() {
        Observation text = observe(seed("\"completed\" : true,", "\"completed\" : true, \"return_value\" : \"done\","));
        Observation number =
                observe(seed("\"completed\" : true,", "\"completed\" : true, \"return_value\" : \"0123\","));

        assertThat(text.result().asString()).isEqualTo("done");
        assertThat(number.result().isString()).isTrue();
        assertThat(number.result().asString()).isEqualTo("0123");
    }

    @Test
    void runningWhenStartedAndNotLinedUp() {
        Observation o = observe(CloudTestFakeBackend.RUNNING);

        assertThat(o.state()).isEqualTo(OperationState.RUNNING);
        assertThat(o.progress()).isEqualTo(Progress.of(50d, 2L, 4L, "copying 2/4"));
        assertThat(o.endedAt()).isNull();
        assertThat(o.updatedAt()).isEqualTo(Instant.ofEpochMilli(1736751418000L));
    }

    @Test
    void queuedWhileLinedUp() {
        Observation o = observe(CloudTestFakeBackend.RUNNING.replace("\"line_up_num\" : 0", "\"line_up_num\" : 3"));

        assertThat(o.state()).isEqualTo(OperationState.QUEUED);
    }

    @Test
    void queuedWithoutBeginTime() {
        Observation missing =
                observe(CloudTestFakeBackend.RUNNING.replace("\"begin_time\" : \"2025-01-13 07:56:57\",", ""));
        Observation empty = observe(CloudTestFakeBackend.RUNNING.replace(
                "\"begin_time\" : \"2025-01-13 07:56:57\"", "\"begin_time\" : null"));

        assertThat(missing.state()).isEqualTo(OperationState.QUEUED);
        assertThat(missing.startedAt()).isNull();
        assertThat(empty.state()).isEqualTo(OperationState.QUEUED);
    }

    @Test
    void progressMessageIsTheLastInformation() {
        Observation o = observe(CloudTestFakeBackend.RUNNING.replace(
                "[ \"copying 1/4\", \"copying 2/4\" ]", "[ \"copying 1/4\", \"copying 2/4\", \"copying 3/4\" ]"));

        assertThat(o.progress().message()).isEqualTo("copying 3/4");
    }

    @Test
    void rawPayloadIsKept() {
        JsonNode body = json.readTree(CloudTestFakeBackend.RUNNING);

        assertThat(((PollOutcome.Observed) utc.map(body)).raw()).isSameAs(body);
    }
}
