package io.opgate.adapter.kit;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.adapter.support.ReactorNettyTransport;
import io.opgate.contracts.model.OperationState;
import io.opgate.contracts.spi.AdapterCapabilities;
import io.opgate.contracts.spi.AdapterContext;
import io.opgate.contracts.spi.BackendAdapter;
import io.opgate.contracts.spi.BackendAdapterFactory;
import io.opgate.contracts.spi.BackendConfig;
import io.opgate.contracts.spi.BackendRequest;
import io.opgate.contracts.spi.CancelOutcome;
import io.opgate.contracts.spi.Observation;
import io.opgate.contracts.spi.PollOutcome;
import io.opgate.contracts.spi.PollRequest;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

/**
 * The behaviour every backend adapter shares. An adapter's test extends this class, scripts the vendor's real
 * answers for each {@link Scenario} in {@link #respond}, and inherits every test here.
 *
 * <p>The rules: a running answer is not terminal; success and failure are terminal and a repeated terminal answer
 * gives the same observation; a failure's code is a non-blank string; "not found" is reported as such; 5xx, garbage,
 * HTML error pages, timeouts, resets and refused connections are retryable failures, never a state; no credential
 * appears in an outcome, an exception or a log line; "not found" needs the backend's own signature, so a 404 with an
 * HTML or empty body is an outage; throttling (HTTP 429, 503, or the vendor's code) is an outcome of its own; and the
 * answer's {@code Retry-After} travels on whatever outcome it becomes.
 */
public abstract class AdapterCompatibilityKit {

