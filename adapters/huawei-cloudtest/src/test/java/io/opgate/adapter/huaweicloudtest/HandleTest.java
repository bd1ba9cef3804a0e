package io.opgate.adapter.huaweicloudtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.adapter.kit.AdapterCompatibilityKit;
import io.opgate.adapter.kit.FakeHttpServer;
import io.opgate.adapter.kit.FakeResponse;
import io.opgate.contracts.spi.BackendAdapter;
import io.opgate.contracts.spi.BackendConfig;
import io.opgate.contracts.spi.PollRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which operation_uris are accepted, and how they and project_uuid go into the URL. */
class HandleTest {

    private static BackendAdapter adapter(String baseUrl, Map<String, String> extra) {
        Map<String, String> settings = new java.util.HashMap<>(extra);
        settings.put("base-url", baseUrl);
        settings.put("auth-token", CloudTestFakeBackend.STATIC_TOKEN);
        return new HuaweiCloudTestAdapterFactory()
                .create(
                        BackendConfig.of("ct", settings),
                        AdapterCompatibilityKit.context(Clock.systemUTC(), Duration.ofSeconds(2)));
    }

    private final BackendAdapter adapter = adapter("https://cloudtest.example", Map.of());

    @ParameterizedTest
    @ValueSource(strings = {"79d49383043f4f84818569b38b38dcf4", "op:batch-copy_1.2", "A.b"})
    void safeHandlesAreAccepted(String handle) {
        assertThat(adapter.validateHandle(handle)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "..", "a..b", ".", "a%2Fb", "a b", "a\tb", "a\u0000b", "a?b=c", "a#b", "中文"})
    void unsafeHandlesAreRefused(String handle) {
        assertThat(adapter.validateHandle(handle)).isPresent();
    }

    @Test
    void handleIsEncodedAndProjectUuidComesFromParamsFirst() {
        try (FakeHttpServer server = FakeHttpServer.start()) {
            server.script(r -> FakeResponse.json(200, CloudTestFakeBackend.RUNNING));
            BackendAdapter withDefault = adapter(server.baseUrl(), Map.of("project-uuid", "defaultProject"));
            BackendAdapter withoutDefault = adapter(server.baseUrl(), Map.of());

            withDefault
                    .poll(new PollRequest("op:1", Map.of("projectUuid", "fromParams")))
                    .block();
            withDefault.poll(PollRequest.of("op:1")).block();
            withoutDefault.poll(PollRequest.of("op:1")).block();

            assertThat(server.requests())
                    .extracting(r -> r.uri())
                    .containsExactly(
                            "/GT3KServer/v4/progress/op%3A1?project_uuid=fromParams",
                            "/GT3KServer/v4/progress/op%3A1?project_uuid=defaultProject",
                            "/GT3KServer/v4/progress/op%3A1");
        }
    }

    @Test
    void retryAfterIsPassedOn() {
        try (FakeHttpServer server = FakeHttpServer.start()) {
            server.script(r -> FakeResponse.json(429, "{\"error_code\":\"APIGW.0308\",\"error_msg\":\"throttled\"}")
                    .withHeader("Retry-After", "7"));

            var outcome = adapter(server.baseUrl(), Map.of())
                    .poll(PollRequest.of("op1"))
                    .block();

            assertThat(outcome)
                    .isEqualTo(new io.opgate.contracts.spi.PollOutcome.Throttled(
                            "HTTP 429 APIGW.0308", Duration.ofSeconds(7)));
        }
    }
}
