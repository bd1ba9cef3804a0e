package io.opgate.gateway.security;

import static io.opgate.gateway.support.ScriptedAdapter.running;
import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.gateway.support.Api;
import io.opgate.gateway.support.ApiKeyGatewayTest;
import io.opgate.gateway.support.ScriptedAdapter;
import io.opgate.gateway.support.ScriptedAdapterFactory;
import io.opgate.gateway.support.TestKeys;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Mode api-key: who gets in, and what each role may do. */
@ApiKeyGatewayTest
class ApiKeyAuthenticationIntegrationTests {

    @Autowired
    WebTestClient http;

    Api api;

    @LocalServerPort
    int port;

    final ScriptedAdapter lab = ScriptedAdapterFactory.adapter("lab");

    record Call(HttpMethod method, String uri, String body) {}

    static final String SOME_ID = "abc123";

    static final List<Call> EVERY_V1_CALL = List.of(
            new Call(HttpMethod.GET, "/v1/operations", null),
            new Call(HttpMethod.POST, "/v1/operations", "{\"backend\":\"lab\",\"handle\":\"x\"}"),
            new Call(HttpMethod.GET, "/v1/operations/" + SOME_ID, null),
            new Call(HttpMethod.GET, "/v1/operations/" + SOME_ID + "?wait=5", null),
            new Call(HttpMethod.DELETE, "/v1/operations/" + SOME_ID, null),
            new Call(HttpMethod.POST, "/v1/operations/" + SOME_ID + "/cancel", null),
            new Call(HttpMethod.GET, "/v1/operations/" + SOME_ID + "/events", null),
            new Call(HttpMethod.GET, "/v1/events", null),
            new Call(HttpMethod.GET, "/v1/backends", null),
            new Call(HttpMethod.POST, "/v1/stream-tokens", "{\"path\":\"/v1/events\"}"),
            new Call(HttpMethod.GET, "/v1/no-such-route", null),
            new Call(HttpMethod.GET, "/actuator/env", null),
            new Call(HttpMethod.GET, "/actuator/info", null));

    @Autowired
    void api(WebTestClient http) {
        this.api = new Api(http);
    }

