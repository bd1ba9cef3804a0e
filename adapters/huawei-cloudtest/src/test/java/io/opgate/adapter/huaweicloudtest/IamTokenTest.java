package io.opgate.adapter.huaweicloudtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.adapter.kit.AdapterCompatibilityKit;
import io.opgate.adapter.kit.AdapterCompatibilityKit.Scenario;
import io.opgate.adapter.kit.FakeHttpServer;
import io.opgate.adapter.kit.RecordedRequest;
import io.opgate.contracts.model.OperationState;
import io.opgate.contracts.spi.AdapterContext;
import io.opgate.contracts.spi.BackendAdapter;
import io.opgate.contracts.spi.BackendConfig;
import io.opgate.contracts.spi.BackendTransport;
import io.opgate.contracts.spi.PollOutcome;
import io.opgate.contracts.spi.PollRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** How the adapter gets, caches, shares and renews IAM tokens. */
class IamTokenTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-13T06:56:56.756Z"));
    private final CloudTestFakeBackend backend = new CloudTestFakeBackend(clock);
    private final PollRequest request =
            new PollRequest(CloudTestFakeBackend.HANDLE, Map.of("projectUuid", CloudTestFakeBackend.PROJECT_UUID));
    private FakeHttpServer server;
    private BackendAdapter adapter;

    @BeforeEach
    void start() {
        server = FakeHttpServer.start();
        server.script(r -> backend.respond(Scenario.RUNNING, r));
        adapter = adapter(AdapterCompatibilityKit.context(clock, Duration.ofSeconds(2)));
    }

    private BackendAdapter adapter(AdapterContext context) {
        BackendConfig config = BackendConfig.of("cloudtest", CloudTestFakeBackend.iamSettings(server.baseUrl()));
        return new HuaweiCloudTestAdapterFactory().create(config, context);
    }

    /**
     * Issue 16 item 2: Huawei's IAM tokens are ~9,100 characters in {@code X-Subject-Token} and CloudTest takes up to
     * 100,000; the backend client's header limit (128 KiB) reads both, where Reactor Netty's default 8 KiB fails the
     * token fetch and with it every poll.
     */
    @Test
    void tokensAsLongAsHuaweisAreReadAndSentBack() {
        for (int length : new int[] {9_100, 100_000}) {
            backend.tokenLength(length);
            backend.revokeAll();

            assertThat(poll()).as("token of %s characters", length).isInstanceOf(PollOutcome.Observed.class);
            RecordedRequest last = progressRequests().get(progressRequests().size() - 1);
            assertThat(last.header("X-Auth-Token")).hasSize(length);
        }

        backend.revokeAll();
        server.clearRequests();
        // A transport that cannot read them fails as Reactor Netty's default 8 KiB did (ReactorNettyTransportTest).
        BackendTransport tooSmall = sent -> Mono.error(new BackendTransport.Failure("answer headers too large"));
        PollOutcome plain = adapter(new AdapterContext(tooSmall, clock, Duration.ofSeconds(2)))
                .poll(request)
                .block(Duration.ofSeconds(10));
        assertThat(plain).isEqualTo(PollOutcome.Failed.of("IAM token request failed: answer headers too large"));
    }

    /**
     * Issue 16 item 4 and wire fidelity: IAM's password authentication ({@code POST /v3/auth/tokens}) as Huawei's
     * IAM reference shows it, field for field, sent whole with {@code Content-Length}; then the progress query of
     * seed 003 ({@code GET /GT3KServer/v4/progress/{operation_uri}?project_uuid=...} with {@code X-Auth-Token}).
     */
    @Test
    void requestsAreTheDocumentedOnesFieldForField() {
        assertThat(poll()).isInstanceOf(PollOutcome.Observed.class);

        RecordedRequest token = tokenRequests().get(0);
        assertThat(token.method()).isEqualTo("POST");
        assertThat(token.query()).isEmpty();
        assertThat(token.headers().keySet())
                .containsExactlyInAnyOrder("host", "user-agent", "accept", "content-type", "content-length");
        assertThat(token.header("content-length"))
                .isEqualTo(Integer.toString(token.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
        assertThat(token.header("content-type")).isEqualTo("application/json;charset=utf8");
        assertThat(JsonMapper.builder().build().readTree(token.body()))
                .isEqualTo(
                        JsonMapper.builder()
                                .build()
                                .readTree(
                                        """
                                {"auth": {
                                   "identity": {"methods": ["password"],
                                                "password": {"user": {"name": "kit-user", "password": "Kit-IAM-Pa55word!",
                                                                      "domain": {"name": "kit-domain"}}}},
                                   "scope": {"project": {"name": "cn-north-4"}}}}
                                """));

        RecordedRequest progress = progressRequests().get(0);
        assertThat(progress.method()).isEqualTo("GET");
        assertThat(progress.path()).isEqualTo("/GT3KServer/v4/progress/" + CloudTestFakeBackend.HANDLE);
        assertThat(progress.query()).isEqualTo("project_uuid=" + CloudTestFakeBackend.PROJECT_UUID);
        assertThat(progress.body()).isEmpty();
        assertThat(progress.headers().keySet())
                .containsExactlyInAnyOrder("host", "user-agent", "accept", "x-auth-token");
        assertThat(progress.header("X-Auth-Token")).startsWith(CloudTestFakeBackend.ISSUED_TOKEN_PREFIX);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private PollOutcome poll() {
        return adapter.poll(request).block(Duration.ofSeconds(10));
    }

    private List<RecordedRequest> tokenRequests() {
        return server.requests().stream()
                .filter(CloudTestFakeBackend::isTokenRequest)
                .toList();
    }

    private List<RecordedRequest> progressRequests() {
        return server.requests().stream()
                .filter(r -> !CloudTestFakeBackend.isTokenRequest(r))
                .toList();
    }

    @Test
    void oneTokenServesManyPolls() {
        for (int i = 0; i < 5; i++) {
            assertThat(poll()).isInstanceOf(PollOutcome.Observed.class);
            clock.advance(Duration.ofHours(1));
        }

        assertThat(tokenRequests()).hasSize(1);
        assertThat(progressRequests()).hasSize(5);
    }

    @Test
    void tokenIsRenewedFiveMinutesBeforeItExpires() {
        backend.tokenLifetime(Duration.ofHours(1));
        poll();

        clock.advance(Duration.ofMinutes(54));
        poll();
        assertThat(tokenRequests()).hasSize(1);

        clock.advance(Duration.ofMinutes(2));
        poll();
        assertThat(tokenRequests()).hasSize(2);
        assertThat(progressRequests().get(2).header("X-Auth-Token"))
                .isEqualTo(CloudTestFakeBackend.ISSUED_TOKEN_PREFIX + "2");
    }

    @Test
    void shortLivedTokenIsRenewedAtNinetyPercentOfItsLifetime() {
        backend.tokenLifetime(Duration.ofMinutes(10));
        poll();

        clock.advance(Duration.ofSeconds(8 * 60 + 59));
        poll();
        assertThat(tokenRequests()).hasSize(1);

        clock.advance(Duration.ofSeconds(2));
        poll();
        assertThat(tokenRequests()).hasSize(2);
    }

    @Test
    void rejectedTokenIsRenewedAndThePollRetriedOnce() {
        poll();
        backend.revokeAll();

        PollOutcome outcome = poll();

        assertThat(outcome).isInstanceOf(PollOutcome.Observed.class);
        assertThat(((PollOutcome.Observed) outcome).observation().state()).isEqualTo(OperationState.RUNNING);
        assertThat(tokenRequests()).hasSize(2);
        assertThat(progressRequests())
                .extracting(r -> r.header("X-Auth-Token"))
                .containsExactly(
                        CloudTestFakeBackend.ISSUED_TOKEN_PREFIX + "1",
                        CloudTestFakeBackend.ISSUED_TOKEN_PREFIX + "1",
                        CloudTestFakeBackend.ISSUED_TOKEN_PREFIX + "2");
    }

    @Test
    void aSecondRejectionIsAFailureWithoutFurtherRetries() {
        server.script(r -> CloudTestFakeBackend.isTokenRequest(r)
                ? backend.issueToken(r)
                : io.opgate.adapter.kit.FakeResponse.json(
                        401, "{\"error_code\":\"APIGW.0307\",\"error_msg\":\"The token must be updated.\"}"));

        PollOutcome outcome = poll();

        assertThat(outcome).isInstanceOf(PollOutcome.Failed.class);
        assertThat(((PollOutcome.Failed) outcome).reason()).isEqualTo("token expired or rejected (APIGW.0307)");
        assertThat(tokenRequests()).hasSize(2);
        assertThat(progressRequests()).hasSize(2);
    }

    @Test
    void concurrentPollsShareOneTokenRequest() {
        backend.tokenDelay(Duration.ofMillis(300));

        List<PollOutcome> outcomes = Flux.range(0, 20)
                .flatMap(i -> adapter.poll(request), 20)
                .collectList()
                .block(Duration.ofSeconds(20));

        assertThat(outcomes).hasSize(20).allMatch(o -> o instanceof PollOutcome.Observed);
        assertThat(tokenRequests()).hasSize(1);
        assertThat(progressRequests()).hasSize(20);
    }

    @Test
    void concurrentPollsRejectedWithTheSameTokenShareOneRenewal() {
        poll();
        backend.revokeAll();
        backend.tokenDelay(Duration.ofMillis(300));

        List<PollOutcome> outcomes = Flux.range(0, 10)
                .flatMap(i -> adapter.poll(request), 10)
                .collectList()
                .block(Duration.ofSeconds(20));

        assertThat(outcomes).hasSize(10).allMatch(o -> o instanceof PollOutcome.Observed);
        assertThat(tokenRequests()).hasSize(2);
    }

    @Test
    void aFailedTokenRequestIsNotCached() {
        server.script(r -> io.opgate.adapter.kit.FakeResponse.json(503, "{}"));
        PollOutcome failed = poll();
        server.script(r -> backend.respond(Scenario.RUNNING, r));

        PollOutcome recovered = poll();

        assertThat(failed).isInstanceOf(PollOutcome.Failed.class);
        assertThat(((PollOutcome.Failed) failed).reason()).isEqualTo("IAM answered HTTP 503");
        assertThat(recovered).isInstanceOf(PollOutcome.Observed.class);
        assertThat(tokenRequests()).hasSize(2);
    }

    @Test
    void tokenRequestCarriesTheKeystonePasswordAuthBody() {
        poll();

        var body = JsonMapper.builder().build().readTree(tokenRequests().get(0).body());
        assertThat(body.path("auth").path("identity").path("methods").toString())
                .isEqualTo("[\"password\"]");
        assertThat(body.at("/auth/identity/password/user/name").asString()).isEqualTo(CloudTestFakeBackend.USERNAME);
        assertThat(body.at("/auth/identity/password/user/domain/name").asString())
                .isEqualTo(CloudTestFakeBackend.DOMAIN);
        assertThat(body.at("/auth/scope/project/name").asString()).isEqualTo(CloudTestFakeBackend.PROJECT);
    }

    @Test
    void neitherTokenNorPasswordIsLogged() {
        ch.qos.logback.classic.Logger root =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
                new ch.qos.logback.core.read.ListAppender<>();
        ch.qos.logback.classic.Level level = root.getLevel();
        logs.start();
        root.addAppender(logs);
        root.setLevel(ch.qos.logback.classic.Level.TRACE);
        try {
            poll();
            backend.revokeAll();
            poll();
            server.script(r -> io.opgate.adapter.kit.FakeResponse.json(401, "{}"));
            clock.advance(Duration.ofDays(2));
            poll();
        } finally {
            root.detachAppender(logs);
            root.setLevel(level);
        }

        assertThat(logs.list).isNotEmpty();
        assertThat(logs.list).allSatisfy(event -> assertThat(event.getFormattedMessage())
                .doesNotContain(CloudTestFakeBackend.PASSWORD)
                .doesNotContain(CloudTestFakeBackend.ISSUED_TOKEN_PREFIX));
    }
}