    /**
     * How long the kit's adapter lets one backend request take: the gateway's default ({@code opgate.polling.timeout}).
     * The tests using it check what an answer maps to, not how fast it comes, and on a loaded machine a loopback
     * exchange on an event loop that has not connected before (resolver, pipeline and classes made on first use) can
     * take well over half a second.
     */
    protected static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** The timeout of {@link #impatientAdapter()}, for the tests of what a backend answering too late gives. */
    protected static final Duration SHORT_TIMEOUT = Duration.ofMillis(500);

    /**
     * How late a backend answers in those tests: far beyond {@link #SHORT_TIMEOUT} (and beyond any scheduling delay),
     * so that only the adapter giving up ends the wait early.
     */
    public static final Duration LATE = Duration.ofSeconds(10);

    /** What the scripted backend answers. */
    public enum Scenario {
        /** The operation is under way. */
        RUNNING,
        /** The operation ended successfully. */
        SUCCEEDED,
        /** The operation ended with a failure. */
        FAILED,
        /** The backend does not know the handle. */
        NOT_FOUND,
        /** The backend answers with a 5xx error. */
        SERVER_ERROR,
        /** The backend says "slow down", the way it does (HTTP 429, or a vendor code such as Throttling.User). */
        THROTTLED
    }

    protected FakeHttpServer server;
    protected BackendAdapter adapter;
    protected final Clock clock = Clock.fixed(Instant.parse("2025-01-13T06:56:56.756Z"), java.time.ZoneOffset.UTC);

    /** The factory under test; the kit also checks that {@link ServiceLoader} finds it. */
    protected abstract BackendAdapterFactory factory();

    /** Settings for a backend at {@code baseUrl}, with every credential the adapter uses set. */
    protected abstract Map<String, String> settings(String baseUrl);

    /** A handle that the adapter accepts. */
    protected abstract String handle();

    /** Per-operation parameters to poll with. */
    protected Map<String, String> params() {
        return Map.of();
    }

    /**
     * The vendor's real answer to {@code request} in {@code scenario}. Requests the adapter makes besides the poll
     * (e.g. fetching a token) must be answered here too.
     */
    protected abstract FakeResponse respond(Scenario scenario, RecordedRequest request);

    /**
     * The values that must never leak: by default every setting whose key names a password, secret, token or key,
     * and the HTTP basic credentials made from {@code username} and {@code password}.
     */
    protected Set<String> secrets(Map<String, String> settings) {
        Set<String> secrets = new LinkedHashSet<>();
        settings.forEach((key, value) -> {
            String k = key.toLowerCase(Locale.ROOT);
            if (k.contains("password") || k.contains("secret") || k.contains("token") || k.endsWith("key-id")) {
                secrets.add(value);
            }
        });
        String user = settings.get("username");
        String password = settings.get("password");
        if (user != null && password != null) {
            secrets.add(Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return secrets;
    }

    /**
     * A few throwaway exchanges before the first test: loading and first running Reactor Netty's client and server
     * take seconds on a busy machine, which the first test would otherwise spend inside its own request (and an
     * impatient one would time out for that reason rather than the one it tests).
     */
    @BeforeAll
    static void warmUpTheHttpStack() {
        try (FakeHttpServer warm = FakeHttpServer.start()) {
            warm.script(request -> FakeResponse.json(200, "{}"));
            ReactorNettyTransport transport = new ReactorNettyTransport(HttpClient.create(), Duration.ofSeconds(30));
            for (int i = 0; i < 3; i++) {
                transport.send(BackendRequest.get(warm.baseUrl() + "/warm-up")).block(Duration.ofSeconds(60));
            }
        }
    }

    @BeforeEach
    void startFakeBackend() {
        server = FakeHttpServer.start();
        adapter = newAdapter(server.baseUrl());
    }

    @AfterEach
    void stopFakeBackend() {
        server.close();
    }

    protected BackendAdapter newAdapter(String baseUrl) {
        return newAdapter(baseUrl, REQUEST_TIMEOUT);
    }

    /** An adapter on the fake backend that gives up on a request after {@link #SHORT_TIMEOUT}. */
    public BackendAdapter impatientAdapter() {
        return newAdapter(server.baseUrl(), SHORT_TIMEOUT);
    }

    protected BackendAdapter newAdapter(String baseUrl, Duration requestTimeout) {
        BackendConfig config = BackendConfig.of("kit-" + factory().type(), settings(baseUrl));
        assertThat(factory().validate(config))
                .as("problems with the kit's settings")
                .isEmpty();
        return factory().create(config, context(clock, requestTimeout));
    }

    /**
     * What the gateway gives an adapter, over a Reactor Netty client of its own: the transport the gateway wraps its
     * client in (with the vendors' limits), {@code clock} and {@code requestTimeout}.
     */
    public static AdapterContext context(Clock clock, Duration requestTimeout) {
        return new AdapterContext(
                new ReactorNettyTransport(HttpClient.create(), requestTimeout), clock, requestTimeout);
    }

    protected PollOutcome pollIn(Scenario scenario) {
        server.script(request -> respond(scenario, request));
        return poll(adapter);
    }

    protected PollOutcome poll(BackendAdapter target) {
        PollOutcome outcome = target.poll(new PollRequest(handle(), params())).block(REQUEST_TIMEOUT.multipliedBy(10));
        assertThat(outcome).as("a poll always has an outcome").isNotNull();
        return outcome;
    }

    protected static Observation observed(PollOutcome outcome) {
        assertThat(outcome).isInstanceOf(PollOutcome.Observed.class);
        return ((PollOutcome.Observed) outcome).observation();
    }

    /** The fake backend (for {@link DiscoveryKit} and {@link PollManyKit}). */
    public FakeHttpServer fakeBackend() {
        return server;
    }

    /** The adapter under test (for {@link DiscoveryKit} and {@link PollManyKit}). */
    public BackendAdapter adapterUnderTest() {
        return adapter;
    }

    /** The handle the kit polls (for {@link PollManyKit}). */
    public String singleHandle() {
        return handle();
    }

    /** One poll of {@link #handle()} in {@code scenario} (for {@link PollManyKit}). */
    public PollOutcome singlePoll(Scenario scenario) {
        return pollIn(scenario);
    }

    @Test
    void declaredCapabilitiesAreTheOnesThisTestChecks() {
        AdapterCapabilities capabilities = adapter.capabilities();
        assertThat(capabilities.discover())
                .as("an adapter declaring discover is tested with DiscoveryKit, and only such an adapter")
                .isEqualTo(this instanceof DiscoveryKit);
        assertThat(capabilities.pollMany())
                .as("an adapter declaring pollMany is tested with PollManyKit, and only such an adapter")
                .isEqualTo(this instanceof PollManyKit);
    }

    @Test
    void anAdapterThatDeclaresNoCancelRefusesItWithoutAskingTheBackend() {
        if (adapter.capabilities().cancel()) {
            return; // what cancelling answers is vendor-specific; each adapter's own test checks it
        }
        server.clearRequests();
        CancelOutcome outcome =
                adapter.cancel(new PollRequest(handle(), params())).block(REQUEST_TIMEOUT.multipliedBy(10));
        assertThat(outcome).isInstanceOf(CancelOutcome.Unsupported.class);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void factoryIsFoundByServiceLoader() {
        List<String> types = new ArrayList<>();
        ServiceLoader.load(BackendAdapterFactory.class).forEach(f -> types.add(f.type()));
        assertThat(types).contains(factory().type());
    }

    @Test
    void handleIsAccepted() {
        assertThat(adapter.validateHandle(handle())).isEmpty();
    }

    @Test
    void runningAnswerIsNotTerminal() {
        PollOutcome outcome = pollIn(Scenario.RUNNING);
        Observation observation = observed(outcome);
        assertThat(observation.state().isTerminal()).isFalse();
        assertThat(observation.result()).isNull();
        assertThat(observation.error()).isNull();
        assertThat(((PollOutcome.Observed) outcome).raw()).isNotNull();
    }

    @Test
    void successIsTerminalWithoutError() {
        Observation observation = observed(pollIn(Scenario.SUCCEEDED));
        assertThat(observation.state()).isEqualTo(OperationState.SUCCEEDED);
        assertThat(observation.error()).isNull();
    }

    @Test
    void failureIsTerminalWithStringCode() {
        Observation observation = observed(pollIn(Scenario.FAILED));
        assertThat(observation.state()).isEqualTo(OperationState.FAILED);
        assertThat(observation.error()).isNotNull();
        assertThat(observation.error().code()).isNotBlank();
        assertThat(observation.result()).isNull();
    }

    @Test
    void repeatedTerminalAnswerGivesTheSameObservation() {
        for (Scenario terminal : List.of(Scenario.SUCCEEDED, Scenario.FAILED)) {
            Observation first = observed(pollIn(terminal));
            Observation second = observed(pollIn(terminal));
            assertThat(second).as(terminal.name()).isEqualTo(first);
            assertThat(first.state().followedBy(OperationState.RUNNING)).isEqualTo(first.state());
        }
    }

    @Test
    void unknownHandleIsReportedAsNotFound() {
        assertThat(pollIn(Scenario.NOT_FOUND)).isInstanceOf(PollOutcome.NotFound.class);
    }

    @Test
    void throttlingIsAnOutcomeOfItsOwn() {
        assertThat(pollIn(Scenario.THROTTLED)).isInstanceOf(PollOutcome.Throttled.class);
    }

    @Test
    void http429And503AreThrottledWhateverTheBody() {
        List<FakeResponse> slowDowns = List.of(
                FakeResponse.empty(429),
                FakeResponse.of(429, "text/plain", "Too Many Requests"),
                FakeResponse.of(503, "text/html", "<html><body><h1>503 Service Unavailable</h1></body></html>"),
                FakeResponse.empty(503));
        for (FakeResponse answer : slowDowns) {
            server.script(request -> isAuxiliary(request) ? respond(Scenario.RUNNING, request) : answer);
            assertThat(poll(adapter))
                    .as("answer %s %s", answer.status(), answer.body())
                    .isInstanceOf(PollOutcome.Throttled.class);
        }
    }

    @Test
    void retryAfterIsCarriedOnThrottling() {
        server.script(request -> respond(Scenario.THROTTLED, request).withHeader("Retry-After", "7"));
        PollOutcome seconds = poll(adapter);
        assertThat(seconds).isInstanceOf(PollOutcome.Throttled.class);
        assertThat(seconds.retryAfter()).isEqualTo(Duration.ofSeconds(7));

        // An HTTP date is counted from the adapter's clock, which stands at 06:56:56.756.
        server.script(request ->
                respond(Scenario.THROTTLED, request).withHeader("Retry-After", "Mon, 13 Jan 2025 06:57:56 GMT"));
        PollOutcome date = poll(adapter);
        assertThat(date).isInstanceOf(PollOutcome.Throttled.class);
        assertThat(date.retryAfter()).isEqualTo(Duration.ofMillis(59_244));

        server.script(request -> respond(Scenario.THROTTLED, request));
        assertThat(poll(adapter).retryAfter())
                .as("no Retry-After: the engine's backoff decides")
                .isNull();
    }

    @Test
    void retryAfterIsCarriedOnEveryOutcome() {
        for (Scenario scenario : Scenario.values()) {
            server.script(request -> respond(scenario, request).withHeader("Retry-After", "4"));
            assertThat(poll(adapter).retryAfter()).as(scenario.name()).isEqualTo(Duration.ofSeconds(4));
        }
    }

    @Test
    void a404WithAnHtmlOrEmptyBodyIsNeverNotFound() {
        List<FakeResponse> foreign = List.of(
                FakeResponse.of(
                        404,
                        "text/html",
                        "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found"
                                + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"),
                FakeResponse.empty(404),
                FakeResponse.json(404, ""),
                FakeResponse.of(404, "text/plain", "404 page not found"),
                FakeResponse.json(404, "{\"message\":\"no Route matched with those values\"}"));
        for (FakeResponse answer : foreign) {
            server.script(request -> isAuxiliary(request) ? respond(Scenario.RUNNING, request) : answer);
            assertThat(poll(adapter))
                    .as("answer %s %s", answer.status(), answer.body())
                    .isInstanceOf(PollOutcome.Failed.class);
        }
    }

    @Test
    void serverErrorIsARetryableFailure() {
        assertThat(pollIn(Scenario.SERVER_ERROR)).isInstanceOf(PollOutcome.Failed.class);
    }

    @Test
    void garbageBodiesAreNeverMappedToAState() {
        List<FakeResponse> garbage = new ArrayList<>(FakeResponse.garbage());
        garbage.add(FakeResponse.json(200, "{\"truncated\": [1, 2"));
        for (FakeResponse body : garbage) {
            server.script(request -> isAuxiliary(request) ? respond(Scenario.RUNNING, request) : body);
            PollOutcome outcome = poll(adapter);
            assertThat(outcome)
                    .as("answer %s %s", body.status(), body.body())
                    .isNotInstanceOf(PollOutcome.Observed.class);
        }
    }

    @Test
    void timeoutIsARetryableFailure() {
        server.script(request -> isAuxiliary(request)
                ? respond(Scenario.RUNNING, request)
                : respond(Scenario.RUNNING, request).after(LATE));
        long start = System.nanoTime();
        PollOutcome outcome = poll(impatientAdapter());
        assertThat(outcome).isInstanceOf(PollOutcome.Failed.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("the adapter gave up instead of waiting for the late answer")
                .isLessThan(LATE);
    }

    @Test
    void resetConnectionIsARetryableFailure() {
        server.script(
                request -> isAuxiliary(request) ? respond(Scenario.RUNNING, request) : FakeResponse.connectionReset());
        assertThat(poll(adapter)).isInstanceOf(PollOutcome.Failed.class);
    }

    @Test
    void refusedConnectionIsARetryableFailure() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertThat(poll(newAdapter("http://127.0.0.1:" + closedPort))).isInstanceOf(PollOutcome.Failed.class);
    }

    @Test
    void noCredentialAppearsInOutcomesExceptionsOrLogs() throws Exception {
        Set<String> secrets = secrets(settings(server.baseUrl()));
        assertThat(secrets)
                .as("the kit's settings must carry at least one credential")
                .isNotEmpty();
        List<String> texts = new ArrayList<>();
        try (LogCapture logs = new LogCapture()) {
            for (Scenario scenario : Scenario.values()) {
                texts.add(String.valueOf(pollIn(scenario)));
            }
            server.script(request -> FakeResponse.connectionReset());
            texts.add(String.valueOf(poll(adapter)));
            server.script(request -> FakeResponse.of(401, "text/plain", "unauthorized"));
            texts.add(String.valueOf(poll(adapter)));
            texts.add(String.valueOf(adapter.cancel(new PollRequest(handle(), params()))
                    .onErrorResume(e -> reactor.core.publisher.Mono.just(
                            new io.opgate.contracts.spi.CancelOutcome.Failed(String.valueOf(e))))
                    .block(REQUEST_TIMEOUT.multipliedBy(10))));
            texts.add(String.valueOf(adapter));
            texts.addAll(logs.lines());
        }
        for (String text : texts) {
            for (String secret : secrets) {
                assertThat(text).as("a credential leaked").doesNotContain(secret);
            }
        }
    }

    /**
     * Whether {@code request} is one the adapter makes besides the poll itself (e.g. a token request), which the
     * kit's fault scenarios leave working. The default says none is.
     */
    protected boolean isAuxiliary(RecordedRequest request) {
        return false;
    }
}
