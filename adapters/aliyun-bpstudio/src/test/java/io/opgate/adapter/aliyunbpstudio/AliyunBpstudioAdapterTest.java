package io.opgate.adapter.aliyunbpstudio;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.adapter.kit.AdapterCompatibilityKit;
import io.opgate.adapter.kit.FakeResponse;
import io.opgate.adapter.kit.RecordedRequest;
import io.opgate.contracts.model.OperationState;
import io.opgate.contracts.spi.BackendAdapter;
import io.opgate.contracts.spi.BackendAdapterFactory;
import io.opgate.contracts.spi.PollOutcome;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The compatibility kit against a BPStudio that verifies every signature. */
class AliyunBpstudioAdapterTest extends AdapterCompatibilityKit {

    private final BpstudioFakeBackend backend = new BpstudioFakeBackend(clock);

    @Override
    protected BackendAdapterFactory factory() {
        return new AliyunBpstudioAdapterFactory();
    }

    @Override
    protected Map<String, String> settings(String baseUrl) {
        return Map.of(
                "type",
                "aliyun-bpstudio",
                "base-url",
                baseUrl,
                "access-key-id",
                BpstudioFakeBackend.ACCESS_KEY_ID,
                "access-key-secret",
                BpstudioFakeBackend.ACCESS_KEY_SECRET);
    }

    @Override
    protected String handle() {
        return BpstudioFakeBackend.OPERATION_ID;
    }

    @Override
    protected Map<String, String> params() {
        return Map.of("resourceGroupId", BpstudioFakeBackend.RESOURCE_GROUP_ID);
    }

    @Override
    protected FakeResponse respond(Scenario scenario, RecordedRequest request) {
        return backend.respond(scenario, request);
    }

    @Test
    void requestIsASignedRpcCall() {
        assertThat(observed(pollIn(Scenario.RUNNING)).state()).isEqualTo(OperationState.RUNNING);

        RecordedRequest request = server.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.uri()).isEqualTo("/");
        assertThat(request.header("x-acs-action")).isEqualTo("GetExecuteOperationResult");
        assertThat(request.header("x-acs-version")).isEqualTo("2021-09-31");
        assertThat(request.header("x-acs-date")).isEqualTo("2025-01-13T06:56:56Z");
        assertThat(request.header("x-acs-signature-nonce")).matches("[0-9a-f]{32}");
        assertThat(request.header("content-type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(request.header("host")).isEqualTo("127.0.0.1:" + server.port());
        assertThat(request.body()).isEqualTo("OperationId=op_3f2a9c1e8b7d4a60b1e2&ResourceGroupId=rg-acfmzkitgroup01");
        assertThat(request.header("authorization"))
                .startsWith("ACS3-HMAC-SHA256 Credential=LTAI5tKitAccessKeyId0001,SignedHeaders=content-type;host;"
                        + "x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,"
                        + "Signature=");
    }

    @Test
    void everyRequestHasItsOwnNonce() {
        pollIn(Scenario.RUNNING);
        pollIn(Scenario.RUNNING);

        assertThat(server.requests().get(0).header("x-acs-signature-nonce"))
                .isNotEqualTo(server.requests().get(1).header("x-acs-signature-nonce"));
    }

    @Test
    void wrongSecretIsRefusedAndReportedWithoutEchoingAnything() {
        Map<String, String> settings = new java.util.HashMap<>(settings(server.baseUrl()));
        settings.put("access-key-secret", "NotTheRightSecret000000000000000");
        BackendAdapter wrong = new AliyunBpstudioAdapterFactory()
                .create(io.opgate.contracts.spi.BackendConfig.of("bp", settings), context(clock, REQUEST_TIMEOUT));
        server.script(request -> backend.respond(Scenario.SUCCEEDED, request));

        PollOutcome outcome = poll(wrong);

        assertThat(outcome).isEqualTo(PollOutcome.Failed.of("HTTP 403 SignatureDoesNotMatch"));
    }

    @Test
    void throttlingPassesRetryAfterOn() {
        server.script(request -> FakeResponse.json(
                        429,
                        BpstudioFakeBackend.error("Throttling.User", "Request was denied due to user flow control."))
                .withHeader("Retry-After", "3"));

        assertThat(poll(adapter))
                .isEqualTo(new PollOutcome.Throttled("HTTP 429 Throttling.User", java.time.Duration.ofSeconds(3)));
    }

    /**
     * Issue 16 item 3: Alibaba throttles with HTTP 400 and {@code Code} {@code Throttling}, {@code Throttling.User} or
     * {@code Throttling.Api} (its common error codes), without {@code Retry-After}: throttled, for the engine's backoff.
     */
    @Test
    void http400WithAThrottlingCodeIsThrottled() {
        for (String code : java.util.List.of("Throttling", "Throttling.User", "Throttling.Api")) {
            server.script(request -> FakeResponse.json(
                    400, BpstudioFakeBackend.error(code, "Request was denied due to request throttling.")));

            assertThat(poll(adapter)).as(code).isEqualTo(PollOutcome.Throttled.of("HTTP 400 " + code));
        }
        server.script(request -> FakeResponse.json(
                400, BpstudioFakeBackend.error("InvalidParameter", "The specified parameter is invalid.")));
        assertThat(poll(adapter)).isEqualTo(PollOutcome.Failed.of("HTTP 400 InvalidParameter"));
    }

    @Test
    void succeededCarriesTheDecodedMessageAndArguments() {
        var result = observed(pollIn(Scenario.SUCCEEDED)).result();

        assertThat(result.path("message").path(0).path("vServerGroupId").asString())
                .isEqualTo("rsp-xxxx");
        assertThat(result.path("arguments").path("tagMap").path("cadt").size()).isEqualTo(2);
    }
}
