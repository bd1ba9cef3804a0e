package io.opgate.adapter.huaweicloudtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.adapter.kit.AdapterCompatibilityKit;
import io.opgate.adapter.kit.FakeResponse;
import io.opgate.adapter.kit.LogCapture;
import io.opgate.adapter.kit.RecordedRequest;
import io.opgate.contracts.spi.BackendAdapterFactory;
import io.opgate.contracts.spi.PollOutcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The compatibility kit against CloudTest with a static {@code auth-token}. */
class HuaweiCloudTestStaticTokenAdapterTest extends AdapterCompatibilityKit {

    private final CloudTestFakeBackend backend = new CloudTestFakeBackend(clock);

    @BeforeEach
    void acceptStaticToken() {
        backend.accept(CloudTestFakeBackend.STATIC_TOKEN);
    }

    @Override
    protected BackendAdapterFactory factory() {
        return new HuaweiCloudTestAdapterFactory();
    }

    @Override
    protected Map<String, String> settings(String baseUrl) {
        return Map.of(
                "type",
                "huawei-cloudtest",
                "base-url",
                baseUrl,
                "auth-token",
                CloudTestFakeBackend.STATIC_TOKEN,
                "project-uuid",
                CloudTestFakeBackend.PROJECT_UUID);
    }

    @Override
    protected String handle() {
        return CloudTestFakeBackend.HANDLE;
    }

    @Override
    protected FakeResponse respond(Scenario scenario, RecordedRequest request) {
        return backend.respond(scenario, request);
    }

    @Test
    void rejectedStaticTokenIsAFailureWithoutRetry() {
        backend.revokeAll();

        PollOutcome outcome = pollIn(Scenario.RUNNING);

        assertThat(outcome).isInstanceOf(PollOutcome.Failed.class);
        assertThat(((PollOutcome.Failed) outcome).reason())
                .startsWith("token expired or rejected (APIGW.0301)")
                .doesNotContain(CloudTestFakeBackend.STATIC_TOKEN);
        assertThat(server.requests()).hasSize(1);
        assertThat(server.requests().get(0).header("X-Auth-Token")).isEqualTo(CloudTestFakeBackend.STATIC_TOKEN);
    }

    /**
     * Issue 16 item 6: CloudTest's API gateway answers an expired static token with 401 {@code APIG.0301}; the poll
     * fails with a status line that says so and what to do, and the adapter warns at start that this will happen.
     */
    @Test
    void expiredStaticTokenSaysSoAndTheAdapterWarnsAtStart() {
        List<String> logs;
        try (LogCapture capture = new LogCapture()) {
            adapter = newAdapter(server.baseUrl());
            logs = capture.lines();
        }
        assertThat(logs)
                .anySatisfy(line -> assertThat(line)
                        .contains("static auth-token expires 24 hours")
                        .contains("opgate.backends.kit-huawei-cloudtest.iam.url"))
                .noneSatisfy(line -> assertThat(line).contains(CloudTestFakeBackend.STATIC_TOKEN));

        server.script(
                request -> FakeResponse.json(
                        401,
                        "{\"error_code\":\"APIG.0301\",\"error_msg\":\"Incorrect IAM authentication information: token expires\"}"));
        PollOutcome outcome = poll(adapter);

        assertThat(outcome).isInstanceOf(PollOutcome.Failed.class);
        assertThat(((PollOutcome.Failed) outcome).reason())
                .isEqualTo("token expired or rejected (APIG.0301): a static auth-token cannot be renewed,"
                        + " configure iam.* instead");
    }

    @Test
    void projectUuidComesFromTheSettingWhenNotGivenPerOperation() {
        pollIn(Scenario.RUNNING);

        assertThat(server.requests().get(0).query()).isEqualTo("project_uuid=" + CloudTestFakeBackend.PROJECT_UUID);
    }
}
