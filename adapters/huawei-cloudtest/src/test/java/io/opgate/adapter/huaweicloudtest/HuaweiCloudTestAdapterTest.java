package io.opgate.adapter.huaweicloudtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.adapter.kit.AdapterCompatibilityKit;
import io.opgate.adapter.kit.FakeResponse;
import io.opgate.adapter.kit.RecordedRequest;
import io.opgate.contracts.model.OperationState;
import io.opgate.contracts.spi.BackendAdapterFactory;
import io.opgate.contracts.spi.PollOutcome;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The compatibility kit against CloudTest with tokens from IAM. */
class HuaweiCloudTestAdapterTest extends AdapterCompatibilityKit {

    private final CloudTestFakeBackend backend = new CloudTestFakeBackend(clock);

    @Override
    protected BackendAdapterFactory factory() {
        return new HuaweiCloudTestAdapterFactory();
    }

    @Override
    protected Map<String, String> settings(String baseUrl) {
        return CloudTestFakeBackend.iamSettings(baseUrl);
    }

    @Override
    protected String handle() {
        return CloudTestFakeBackend.HANDLE;
    }

    @Override
    protected Map<String, String> params() {
        return Map.of("projectUuid", CloudTestFakeBackend.PROJECT_UUID);
    }

    @Override
    protected FakeResponse respond(Scenario scenario, RecordedRequest request) {
        return backend.respond(scenario, request);
    }

    @Override
    protected boolean isAuxiliary(RecordedRequest request) {
        return CloudTestFakeBackend.isTokenRequest(request);
    }

    @Override
    protected Set<String> secrets(Map<String, String> settings) {
        Set<String> secrets = new java.util.LinkedHashSet<>(super.secrets(settings));
        secrets.add(CloudTestFakeBackend.ISSUED_TOKEN_PREFIX);
        return secrets;
    }

    @Test
    void pollsWithTheIssuedTokenAndTheProjectUuid() {
        PollOutcome outcome = pollIn(Scenario.RUNNING);

        assertThat(observed(outcome).state()).isEqualTo(OperationState.RUNNING);
        assertThat(server.requests()).hasSize(2);
        RecordedRequest token = server.requests().get(0);
        assertThat(token.method()).isEqualTo("POST");
        assertThat(token.path()).isEqualTo("/v3/auth/tokens");
        assertThat(token.header("content-type")).startsWith("application/json");
        RecordedRequest poll = server.requests().get(1);
        assertThat(poll.uri())
                .isEqualTo("/GT3KServer/v4/progress/" + CloudTestFakeBackend.HANDLE + "?project_uuid="
                        + CloudTestFakeBackend.PROJECT_UUID);
        assertThat(poll.header("X-Auth-Token")).isEqualTo(CloudTestFakeBackend.ISSUED_TOKEN_PREFIX + "1");
    }

    @Test
    void wrongCredentialsGiveAFailureThatNamesNoSecret() {
        server.script(request -> FakeResponse.json(
                401, "{\"error\":{\"code\":401,\"message\":\"The username or password is wrong.\"}}"));

        PollOutcome outcome = poll(adapter);

        assertThat(outcome).isInstanceOf(PollOutcome.Failed.class);
        assertThat(((PollOutcome.Failed) outcome).reason())
                .contains("IAM answered HTTP 401")
                .doesNotContain(CloudTestFakeBackend.PASSWORD);
        assertThat(server.requests()).hasSize(1);
    }
}
