package io.opgate.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opgate.gateway.support.Api;
import io.opgate.gateway.support.CapturedLogs;
import io.opgate.simulator.Credentials;
import io.opgate.simulator.Script;
import io.opgate.simulator.Simulator;
import io.opgate.simulator.SimulatorOptions;
import io.opgate.simulator.Vendor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Runs the gateway at DEBUG against the simulated backends with known credentials, API keys and a stream-token key.
 * Each test drives one kind of request (including failing ones: wrong backend password, unknown keys, bad tokens) and
 * then looks for each secret in every log line captured since the gateway started and in every answer it got,
 * {@code /actuator/env} and {@code /actuator/configprops} included (exposed here on purpose, to an admin).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "logging.level.root=DEBUG",
            "management.endpoints.web.exposure.include=health,info,prometheus,env,configprops,loggers",
            "opgate.security.mode=api-key",
            "opgate.polling.initial-interval=200ms",
            "opgate.polling.max-interval=1s",
            "opgate.polling.watched-interval=200ms",
            "opgate.polling.timeout=2s"
        })
@AutoConfigureWebTestClient(timeout = "30s")
class SecretsNeverLeakIntegrationTests {

    static final String PASSWORD = "S3cret-sf-ontap-pw-91x";
    static final String WRONG_PASSWORD = "S3cret-wrong-pw-55v";
    static final String HUAWEI_TOKEN = "S3cret-huawei-static-tok-22y";
    static final String IAM_PASSWORD = "S3cret-iam-pw-33z";
    static final String ALIYUN_SECRET = "S3cret-aliyun-aks-44w";
    static final String ADMIN_KEY = "S3cret-apikey-admin-66u";
    static final String READER_KEY = "S3cret-apikey-reader-77t";
    static final String STREAM_TOKEN_KEY = "S3cret-stream-token-signing-key-88s-0123456789";