    @Test
    void everyCallWithoutCredentialsIsRefusedWith401AndAChallenge() {
        for (Call call : EVERY_V1_CALL) {
            Api.Answer answer = api.call(call.method(), call.uri(), (String) null, call.body());
            answer.problem(401);
            assertThat(answer.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE))
                    .as(call.toString())
                    .isEqualTo("Bearer");
            assertThat(answer.json().get("instance").asString())
                    .isEqualTo(call.uri().replaceAll("\\?.*", ""));
        }
    }

    @Test
    void wrongCredentialsAre401WhateverTheirShape() {
        List<Map<String, String>> wrong = List.of(
                Map.of(HttpHeaders.AUTHORIZATION, "Bearer not-a-known-key"),
                Map.of(HttpHeaders.AUTHORIZATION, "Bearer " + TestKeys.READER_A_SHA256),
                Map.of(HttpHeaders.AUTHORIZATION, "Bearer " + TestKeys.READER_A.toUpperCase()),
                Map.of(HttpHeaders.AUTHORIZATION, "Basic " + TestKeys.READER_A),
                Map.of(HttpHeaders.AUTHORIZATION, "Bearer"),
                Map.of(HttpHeaders.AUTHORIZATION, "Bearer " + "k".repeat(7_000)),
                Map.of(HttpHeaders.AUTHORIZATION, TestKeys.READER_A));
        for (Map<String, String> headers : wrong) {
            Api.Answer answer = api.call(HttpMethod.GET, "/v1/operations", headers, null);
            answer.problem(401);
            assertThat(answer.text()).doesNotContain(TestKeys.READER_A);
        }
        // The scheme is case-insensitive (RFC 9110); the key is not.
        assertThat(api.call(
                                HttpMethod.GET,
                                "/v1/operations",
                                Map.of(HttpHeaders.AUTHORIZATION, "bearer " + TestKeys.READER_A),
                                null)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aHeaderLargerThanTheServerReadsIsRefusedBeforeAnythingLooksAtIt() throws IOException {
        // Over a connection of its own: the server closes it after refusing, which a pooled client would reuse.
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("GET /v1/operations HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                                    + "k".repeat(20_000) + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String statusLine = new BufferedReader(
                            new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertThat(statusLine).startsWith("HTTP/1.1 431");
        }
    }

    @Test
    void healthProbesAndMetricsNeedNoKey() throws Exception {
        assertThat(api.get("/actuator/health", null).status()).isEqualTo(200);
        assertThat(api.get("/actuator/health/liveness", null).status()).isEqualTo(200);
        assertThat(api.get("/actuator/health/readiness", null).status()).isEqualTo(200);
        // A whole scrape is larger than the test client buffers, so it is read with the JDK's client.
        java.net.http.HttpResponse<String> metrics = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_");
    }

    @Test
    void environmentAndConfigurationEndpointsAreNotExposedEvenToAnAdmin() {
        for (String endpoint :
                List.of("/actuator/env", "/actuator/configprops", "/actuator/beans", "/actuator/loggers")) {
            assertThat(api.get(endpoint, TestKeys.ADMIN).status()).as(endpoint).isEqualTo(404);
            api.get(endpoint, TestKeys.WRITER_A).problem(403);
        }
    }

    @Test
    void theDashboardPageItselfIsOpen() {
        // The page holds no data (every call it makes needs credentials), so loading it needs none.
        assertThat(api.get("/", null).status()).isNotIn(401, 403);
    }

    @Test
    void readMayReadAndStreamButNotChangeAnything() {
        String handle = Api.unique("roles");
        lab.answer(handle, running(10));
        String id = api.registered(TestKeys.WRITER_A, "lab", handle, "{}");

        assertThat(api.get("/v1/operations/" + id, TestKeys.READER_A).status()).isEqualTo(200);
        assertThat(api.get("/v1/operations", TestKeys.READER_A).status()).isEqualTo(200);
        assertThat(api.get("/v1/backends", TestKeys.READER_A).status()).isEqualTo(200);
        assertThat(api.call(HttpMethod.POST, "/v1/stream-tokens", TestKeys.READER_A, "{\"path\":\"/v1/events\"}")
                        .status())
                .isEqualTo(200);
        assertThat(api.open("/v1/events", Api.bearer(TestKeys.READER_A))
                        .getStatus()
                        .value())
                .isEqualTo(200);

        lab.answer(Api.unique("x"), running(1));
        api.register(TestKeys.READER_A, "lab", Api.unique("never"), "{}").problem(403);
        api.call(HttpMethod.POST, "/v1/operations/" + id + "/cancel", TestKeys.READER_A, null)
                .problem(403);
        api.call(HttpMethod.DELETE, "/v1/operations/" + id, TestKeys.READER_A, null)
                .problem(403);
        assertThat(api.get("/v1/operations/" + id, TestKeys.READER_A).status())
                .as("still there")
                .isEqualTo(200);
    }

    @Test
    void writeAloneMayRegisterCancelAndDeleteButNotRead() {
        String handle = Api.unique("writeonly");
        lab.answer(handle, running(10));
        String id = api.registered(TestKeys.WRITE_ONLY_A, "lab", handle, "{}");

        api.get("/v1/operations/" + id, TestKeys.WRITE_ONLY_A).problem(403);
        api.get("/v1/operations", TestKeys.WRITE_ONLY_A).problem(403);
        api.get("/v1/backends", TestKeys.WRITE_ONLY_A).problem(403);
        api.get("/v1/events", TestKeys.WRITE_ONLY_A).problem(403);
        api.get("/v1/operations/" + id + "/events", TestKeys.WRITE_ONLY_A).problem(403);
        api.call(HttpMethod.POST, "/v1/stream-tokens", TestKeys.WRITE_ONLY_A, "{\"path\":\"/v1/events\"}")
                .problem(403);

        // Scripted backends cannot cancel: 501 shows the call got past the access rules.
        assertThat(api.call(HttpMethod.POST, "/v1/operations/" + id + "/cancel", TestKeys.WRITE_ONLY_A, null)
                        .status())
                .isEqualTo(501);
        assertThat(api.call(HttpMethod.DELETE, "/v1/operations/" + id, TestKeys.WRITE_ONLY_A, null)
                        .status())
                .isEqualTo(204);
        api.get("/v1/operations/" + id, TestKeys.WRITER_A).problem(404);
    }
}
