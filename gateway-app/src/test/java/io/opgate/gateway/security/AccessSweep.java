package io.opgate.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.contracts.spi.CancelOutcome;
import io.opgate.gateway.support.Api;
import io.opgate.gateway.support.ScriptedAdapter;
import io.opgate.gateway.support.ScriptedAdapterFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The sweep: every path the gateway serves (every path of {@code openapi/opgate.yaml}, the actuator's, the
 * dashboard's, and a few that are served by nobody) × every method × every kind of caller, against the running
 * gateway over real HTTP. What each cell must answer comes from {@link #TABLE} alone; no cell may answer 2xx where
 * the table says otherwise, and none may answer 5xx. Subclasses start the gateway in one mode and say who the callers
 * are.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AccessSweep {

    static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE");

    /** What a cell needs: a role, nothing, or it is refused to everyone. */
    enum Need {
        OPEN,
        READ,
        WRITE,
        ADMIN,
        DENIED
    }

    /** What a caller allowed in a cell gets: {@link #ANY} is whatever the route answers, but never 401/403/5xx. */
    record Allowed(Need need, int status) {
        static final int ANY = 0;
    }

    static Map<String, Allowed> row(Object... methodNeedStatus) {
        Map<String, Allowed> row = new LinkedHashMap<>();
        for (int i = 0; i < methodNeedStatus.length; i += 3) {
            row.put((String) methodNeedStatus[i], new Allowed((Need) methodNeedStatus[i + 1], (Integer)
                    methodNeedStatus[i + 2]));
        }
        return row;
    }

    static final int ANY = Allowed.ANY;

    /**
     * THE table: per path, the methods that are served, what they need, and what an allowed caller gets. A method
     * not in a path's row is {@link Need#DENIED}; a documented {@code /v1} path with no row here is read-only (GET
     * and HEAD with {@code read}), any other path with no row is denied.
     */
    static final Map<String, Map<String, Allowed>> TABLE = Map.ofEntries(
            Map.entry("/v1/operations", row("GET", Need.READ, 200, "HEAD", Need.READ, 200, "POST", Need.WRITE, 201)),
            Map.entry(
                    "/v1/operations/{id}",
                    row("GET", Need.READ, 200, "HEAD", Need.READ, 200, "DELETE", Need.WRITE, 204)),
            Map.entry(
                    "/v1/operations/{id}/cancel",
                    row("GET", Need.READ, 405, "HEAD", Need.READ, 405, "POST", Need.WRITE, 202)),
            Map.entry("/v1/operations/{id}/events", row("GET", Need.READ, 200, "HEAD", Need.READ, 200)),
            Map.entry("/v1/events", row("GET", Need.READ, 200, "HEAD", Need.READ, 200)),
            Map.entry("/v1/backends", row("GET", Need.READ, 200, "HEAD", Need.READ, 200)),
            Map.entry("/v1/stream-tokens", row("GET", Need.READ, 405, "HEAD", Need.READ, 405, "POST", Need.READ, 200)),
            Map.entry("/v1/no-such-route", row("GET", Need.READ, 404, "HEAD", Need.READ, 404)),
            // Health and metrics may move to a management port: whatever this port answers, it needs no key.
            Map.entry("/actuator/health", row("GET", Need.OPEN, ANY, "HEAD", Need.OPEN, ANY)),
            Map.entry("/actuator/health/liveness", row("GET", Need.OPEN, ANY, "HEAD", Need.OPEN, ANY)),
            Map.entry("/actuator/health/readiness", row("GET", Need.OPEN, ANY, "HEAD", Need.OPEN, ANY)),
            Map.entry("/actuator/prometheus", row("GET", Need.OPEN, ANY, "HEAD", Need.OPEN, ANY)),
            Map.entry("/actuator", row("GET", Need.ADMIN, ANY, "HEAD", Need.ADMIN, ANY)),
            Map.entry("/actuator/info", row("GET", Need.ADMIN, ANY, "HEAD", Need.ADMIN, ANY)),
            Map.entry("/actuator/env", row("GET", Need.ADMIN, 404, "HEAD", Need.ADMIN, 404)),
            Map.entry("/actuator/configprops", row("GET", Need.ADMIN, 404, "HEAD", Need.ADMIN, 404)),
            // Spring Boot serves the welcome page for GET only: HEAD / finds no route (404), with no key needed.
            Map.entry("/", row("GET", Need.OPEN, 200, "HEAD", Need.OPEN, 404)),
            Map.entry("/index.html", row("GET", Need.OPEN, 200, "HEAD", Need.OPEN, 200)),
            // The dashboard's files may move; wherever they are, they need no key.
            Map.entry("/dashboard.js", row("GET", Need.OPEN, ANY, "HEAD", Need.OPEN, ANY)),
            Map.entry("/dashboard.css", row("GET", Need.OPEN, ANY, "HEAD", Need.OPEN, ANY)),
            // The API's description (the contract document) and its explorer: served, to readers only.
            Map.entry("/v3/api-docs", row("GET", Need.READ, 200, "HEAD", Need.READ, ANY)),
            Map.entry("/v3/api-docs.yaml", row("GET", Need.READ, 200, "HEAD", Need.READ, ANY)),
            Map.entry("/v3/api-docs/swagger-config", row("GET", Need.READ, 200, "HEAD", Need.READ, ANY)),
            Map.entry("/swagger-ui.html", row("GET", Need.READ, 302, "HEAD", Need.READ, ANY)),
            // The explorer's own files (/swagger-ui/**), to readers; what they load: ApiExplorerIntegrationTests.
            Map.entry("/swagger-ui/index.html", row("GET", Need.READ, ANY, "HEAD", Need.READ, ANY)),
            // Not in the rules, whatever springdoc would map there: refused to everyone.
            Map.entry("/webjars/swagger-ui/index.html", row()),
            Map.entry("/no-such-page", row()),
            Map.entry("/application.yml", row()));

    /** Who calls. {@code tenant} and {@code roles} are empty for a caller whose credential is not accepted. */
    record Who(
            String name,
            @Nullable String tenant,
            Set<Need> roles,
            Map<String, String> headers,
            @Nullable String streamToken) {

        boolean authenticated() {
            return tenant != null;
        }

        boolean presentsSomething() {
            return !headers.isEmpty() || streamToken != null;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final String OWNER_TENANT = "team-a";
    static final String BACKEND = "lab";

    final ScriptedAdapter lab = ScriptedAdapterFactory.adapter(BACKEND);
    final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @Value("${local.server.port}")
    int port;

    String operation;
    String operationHandle;

    /** Every caller of the sweep, the owner of {@link #operation} among them. */
    abstract List<Who> callers();

    /** A caller with read and write on {@link #OWNER_TENANT}: registers the operations the sweep reaches. */
    abstract Who owner();

    @BeforeAll
    void registerTheOwnersOperation() {
        operation = register(owner());
        operationHandle = lastHandle;
    }

    static Stream<Arguments> cells() {
        Set<String> paths = new LinkedHashSet<>(documentedPaths());
        paths.addAll(TABLE.keySet());
        return paths.stream().flatMap(path -> METHODS.stream().map(method -> Arguments.of(method, path)));
    }

    static List<String> documentedPaths() {
        try (InputStream in = AccessSweep.class.getClassLoader().getResourceAsStream("openapi/opgate.yaml")) {
            assertThat(in).as("openapi/opgate.yaml on the class path").isNotNull();
            JsonNode api = new YAMLMapper().readTree(in);
            List<String> paths = new ArrayList<>(api.get("paths").propertyNames());
            assertThat(paths).as("documented paths").contains("/v1/operations", "/v1/events");
            return paths;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The table's answer for a cell. */
    static Allowed allowed(String method, String path) {
        Map<String, Allowed> row = TABLE.get(path);
        if (row == null) {
            row = path.startsWith("/v1/") ? row("GET", Need.READ, ANY, "HEAD", Need.READ, ANY) : Map.of();
        }
        return row.getOrDefault(method, new Allowed(Need.DENIED, ANY));
    }

    /** What {@code caller} must get in a cell: an exact status, or {@link Allowed#ANY} when let through. */
    static int expected(String method, String path, Who caller) {
        if (method.equals("TRACE")) {
            // Spring Security's firewall refuses the method itself before anything else, whoever asks.
            return 400;
        }
        Allowed allowed = allowed(method, path);
        if (caller.presentsSomething() && !caller.authenticated()) {
            return 401;
        }
        if (allowed.need() == Need.OPEN) {
            return allowed.status();
        }
        if (!caller.authenticated()) {
            return 401;
        }
        if (allowed.need() == Need.DENIED || !caller.roles().contains(allowed.need())) {
            return 403;
        }
        if (path.contains("{id}")
                && allowed.status() / 100 == 2
                && !OWNER_TENANT.equals(caller.tenant())
                && !caller.roles().contains(Need.ADMIN)) {
            // Another tenant's operation answers exactly as one that does not exist.
            return 404;
        }
        return allowed.status();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cells")
    void everyCallerGetsWhatTheTableSays(String method, String path) {
        List<String> wrong = new ArrayList<>();
        for (Who caller : callers()) {
            int expected = expected(method, path, caller);
            String id = path.contains("{id}") && (method.equals("DELETE") || method.equals("POST"))
                    // Deleting and cancelling change the operation: each caller gets one of its own.
                    ? register(owner())
                    : operation;
            String uri = path.replace("{id}", id);
            Answer answer = call(method, uri, caller, body(method, path));
            String cell = method + " " + path + " as " + caller + ": ";
            if (answer.status() >= 500) {
                wrong.add(cell + answer.status() + " (never 5xx) " + answer.text());
            } else if (expected == ANY) {
                if (answer.status() == 401 || answer.status() == 403) {
                    wrong.add(cell + answer.status() + ", allowed by the table: " + answer.text());
                }
            } else if (answer.status() != expected) {
                wrong.add(cell + answer.status() + ", the table says " + expected + ": " + answer.text());
            }
            wrong.addAll(headerProblems(cell, method, answer, caller));
            if (!OWNER_TENANT.equals(caller.tenant())
                    && !caller.roles().contains(Need.ADMIN)
                    && answer.text().contains(operationHandle)) {
                wrong.add(cell + "another tenant's answer mentions the operation of " + OWNER_TENANT);
            }
            if (method.equals("DELETE") && path.contains("{id}") && expected != 204) {
                if (call("GET", "/v1/operations/" + id, owner(), null).status() != 200) {
                    wrong.add(cell + "a refused delete removed the operation");
                }
            }
        }
        assertThat(wrong).as(method + " " + path).isEmpty();
    }

    private static List<String> headerProblems(String cell, String method, Answer answer, Who caller) {
        List<String> wrong = new ArrayList<>();
        HttpResponse<?> response = answer.response();
        if (response.headers().firstValue("X-Content-Type-Options").isEmpty()
                || response.headers().firstValue("Content-Security-Policy").isEmpty()
                || response.headers().firstValue("X-Frame-Options").isEmpty()) {
            wrong.add(cell + "security headers missing: " + response.headers().map());
        }
        if (answer.status() == 401
                && !response.headers().firstValue("WWW-Authenticate").orElse("").equals("Bearer")) {
            wrong.add(cell + "401 without WWW-Authenticate: Bearer");
        }
        if (answer.status() >= 400 && !method.equals("HEAD")) {
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (!type.startsWith("application/problem+json")) {
                wrong.add(cell + answer.status() + " is not a problem: " + type + " " + answer.text());
            }
        }
        for (String presented : caller.headers().values()) {
            String secret = presented.replaceFirst("^Bearer ", "");
            if (answer.text().contains(secret)) {
                wrong.add(cell + "the answer repeats the credential");
            }
        }
        if (caller.streamToken() != null && answer.text().contains(caller.streamToken())) {
            wrong.add(cell + "the answer repeats the stream token");
        }
        return wrong;
    }

    @Nullable
    String body(String method, String path) {
        if (!Set.of("POST", "PUT", "PATCH").contains(method)) {
            return null;
        }
        if (path.equals("/v1/operations")) {
            return registration(freshHandle());
        }
        if (path.equals("/v1/stream-tokens")) {
            return "{\"path\":\"/v1/events\"}";
        }
        return "{}";
    }

    String lastHandle;

    String freshHandle() {
        String handle = Api.unique("sweep");
        lastHandle = handle;
        lab.answer(handle, ScriptedAdapter.running(10));
        lab.cancelAnswer(handle, new CancelOutcome.Accepted());
        return handle;
    }

    static String registration(String handle) {
        return "{\"backend\":\"" + BACKEND + "\",\"handle\":\"" + handle + "\"}";
    }

    /** A new operation of the owner's; its id. */
    String register(Who owner) {
        Answer answer = call("POST", "/v1/operations", owner, registration(freshHandle()));
        assertThat(answer.status()).as("registration: " + answer.text()).isEqualTo(201);
        return Api.JSON.readTree(answer.text()).get("id").asString();
    }

    record Answer(HttpResponse<InputStream> response, int status, String text) {}

    /** One request; an event stream's body is not read (it does not end), any other body is. */
    Answer call(String method, String uri, Who caller, @Nullable String body) {
        String target = caller.streamToken() == null
                ? uri
                : uri + (uri.contains("?") ? "&" : "?") + "token=" + caller.streamToken();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        caller.headers().forEach(request::header);
        try {
            HttpResponse<InputStream> response =
                    client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            String text;
            try (InputStream in = response.body()) {
                boolean stream =
                        response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
                text = stream ? "" : new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
            }
            return new Answer(response, response.statusCode(), text);
        } catch (IOException e) {
            throw new AssertionError(method + " " + uri + " as " + caller + ": no answer (" + e + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
