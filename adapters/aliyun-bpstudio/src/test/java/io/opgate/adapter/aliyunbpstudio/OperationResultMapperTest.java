package io.opgate.adapter.aliyunbpstudio;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.contracts.model.GatewayErrorCode;
import io.opgate.contracts.model.OperationState;
import io.opgate.contracts.model.Progress;
import io.opgate.contracts.spi.Observation;
import io.opgate.contracts.spi.PollOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class OperationResultMapperTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final OperationResultMapper mapper = new OperationResultMapper(json);

    private PollOutcome map(String body) {
        return mapper.map(json.readTree(body));
    }

    private Observation observe(String body) {
        PollOutcome outcome = map(body);
        assertThat(outcome).isInstanceOf(PollOutcome.Observed.class);
        return ((PollOutcome.Observed) outcome).observation();
    }

    /** The seed's example with its placeholder Status replaced by a real one. */
    private static String seedWithStatus(String status) {
        return BpstudioFakeBackend.resource("seed-response.json")
                .replace("初始化:INIT;运行中:RUNNING; 成功:SUCCESS;失败:FAILURE;\\n", status);
    }

    @ParameterizedTest
    @CsvSource({"INIT, QUEUED", "RUNNING, RUNNING", "SUCCESS, SUCCEEDED", "FAILURE, FAILED"})
    void everyStatusHasItsState(String status, OperationState state) {
        Observation o = observe(seedWithStatus(status));

        assertThat(o.state()).isEqualTo(state);
        assertThat(o.type()).isNull();
        assertThat(o.progress()).isEqualTo(Progress.NONE);
        assertThat(o.submittedAt()).isNull();
        assertThat(o.updatedAt()).isNull();
    }

    @Test
    void seedExampleWithItsPlaceholderStatusIsNotAState() {
        PollOutcome outcome = map(BpstudioFakeBackend.resource("seed-response.json"));

        assertThat(outcome).isEqualTo(PollOutcome.Failed.of("unknown Data.Status"));
    }

    @Test
    void successResultIsTheDecodedMessageAndArguments() {
        Observation o = observe(seedWithStatus("SUCCESS"));

        JsonNode message = o.result().path("message");
        assertThat(message.isArray()).isTrue();
        assertThat(message.path(0).path("vServerGroupId").asString()).isEqualTo("rsp-xxxx");
        assertThat(message.path(0).path("bandwidth").asInt()).isEqualTo(-1);
        assertThat(o.result().path("arguments"))
                .isEqualTo(json.readTree("{\"tagMap\":{\"cadt\":[\"12xxxxxxx\",\"34xxxxxxx\"]}}"));
        assertThat(o.error()).isNull();
    }

    @Test
    void failureHasTheGatewayCodeTheMessageAsTextAndBothDecodedAsDetails() {
        Observation o = observe(BpstudioFakeBackend.resource("failure.json"));

        assertThat(o.state()).isEqualTo(OperationState.FAILED);
        assertThat(o.error().code()).isEqualTo(GatewayErrorCode.BACKEND_ERROR);
        assertThat(o.error().message())
                .isEqualTo("{\"code\":\"Forbidden.RAM\",\"message\":\"User not authorized to operate on the"
                        + " specified resource.\",\"resourceName\":\"slb_listener\"}");
        assertThat(o.error().details().path("message").path("code").asString()).isEqualTo("Forbidden.RAM");
        assertThat(o.error()
                        .details()
                        .path("arguments")
                        .path("tagMap")
                        .path("cadt")
                        .path(0)
                        .asString())
                .isEqualTo("12xxxxxxx");
        assertThat(o.result()).isNull();
    }

    @Test
    void stringsThatAreNotJsonAreKept() {
        Observation failed = observe(
                BpstudioFakeBackend.answer("FAILURE", "\"Resource creation timed out: slb-xxxx\"", "\"{not json\""));
        Observation succeeded = observe(BpstudioFakeBackend.answer("SUCCESS", "\"OK\"", "\"12345\""));

        assertThat(failed.error().message()).isEqualTo("Resource creation timed out: slb-xxxx");
        assertThat(failed.error().details().path("message").asString())
                .isEqualTo("Resource creation timed out: slb-xxxx");
        assertThat(failed.error().details().path("arguments").asString()).isEqualTo("{not json");
        assertThat(succeeded.result().path("message").asString()).isEqualTo("OK");
        assertThat(succeeded.result().path("arguments").isString()).isTrue();
        assertThat(succeeded.result().path("arguments").asString()).isEqualTo("12345");
    }

    @Test
    void jsonEncodedStringsAreUnwrapped() {
        Observation o = observe(BpstudioFakeBackend.answer("SUCCESS", "\"\\\" \\\"\"", "\"\\\"[1,2]\\\"\""));

        assertThat(o.result().path("message").asString()).isEqualTo(" ");
        assertThat(o.result().path("arguments")).isEqualTo(json.readTree("[1,2]"));
    }

    @Test
    void missingMessageAndArgumentsAreNull() {
        Observation o = observe(
                "{\"RequestId\":\"r\",\"Data\":{\"OperationId\":\"op_1\",\"Status\":\"FAILURE\"},\"Code\":200}");

        assertThat(o.error().message()).isNull();
        assertThat(o.error().details().path("message").isNull()).isTrue();
    }

    @Test
    void codeMayBeANumberOrAString() {
        Observation number = observe(seedWithStatus("RUNNING"));
        Observation string = observe(seedWithStatus("RUNNING").replace("\"Code\": 200", "\"Code\": \"200\""));

        assertThat(string).isEqualTo(number);
    }

    @Test
    void answerWithoutDataIsNotFound() {
        String body = "{\"RequestId\":\"5E2B9F0A-1C3D\",\"Code\":200,\"Message\":\"\"}";

        PollOutcome outcome = map(body);

        assertThat(outcome).isInstanceOf(PollOutcome.NotFound.class);
        assertThat(((PollOutcome.NotFound) outcome).raw()).isEqualTo(json.readTree(body));
        assertThat(map("{\"RequestId\":\"r\",\"Code\":\"200\",\"Data\":null}"))
                .isInstanceOf(PollOutcome.NotFound.class);
    }

    @Test
    void anyOtherCodeIsAFailedPoll() {
        assertThat(map(BpstudioFakeBackend.error("SignatureDoesNotMatch", "server string to sign is: ...")))
                .isEqualTo(PollOutcome.Failed.of("BPStudio answered Code SignatureDoesNotMatch"));
        assertThat(map(seedWithStatus("SUCCESS").replace("\"Code\": 200", "\"Code\": 500")))
                .isEqualTo(PollOutcome.Failed.of("BPStudio answered Code 500"));
    }

    @Test
    void answersWithoutStructureAreFailedPolls() {
        assertThat(map("{}")).isInstanceOf(PollOutcome.Failed.class);
        assertThat(map("[]")).isInstanceOf(PollOutcome.Failed.class);
        assertThat(map("{\"Code\":200,\"Data\":\"op_1\"}")).isInstanceOf(PollOutcome.Failed.class);
        assertThat(map("{\"Code\":200,\"Data\":{\"OperationId\":\"op_1\"}}")).isInstanceOf(PollOutcome.Failed.class);
    }
}