    static final Credentials CREDENTIALS = new Credentials(
            "admin",
            PASSWORD,
            HUAWEI_TOKEN,
            "sim-domain",
            "sim-user",
            IAM_PASSWORD,
            "cn-north-4",
            "LTAI5tSimulatorKeyId",
            ALIYUN_SECRET);
    static final Simulator SIMULATOR =
            Simulator.start(new SimulatorOptions(0, Clock.systemUTC(), CREDENTIALS, Duration.ofSeconds(300)));
    static final Trap TRAP = new Trap();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("opgate.security.api-keys[0].sha256", () -> ApiKeys.sha256Hex(ADMIN_KEY));
        registry.add("opgate.security.api-keys[0].tenant", () -> "ops");
        registry.add("opgate.security.api-keys[0].roles", () -> "read,write,admin");
        registry.add("opgate.security.api-keys[1].sha256", () -> ApiKeys.sha256Hex(READER_KEY));
        registry.add("opgate.security.api-keys[1].tenant", () -> "team-a");
        registry.add("opgate.security.api-keys[1].roles", () -> "read");
        registry.add("opgate.security.stream-token-keys[0]", () -> STREAM_TOKEN_KEY);
        Map<String, String> backends = Map.ofEntries(
                Map.entry("sf.type", "solidfire"),
                Map.entry("sf.base-url", SIMULATOR.solidFireUrl()),
                Map.entry("sf.username", "admin"),
                Map.entry("sf.password", PASSWORD),
                Map.entry("ontap.type", "ontap"),
                Map.entry("ontap.base-url", SIMULATOR.ontapUrl()),
                Map.entry("ontap.username", "admin"),
                Map.entry("ontap.password", PASSWORD),
                Map.entry("ontap-wrong.type", "ontap"),
                Map.entry("ontap-wrong.base-url", SIMULATOR.ontapUrl()),
                Map.entry("ontap-wrong.username", "admin"),
                Map.entry("ontap-wrong.password", WRONG_PASSWORD),
                Map.entry("hw.type", "huawei-cloudtest"),
                Map.entry("hw.base-url", SIMULATOR.huaweiUrl()),
                Map.entry("hw.iam.url", SIMULATOR.huaweiIamUrl()),
                Map.entry("hw.iam.domain", "sim-domain"),
                Map.entry("hw.iam.username", "sim-user"),
                Map.entry("hw.iam.password", IAM_PASSWORD),
                Map.entry("hw.iam.project", "cn-north-4"),
                // Lets the registration below try a path in projectUuid: it must reach no log line or answer.
                Map.entry("hw.allowed-params[0]", "projectUuid"),
                Map.entry("hw-static.type", "huawei-cloudtest"),
                Map.entry("hw-static.base-url", SIMULATOR.huaweiUrl()),
                Map.entry("hw-static.auth-token", HUAWEI_TOKEN),
                Map.entry("ali.type", "aliyun-bpstudio"),
                Map.entry("ali.base-url", SIMULATOR.aliyunUrl()),
                Map.entry("ali.access-key-id", "LTAI5tSimulatorKeyId"),
                Map.entry("ali.access-key-secret", ALIYUN_SECRET));
        backends.forEach((key, value) -> registry.add("opgate.backends." + key, () -> value));
    }

    static List<String> secrets() {
        List<String> secrets = new ArrayList<>(List.of(
                PASSWORD,
                WRONG_PASSWORD,
                HUAWEI_TOKEN,
                IAM_PASSWORD,
                ALIYUN_SECRET,
                ADMIN_KEY,
                READER_KEY,
                STREAM_TOKEN_KEY,
                basic(PASSWORD),
                basic(WRONG_PASSWORD)));
        return secrets;
    }

    static String basic(String password) {
        return Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
    }

    @BeforeAll
    static void captureFromTheStart() {
        CapturedLogs.capture();
    }

    @AfterAll
    static void stop() {
        CapturedLogs.stopCapturing();
        LoggingSystem.get(SecretsNeverLeakIntegrationTests.class.getClassLoader())
                .setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.INFO);
        SIMULATOR.close();
        TRAP.close();
    }

    Api api;
    final List<Api.Answer> answers = new CopyOnWriteArrayList<>();
    final List<String> streamed = new ArrayList<>();
    final List<String> issuedTokens = new ArrayList<>();

    @LocalServerPort
    int port;

    @Autowired
    void api(WebTestClient http) {
        this.api = new Api(http);
    }

    Api.Answer keep(Api.Answer answer) {
        answers.add(answer);
        return answer;
    }

    @Test
    void operationsOnEveryBackendLeakNoSecretEvenWhenAPasswordIsWrong() {
        Map<String, Vendor> backends = Map.of(
                "sf", Vendor.SOLIDFIRE,
                "ontap", Vendor.ONTAP,
                "ontap-wrong", Vendor.ONTAP,
                "hw", Vendor.HUAWEI_CLOUDTEST,
                "hw-static", Vendor.HUAWEI_CLOUDTEST,
                "ali", Vendor.ALIYUN_BPSTUDIO);
        Map<String, String> ids = new java.util.HashMap<>();
        backends.forEach((backend, vendor) -> ids.put(backend, register(backend, vendor)));
        for (String id : ids.values()) {
            keep(api.get("/v1/operations/" + id + "?wait=5&view=full", ADMIN_KEY));
        }
        keep(api.get("/v1/operations?pageSize=100", ADMIN_KEY));
        keep(api.get("/v1/backends", ADMIN_KEY));
        await("the wrong password failed a few polls, logged")
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> {
                    Api.Answer wrong =
                            keep(api.get("/v1/operations/" + ids.get("ontap-wrong") + "?view=full", ADMIN_KEY));
                    assertThat(wrong.json()
                                    .at("/backendStatus/consecutiveFailures")
                                    .asInt())
                            .isGreaterThanOrEqualTo(2);
                    assertThat(gatewayLogLines())
                            .as("the wrong password's failures were logged")
                            .anyMatch(line -> line.contains("ontap-wrong") || line.contains("401"));
                });

        assertNoSecretLeaked();
    }

    @Test
    void aUrlGivenInParamsIsNeverCalled() {
        String stolen = TRAP.url();
        List<Api.Answer> registered = List.of(
                keep(api.call(
                        HttpMethod.POST,
                        "/v1/operations",
                        ADMIN_KEY,
                        "{\"backend\":\"ontap\",\"handle\":\""
                                + SIMULATOR.create(
                                        Vendor.ONTAP,
                                        Script.builder()
                                                .running(Duration.ofMillis(300))
                                                .succeeds())
                                + "\",\"params\":{\"baseUrl\":\"" + stolen + "\",\"base-url\":\"" + stolen
                                + "\",\"url\":\"" + stolen + "\",\"projectUuid\":\"" + stolen + "\"}}")),
                keep(api.call(
                        HttpMethod.POST,
                        "/v1/operations",
                        ADMIN_KEY,
                        "{\"backend\":\"hw\",\"handle\":\""
                                + SIMULATOR.create(
                                        Vendor.HUAWEI_CLOUDTEST,
                                        Script.builder()
                                                .running(Duration.ofMillis(300))
                                                .succeeds())
                                + "\",\"params\":{\"projectUuid\":\"../../" + stolen + "\"}}")));
        // Whatever was accepted has been polled with its params at hand; the trap stays untouched while more follow.
        for (Api.Answer answer : registered) {
            if (answer.status() == 201) {
                String id = answer.json().get("id").asString();
                await(id + " polled").atMost(Duration.ofSeconds(10)).until(() -> {
                    JsonNode op =
                            keep(api.get("/v1/operations/" + id, ADMIN_KEY)).json();
                    return op.get("done").asBoolean()
                            || !op.get("observedAt").isNull()
                            || op.at("/backendStatus/consecutiveFailures").asInt() > 0;
                });
            }
        }
        await("a URL given in params is never called")
                .during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> TRAP.connections() == 0);
        assertNoSecretLeaked();
    }

    @Test
    void streamTokensAndEventsLeakNoSecret() {
        register("ontap-wrong", Vendor.ONTAP);
        String token = keep(api.call(HttpMethod.POST, "/v1/stream-tokens", READER_KEY, "{\"path\":\"/v1/events\"}"))
                .json()
                .get("token")
                .asString();
        String adminToken = keep(api.call(HttpMethod.POST, "/v1/stream-tokens", ADMIN_KEY, "{\"path\":\"/v1/events\"}"))
                .json()
                .get("token")
                .asString();
        issuedTokens.add(token);
        issuedTokens.add(adminToken);
        streamed.addAll(
                Api.eventsUntil(api.open("/v1/events?token=" + adminToken, Map.of()), e -> e.data() != null).stream()
                        .map(e -> e.data())
                        .toList());
        streamed.addAll(Api.eventsUntil(
                        api.open("/v1/events", Api.bearer(ADMIN_KEY)),
                        e -> e.data() != null && e.data().contains("ontap-wrong"))
                .stream()
                .map(e -> e.data())
                .toList());
        // Refusals of a token, each of which might be tempted to echo what it refused.
        keep(api.get("/v1/operations?token=" + token, READER_KEY));
        keep(api.get("/v1/events?token=" + token + "x", null));

        assertNoSecretLeaked();
    }

    @Test
    void refusedCredentialsAreNotEchoed() {
        keep(api.get("/v1/operations", ADMIN_KEY.substring(0, ADMIN_KEY.length() - 1)));
        keep(api.call(HttpMethod.GET, "/v1/operations", Map.of("Authorization", "Basic " + basic(PASSWORD)), null));
        keep(api.register(READER_KEY, "ontap", "h", "{}"));

        assertNoSecretLeaked();
    }

    @Test
    void theActuatorShowsNoSecretToAnAdmin() {
        for (String endpoint : List.of("/actuator/env", "/actuator/configprops", "/actuator/loggers")) {
            Api.Answer answer = keep(api.get(endpoint, ADMIN_KEY));
            assertThat(answer.status()).as(endpoint).isEqualTo(200);
        }
        for (String secret : List.of(PASSWORD, IAM_PASSWORD, ALIYUN_SECRET, HUAWEI_TOKEN, STREAM_TOKEN_KEY)) {
            keep(api.get("/actuator/env/" + envKeyHolding(secret), ADMIN_KEY));
        }

        assertNoSecretLeaked();
    }

    /** Registers a job on {@code backend} that runs 300 ms and succeeds; answers the operation's id. */
    String register(String backend, Vendor vendor) {
        String handle = SIMULATOR.create(
                vendor, Script.builder().running(Duration.ofMillis(300)).succeeds());
        Api.Answer registered = keep(api.register(ADMIN_KEY, backend, handle, "{\"case\":\"secrets\"}"));
        assertThat(registered.status()).as(backend + ": " + registered.text()).isIn(200, 201);
        return registered.json().get("id").asString();
    }

    /** The lines logged so far, but for this test's own HTTP client, which logs the URIs it calls, tokens included. */
    List<String> gatewayLogLines() {
        return CapturedLogs.lines().stream()
                .filter(line -> !(line.contains("reactor.netty.http.client") && line.contains("localhost:" + port)))
                .toList();
    }

    void assertNoSecretLeaked() {
        List<String> lines = gatewayLogLines();
        assertThat(lines).as("DEBUG lines were captured").hasSizeGreaterThan(100);
        Set<String> texts = new java.util.LinkedHashSet<>();
        answers.forEach(a -> {
            texts.add(a.text());
            texts.add(a.headers().toString());
        });
        texts.addAll(streamed);
        for (String issued : issuedTokens) {
            // A stream token lives a minute, but it is a credential all the same; answers carry it once, by design.
            assertThat(lines).as("log lines").noneMatch(line -> line.contains(issued));
        }
        for (String secret : secrets()) {
            assertThat(lines).as("log lines").noneMatch(line -> line.contains(secret));
            assertThat(texts).as("answers and events").noneMatch(text -> text.contains(secret));
        }
    }

    /** The name of the property whose value is {@code secret}, to ask {@code /actuator/env/{name}} for it. */
    static String envKeyHolding(String secret) {
        if (secret.equals(STREAM_TOKEN_KEY)) {
            return "opgate.security.stream-token-keys[0]";
        }
        if (secret.equals(HUAWEI_TOKEN)) {
            return "opgate.backends.hw-static.auth-token";
        }
        if (secret.equals(ALIYUN_SECRET)) {
            return "opgate.backends.ali.access-key-secret";
        }
        if (secret.equals(IAM_PASSWORD)) {
            return "opgate.backends.hw.iam.password";
        }
        return "opgate.backends.ontap.password";
    }

    /** A port that counts who connects to it and answers nothing. */
    static final class Trap implements AutoCloseable {
        private final ServerSocket socket;
        private final AtomicInteger connections = new AtomicInteger();

        Trap() {
            try {
                socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread accepting = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket ignored = socket.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            accepting.setDaemon(true);
            accepting.start();
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/steal";
        }

        int connections() {
            return connections.get();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing a listening socket that fails to close leaves nothing to clean up
            }
        }
    }
}
