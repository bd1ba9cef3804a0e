package io.opgate.adapter.aliyunbpstudio;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.adapter.kit.AdapterCompatibilityKit;
import io.opgate.adapter.kit.FakeHttpServer;
import io.opgate.adapter.kit.RecordedRequest;
import io.opgate.contracts.spi.BackendConfig;
import io.opgate.contracts.spi.PollRequest;
import io.opgate.contracts.spi.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the adapter sends: the form body, ResourceGroupId's source, and a signature built from the injected nonce. */
class RequestTest {

    private final Clock clock = Clock.fixed(Instant.parse("2023-10-26T10:22:32Z"), ZoneOffset.UTC);
    private final FakeHttpServer server = FakeHttpServer.start()
            .script(r -> io.opgate.adapter.kit.FakeResponse.json(
                    200, BpstudioFakeBackend.answer("RUNNING", "\"\"", "\"\"")));

    @AfterEach
    void stop() {
        server.close();
    }

    private AliyunBpstudioAdapter adapter(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(extra);
        settings.put("base-url", server.baseUrl() + "/");
        settings.put("access-key-id", "YourAccessKeyId");
        settings.put("access-key-secret", "YourAccessKeySecret");
        return new AliyunBpstudioAdapter(
                AliyunBpstudioConfig.of(BackendConfig.of("bp", settings)),
                AdapterCompatibilityKit.context(clock, Duration.ofSeconds(2)),
                () -> "3156853299f313e23d1673dc12e1703d");
    }

    /**
     * Wire fidelity (seed 004, an RPC-style call as Alibaba's SDKs send it): {@code POST /}, no query, the form body
     * with the documented parameters, the ACS3 headers, and a {@code Content-Length}, never a chunked body.
     */
    @Test
    void requestIsTheDocumentedRpcCallFieldForField() {
        adapter(Map.of("resource-group-id", "testResourceId"))
                .poll(PollRequest.of("op_xxxxxxxxxxxxxxxxxxxxxx"))
                .block();

        RecordedRequest request = server.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/");
        assertThat(request.query()).isEmpty();
        assertThat(request.body()).isEqualTo("OperationId=op_xxxxxxxxxxxxxxxxxxxxxx&ResourceGroupId=testResourceId");
        assertThat(request.headers().keySet())
                .containsExactlyInAnyOrder(
                        "host",
                        "user-agent",
                        "accept",
                        "authorization",
                        "content-type",
                        "content-length",
                        "x-acs-action",
                        "x-acs-version",
                        "x-acs-date",
                        "x-acs-signature-nonce",
                        "x-acs-content-sha256");
        assertThat(request.header("content-length"))
                .isEqualTo(Integer.toString(request.body().getBytes(StandardCharsets.UTF_8).length));
        assertThat(request.header("content-type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(request.header("x-acs-action")).isEqualTo("GetExecuteOperationResult");
        assertThat(request.header("x-acs-version")).isEqualTo("2021-09-31");
        assertThat(request.header("host")).isEqualTo("127.0.0.1:" + server.port());
        assertThat(request.header("authorization")).startsWith("ACS3-HMAC-SHA256 Credential=YourAccessKeyId,");
    }

    @Test
    void signatureIsComputedFromTheInjectedNonceAndTheClock() {
        adapter(Map.of()).poll(PollRequest.of("op_1")).block();

        RecordedRequest request = server.requests().get(0);
        assertThat(request.header("x-acs-signature-nonce")).isEqualTo("3156853299f313e23d1673dc12e1703d");
        assertThat(request.header("x-acs-date")).isEqualTo("2023-10-26T10:22:32Z");
        assertThat(request.header("x-acs-content-sha256"))
                .isEqualTo(Acs3Signer.sha256Hex("OperationId=op_1".getBytes(StandardCharsets.UTF_8)));
        Map<String, String> signed = new LinkedHashMap<>();
        for (String name : BpstudioFakeBackend.SIGNED_HEADERS) {
            signed.put(name, request.header(name));
        }
        assertThat(request.header("authorization"))
                .isEqualTo(new Acs3Signer("YourAccessKeyId", Secret.of("YourAccessKeySecret"))
                        .authorization(
                                "POST", "/", Map.of(), signed, request.body().getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void resourceGroupIdComesFromParamsThenSettingsElseIsLeftOut() {
        AliyunBpstudioAdapter withDefault = adapter(Map.of("resource-group-id", "rg-default"));

        withDefault
                .poll(new PollRequest("op_1", Map.of("resourceGroupId", "rg-param")))
                .block();
        withDefault.poll(PollRequest.of("op_1")).block();
        adapter(Map.of()).poll(PollRequest.of("op 1/2")).block();

        assertThat(server.requests())
                .extracting(RecordedRequest::body)
                .containsExactly(
                        "OperationId=op_1&ResourceGroupId=rg-param",
                        "OperationId=op_1&ResourceGroupId=rg-default",
                        "OperationId=op%201%2F2");
    }

    @Test
    void handlesWithWhitespaceOrControlCharactersAreRefused() {
        AliyunBpstudioAdapter adapter = adapter(Map.of());

        assertThat(adapter.validateHandle("op_xxxxxxxx")).isEmpty();
        assertThat(adapter.validateHandle("")).isPresent();
        assertThat(adapter.validateHandle("op 1")).isPresent();
        assertThat(adapter.validateHandle("op\n1")).isPresent();
    }
}
