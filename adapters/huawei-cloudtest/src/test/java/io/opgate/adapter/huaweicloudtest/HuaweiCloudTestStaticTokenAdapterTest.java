package io.opgate.adapter.huaweicloudtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.adapter.kit.AdapterCompatibilityKit;
import io.opgate.adapter.kit.FakeResponse;
import io.opgate.adapter.kit.RecordedRequest;
import io.opgate.contracts.spi.BackendAdapterFactory;
import io.opgate.contracts.spi.PollOutcome;
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
                .startsWith("HTTP 401")
                .doesNotContain(CloudTestFakeBackend.STATIC_TOKEN);
        assertThat(server.requests()).hasSize(1);
        assertThat(server.requests().get(0).header("X-Auth-Token")).isEqualTo(CloudTestFakeBackend.STATIC_TOKEN);
    }

    @Test
    void projectUuidComesFromTheSettingWhenNotGivenPerOperation() {
        pollIn(Scenario.RUNNING);

        assertThat(server.requests().get(0).query()).isEqualTo("project_uuid=" + CloudTestFakeBackend.PROJECT_UUID);
    }
}
