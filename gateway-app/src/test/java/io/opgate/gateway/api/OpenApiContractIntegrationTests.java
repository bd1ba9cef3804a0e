package io.opgate.gateway.api;

import static io.opgate.gateway.support.ScriptedAdapter.running;
import static io.opgate.gateway.support.ScriptedAdapter.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.opgate.contracts.spi.CancelOutcome;
import io.opgate.contracts.spi.PollOutcome;
import io.opgate.gateway.support.GatewayIntegrationTest;
import io.opgate.gateway.support.ScriptedAdapter;
import io.opgate.gateway.support.ScriptedAdapterFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.FluxExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Holds the running gateway to {@code openapi/opgate.yaml}: every documented answer of every path and method is
 * provoked over HTTP and checked for its status, content type, required headers and body schema; every {@code /v1}
 * route of the app is documented, and nothing documented is missing from the app.
 *
 * <p>Beyond JSON Schema, an object schema that lists {@code properties} must list every property the app sends, so
 * that the document cannot fall behind the code.
 */
@GatewayIntegrationTest
class OpenApiContractIntegrationTests {

    static final JsonNode API = loadApi("openapi/opgate.yaml");
    static final ObjectMapper JSON = JsonMapper.builder().build();
    static final Duration STREAM_TIMEOUT = Duration.ofSeconds(15);
    static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    static final String OPERATIONS = "/v1/operations";
    static final String OPERATION = "/v1/operations/{id}";
    static final String CANCEL = "/v1/operations/{id}/cancel";
    static final String OPERATION_EVENTS = "/v1/operations/{id}/events";
    static final String EVENTS = "/v1/events";
    static final String BACKENDS = "/v1/backends";
    static final String COUNTS = "/v1/operation-counts";
    static final String STREAM_TOKENS = "/v1/stream-tokens";

    /**
     * Answers that authentication and limits give. This test runs in mode none, where they cannot happen;
     * {@code SecurityContractIntegrationTests} provokes every one of them in mode api-key and checks it against the
     * document with {@link #checkProblem}.
     */
    static final Set<Integer> SECURITY_STATUSES = Set.of(401, 403, 429);

    @Autowired
    WebTestClient http;

    @Autowired
    ApplicationContext context;

    final ScriptedAdapter lab = ScriptedAdapterFactory.adapter("lab");

    /** Every documented answer and how to provoke it. */
    List<Call> calls() {
        return List.of(
                call("POST", OPERATIONS, 201, "a handle not tracked yet")
                        .by(() -> register(handle(running(10)), "{}"))
                        .also(a -> assertThat(a.headers().getFirst(HttpHeaders.LOCATION))
                                .isEqualTo(
                                        "/v1/operations/" + a.json().get("id").asString())),
                call("POST", OPERATIONS, 200, "the same handle again").by(this::registerTwice),
                call("POST", OPERATIONS, 400, "a body that is not JSON").by(() -> post(OPERATIONS, "not json")),
                call("POST", OPERATIONS, 404, "a handle the backend does not know")
                        .by(() -> register(unique("gone"), "{}")),
                call("POST", OPERATIONS, 413, "a body over 64 KiB").by(() -> register("h".repeat(100_000), "{}")),
                call("POST", OPERATIONS, 415, "a text/plain body")
                        .by(() -> exchange(HttpMethod.POST, OPERATIONS, MediaType.TEXT_PLAIN, "{}")),
                call("POST", OPERATIONS, 422, "an unknown backend")
                        .by(() -> post(OPERATIONS, "{\"backend\":\"nowhere\",\"handle\":\"x\"}")),
                call("GET", OPERATIONS, 200, "filters, two per page")
                        .by(this::listTwoOfThree)
                        .also(a -> {
                            assertThat(a.json().get("operations")).hasSize(2);
                            assertThat(a.json().get("nextPageToken").isString()).isTrue();
                        }),
                call("GET", OPERATIONS, 400, "pageSize=0").by(() -> get("/v1/operations?pageSize=0")),
                call("GET", OPERATION, 200, "an operation")
                        .by(() -> get("/v1/operations/" + tracked(running(10))))
                        .also(a -> assertThat(a.json().has("native")).isFalse()),
                call("GET", OPERATION, 200, "view=full")
                        .by(() -> get("/v1/operations/" + tracked(running(10)) + "?view=full"))
                        .also(a -> {
                            assertThat(a.json().get("native").get("raw").asBoolean())
                                    .isTrue();
                            assertThat(a.json().get("history")).hasSize(1);
                            assertThat(a.json()
                                            .get("history")
                                            .get(0)
                                            .get("state")
                                            .asString())
                                    .isEqualTo("RUNNING");
                        }),
                call("GET", OPERATION, 200, "wait=1&after=1 on one that does not change")
                        .by(() -> get("/v1/operations/" + tracked(running(10)) + "?wait=1&after=1&view=default"))
                        .also(a -> assertThat(a.json().get("version").asLong()).isEqualTo(1)),
                call("GET", OPERATION, 400, "wait=121")
                        .by(() -> get("/v1/operations/" + tracked(running(10)) + "?wait=121")),
                call("GET", OPERATION, 404, "an unknown id").by(() -> get("/v1/operations/" + unique("unknown"))),
                call("DELETE", OPERATION, 204, "a tracked operation").by(() -> delete(tracked(running(1)))),
                call("DELETE", OPERATION, 400, "an id with a dot").by(() -> delete("a.b")),
                call("DELETE", OPERATION, 404, "an unknown id").by(() -> delete(unique("unknown"))),
                call("POST", CANCEL, 202, "a backend that accepts").by(() -> cancelAnswered(CancelOutcome.accepted())),
                call("POST", CANCEL, 400, "an id with a dot").by(() -> cancel("a.b")),
                call("POST", CANCEL, 404, "an unknown id").by(() -> cancel(unique("unknown"))),
                call("POST", CANCEL, 409, "an operation already done").by(() -> cancel(tracked(succeeded()))),
                call("POST", CANCEL, 409, "a backend that refuses")
                        .by(() -> cancelAnswered(new CancelOutcome.Refused("Job does not support cancel")))
                        .also(a ->
                                assertThat(a.json().get("detail").asString()).isEqualTo("Job does not support cancel")),
                call("POST", CANCEL, 501, "a backend type that cannot cancel").by(() -> cancel(tracked(running(1)))),
                call("POST", CANCEL, 502, "a backend that does not answer")
                        .by(() -> cancelAnswered(new CancelOutcome.Failed("HTTP 503"))),
                call("GET", OPERATION_EVENTS, 200, "a running operation that then succeeds")
                        .by(this::followUntilSucceeded)
                        .also(a -> {
                            List<Event> events = a.events();
                            assertThat(events).extracting(Event::name).containsOnly("operation");
                            assertThat(events.get(0).json().get("state").asString())
                                    .isEqualTo("RUNNING");
                            assertThat(events.get(events.size() - 1)
                                            .json()
                                            .get("state")
                                            .asString())
                                    .isEqualTo("SUCCEEDED");
                            events.forEach(e -> assertThat(e.id())
                                    .isEqualTo(e.json().get("version").asString()));
                        }),
                call("GET", OPERATION_EVENTS, 400, "Last-Event-ID: soon")
                        .by(() -> stream(
                                "/v1/operations/" + tracked(running(1)) + "/events",
                                Map.of("Last-Event-ID", "soon"),
                                null)),
                call("GET", OPERATION_EVENTS, 404, "an unknown id")
                        .by(() -> stream("/v1/operations/" + unique("unknown") + "/events", Map.of(), null)),
                call("GET", EVENTS, 200, "no cursor: the snapshot")
                        .by(() ->
                                stream("/v1/events?backend=lab&label=" + labelOfNewOperation(), Map.of(), "operation"))
                        .also(a -> assertThat(a.events()).hasSize(1)),
                call("GET", EVENTS, 200, "an unknown cursor: reset, then the snapshot")
                        .by(() -> stream(
                                "/v1/events?label=" + labelOfNewOperation(), Map.of("Last-Event-ID", "x"), "operation"))
                        .also(a ->
                                assertThat(a.events()).extracting(Event::name).containsExactly("reset", "operation")),
                call("GET", EVENTS, 200, "resuming after a delete").by(this::resumeAfterDelete),
                call("GET", EVENTS, 400, "state=BOGUS").by(() -> stream("/v1/events?state=BOGUS", Map.of(), null)),
                call("POST", STREAM_TOKENS, 200, "naming /v1/events and its filters")
                        .by(() -> post(STREAM_TOKENS, "{\"path\":\"/v1/events\",\"query\":\"backend=lab\"}"))
                        .also(a -> assertThat(a.json().get("token").asString()).isNotBlank()),
                call("POST", STREAM_TOKENS, 400, "naming no event stream")
                        .by(() -> post(STREAM_TOKENS, "{\"path\":\"/v1/operations\"}")),
                call("POST", STREAM_TOKENS, 415, "a text/plain body")
                        .by(() -> exchange(HttpMethod.POST, STREAM_TOKENS, MediaType.TEXT_PLAIN, "/v1/events")),
                call("GET", COUNTS, 200, "one label")
                        .by(() -> get(COUNTS + "?backend=lab&label=" + labelOfNewOperation()))
                        .also(a -> {
                            assertThat(a.json().get("states").get("RUNNING").asLong())
                                    .isEqualTo(1);
                            assertThat(a.json().get("backends").get("lab").asLong())
                                    .isEqualTo(1);
                            assertThat(a.json().get("backends").get("other").asLong())
                                    .isZero();
                        }),
                call("GET", COUNTS, 400, "two labels").by(() -> get(COUNTS + "?label=a:1&label=b:2")),
                call("GET", BACKENDS, 200, "always")
                        .by(() -> get("/v1/backends"))
                        .also(a ->
                                assertThat(a.json().findValuesAsString("name")).contains("lab", "other")));
    }

    Answer registerTwice() {
        String handle = handle(running(10));
        register(handle, "{}");
        return register(handle, "{}");
    }

    Answer listTwoOfThree() {
        String run = unique("run");
        for (int i = 0; i < 3; i++) {
            tracked(running(i), "{\"run\":\"" + run + "\"}");
        }
        return get("/v1/operations?pageSize=2&state=RUNNING&done=false&label=run:" + run);
    }

    /** Cancels a new running operation whose cancel the backend answers with {@code outcome}. */
    Answer cancelAnswered(CancelOutcome outcome) {
        String handle = handle(running(1));
        lab.cancelAnswer(handle, outcome);
        return cancel(registered(handle));
    }

    Answer followUntilSucceeded() {
        String handle = handle(running(10));
        String id = registered(handle);
        CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS).execute(() -> lab.answer(handle, succeeded()));
        return stream("/v1/operations/" + id + "/events", Map.of(), null);
    }

    /** The label filter {@code run:<unique>} of a new running operation, the only one it matches. */
    String labelOfNewOperation() {
        String run = unique("run");
        tracked(running(10), "{\"run\":\"" + run + "\"}");
        return "run:" + run;
    }

    /** Reads the cursor of a snapshot, deletes the operation, and resumes after that cursor (the query fallback). */
    Answer resumeAfterDelete() {
        String run = unique("run");
        String id = tracked(running(10), "{\"run\":\"" + run + "\"}");
        String uri = "/v1/events?label=run:" + run;
        String cursor = stream(uri, Map.of(), "operation").events().get(0).id();
        assertThat(cursor).as("cursor").isNotBlank();
        delete(id);
        return stream(uri + "&lastEventId=" + cursor, Map.of(), "deleted");
    }

    @TestFactory
    Stream<DynamicTest> everyCallAnswersAsDocumented() {
        return calls().stream().map(call -> DynamicTest.dynamicTest(call.toString(), () -> check(call)));
    }

    @Test
    void everyDocumentedAnswerIsProvoked() {
        Set<String> provoked = new TreeSet<>();
        calls().forEach(call -> provoked.add(call.method() + " " + call.path() + " " + call.status()));
        Set<String> documented = new TreeSet<>();
        documentedAnswers(status -> !SECURITY_STATUSES.contains(status)).forEach(documented::add);
        assertThat(provoked).containsExactlyElementsOf(documented);
    }

    /** {@code METHOD /path status} of every documented answer whose status {@code accepts}. */
    static List<String> documentedAnswers(java.util.function.IntPredicate accepts) {
        List<String> documented = new ArrayList<>();
        API.get("paths").properties().forEach(path -> path.getValue().properties().stream()
                .filter(method -> HTTP_METHODS.contains(method.getKey()))
                .forEach(method -> method.getValue().get("responses").propertyNames().stream()
                        .filter(status -> accepts.test(Integer.parseInt(status)))
                        .forEach(status ->
                                documented.add(method.getKey().toUpperCase() + " " + path.getKey() + " " + status))));
        return documented;
    }

    /**
     * Checks a problem answer against the document: its status is documented for the operation, and its headers and
     * body are as the documented response says.
     */
    static void checkProblem(String method, String path, int status, HttpHeaders headers, byte[] body) {
        JsonNode responses =
                API.path("paths").path(path).path(method.toLowerCase()).path("responses");
        assertThat(responses.has(Integer.toString(status)))
                .as(method + " " + path + " documents " + status)
                .isTrue();
        JsonNode response = resolve(responses.get(Integer.toString(status)));
        for (Map.Entry<String, JsonNode> header : response.path("headers").properties()) {
            JsonNode documented = resolve(header.getValue());
            String value = headers.getFirst(header.getKey());
            if (documented.path("required").asBoolean(false)) {
                assertThat(value).as("header " + header.getKey()).isNotNull();
            }
            if (value != null) {
                assertValid(JSON.getNodeFactory().stringNode(value), documented.get("schema"), header.getKey());
            }
        }
        assertThat(headers.getContentType()).as("Content-Type").isNotNull();
        assertThat(headers.getContentType().equalsTypeAndSubtype(MediaType.APPLICATION_PROBLEM_JSON))
                .as("problem+json, was " + headers.getContentType())
                .isTrue();
        assertValid(
                JSON.readTree(body),
                response.path("content").path("application/problem+json").path("schema"),
                method + " " + path + " " + status);
    }

    @Test
    void everyRouteOfTheAppIsDocumentedAndEveryDocumentedRouteExists() {
        Set<String> routes = new TreeSet<>();
        context.getBeansOfType(RequestMappingHandlerMapping.class)
                .values()
                .forEach(mapping -> mapping.getHandlerMethods()
                        .keySet()
                        .forEach(info -> info.getPatternsCondition().getPatterns().stream()
                                .map(pattern -> pattern.getPatternString())
                                .filter(pattern -> pattern.startsWith("/v1/"))
                                .forEach(pattern -> {
                                    if (info.getMethodsCondition().getMethods().isEmpty()) {
                                        routes.add("ANY " + pattern);
                                    }
                                    info.getMethodsCondition()
                                            .getMethods()
                                            .forEach(method -> routes.add(method + " " + pattern));
                                })));
        assertThat(routes).isNotEmpty();
        assertThat(documentedOperations()).containsExactlyElementsOf(routes);
    }

    @Test
    void theDocumentIsOpenApi31AndEveryReferenceResolves() {
        assertThat(API.get("openapi").asString()).isEqualTo("3.1.0");
        List<String> refs = new ArrayList<>();
        collectRefs(API, refs);
        assertThat(refs).isNotEmpty();
        refs.forEach(ref ->
                assertThat(API.at(ref.substring(1)).isMissingNode()).as(ref).isFalse());
    }

    // ---- the check every call goes through

    void check(Call call) {
        JsonNode operation =
                API.path("paths").path(call.path()).path(call.method().toLowerCase());
        assertThat(operation.isObject()).as("documented operation").isTrue();
        JsonNode responses = operation.get("responses");
        assertThat(responses.has(Integer.toString(call.status())))
                .as("the table's status is documented")
                .isTrue();

        Answer answer = call.provoke().get();

        assertThat(responses.propertyNames())
                .as("the app answers a documented status")
                .contains(Integer.toString(answer.status()));
        assertThat(answer.status()).as("status").isEqualTo(call.status());
        JsonNode response = resolve(responses.get(Integer.toString(answer.status())));

        for (Map.Entry<String, JsonNode> header : response.path("headers").properties()) {
            JsonNode documented = resolve(header.getValue());
            String value = answer.headers().getFirst(header.getKey());
            if (documented.path("required").asBoolean(false)) {
                assertThat(value).as("header " + header.getKey()).isNotNull();
            }
            if (value != null && documented.path("schema").has("const")) {
                assertThat(value)
                        .as("header " + header.getKey())
                        .isEqualTo(documented.get("schema").get("const").asString());
            }
        }

        JsonNode content = response.path("content");
        if (content.isEmpty()) {
            assertThat(answer.body()).as("no content").isEmpty();
            assertThat(answer.events()).as("no content").isNull();
        } else {
            MediaType actual = answer.headers().getContentType();
            assertThat(actual).as("Content-Type").isNotNull();
            String mediaType = content.propertyNames().stream()
                    .filter(documented -> MediaType.parseMediaType(documented).equalsTypeAndSubtype(actual))
                    .findFirst()
                    .orElseGet(() -> fail("Content-Type " + actual + " is not one of " + content.propertyNames()));
            JsonNode media = content.get(mediaType);
            if (media.has("x-sse-events")) {
                assertThat(answer.events()).as("events").isNotEmpty();
                for (Event event : answer.events()) {
                    JsonNode schema = media.get("x-sse-events").get(event.name());
                    assertThat(schema)
                            .as("event '" + event.name() + "' is documented")
                            .isNotNull();
                    assertThat(event.data()).as("one data line").hasSize(1);
                    assertValid(event.json(), schema, "event " + event.name());
                }
            } else {
                assertValid(answer.json(), media.get("schema"), "body");
            }
        }
        call.also().accept(answer);
    }

    static void assertValid(JsonNode value, JsonNode schema, String where) {
        List<String> problems = new ArrayList<>();
        validate(value, schema, "$", problems);
        assertThat(problems).as(where + " against its schema: " + value).isEmpty();
    }

    /**
     * The part of JSON Schema the document uses: $ref, anyOf, type, enum, const, pattern, date-time, minimum, maximum,
     * required, properties, additionalProperties and items.
     */
    static void validate(JsonNode value, JsonNode schemaOrRef, String at, List<String> problems) {
        JsonNode schema = resolve(schemaOrRef);
        if (schema.has("anyOf")) {
            for (JsonNode branch : schema.get("anyOf")) {
                List<String> branchProblems = new ArrayList<>();
                validate(value, branch, at, branchProblems);
                if (branchProblems.isEmpty()) {
                    return;
                }
            }
            problems.add(at + " matches none of " + schema.get("anyOf"));
            return;
        }
        List<String> types = new ArrayList<>();
        JsonNode type = schema.path("type");
        if (type.isString()) {
            types.add(type.asString());
        }
        type.values().forEach(t -> types.add(t.asString()));
        if (!types.isEmpty() && types.stream().noneMatch(t -> hasType(value, t))) {
            problems.add(at + " is " + value.getNodeType() + ", not " + types);
            return;
        }
        if (value.isNull()) {
            return;
        }
        if (schema.has("enum") && !schema.get("enum").values().contains(value)) {
            problems.add(at + " = " + value + " is not one of " + schema.get("enum"));
        }
        if (schema.has("const") && !schema.get("const").equals(value)) {
            problems.add(at + " = " + value + " is not " + schema.get("const"));
        }
        if (value.isString()) {
            String text = value.asString();
            if (schema.has("pattern")
                    && !Pattern.compile(schema.get("pattern").asString())
                            .matcher(text)
                            .find()) {
                problems.add(at + " = " + value + " does not match " + schema.get("pattern"));
            }
            if (schema.path("format").asString("").equals("date-time") && !isUtcTimestamp(text)) {
                problems.add(at + " = " + value + " is not an ISO-8601 UTC timestamp with Z");
            }
        }
        if (value.isNumber()) {
            if (schema.has("minimum")
                    && value.doubleValue() < schema.get("minimum").doubleValue()) {
                problems.add(at + " = " + value + " is below " + schema.get("minimum"));
            }
            if (schema.has("maximum")
                    && value.doubleValue() > schema.get("maximum").doubleValue()) {
                problems.add(at + " = " + value + " is above " + schema.get("maximum"));
            }
        }
        if (value.isObject()) {
            schema.path("required").values().forEach(required -> {
                if (!value.has(required.asString())) {
                    problems.add(at + " lacks required '" + required.asString() + "'");
                }
            });
            JsonNode properties = schema.path("properties");
            JsonNode additional = schema.path("additionalProperties");
            for (Map.Entry<String, JsonNode> property : value.properties()) {
                String path = at + "." + property.getKey();
                if (properties.has(property.getKey())) {
                    validate(property.getValue(), properties.get(property.getKey()), path, problems);
                } else if (additional.isObject()) {
                    validate(property.getValue(), additional, path, problems);
                } else if (schema.has("properties")) {
                    problems.add(path + " is not documented");
                }
            }
        }
        if (value.isArray() && schema.has("items")) {
            int i = 0;
            for (JsonNode item : value) {
                validate(item, schema.get("items"), at + "[" + i++ + "]", problems);
            }
        }
    }

    static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "null" -> value.isNull();
            case "string" -> value.isString();
            case "boolean" -> value.isBoolean();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            default -> throw new IllegalArgumentException("unknown type " + type);
        };
    }

    static boolean isUtcTimestamp(String text) {
        try {
            Instant.parse(text);
            return text.endsWith("Z");
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    // ---- the document

    static JsonNode loadApi(String resource) {
        try (InputStream in =
                OpenApiContractIntegrationTests.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource + " on the classpath").isNotNull();
            return new YAMLMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Follows a local {@code $ref} (its siblings, such as a Reference Object's description, are ignored). */
    static JsonNode resolve(JsonNode node) {
        JsonNode resolved = node;
        while (resolved.has("$ref")) {
            String ref = resolved.get("$ref").asString();
            resolved = API.at(ref.substring(1));
            assertThat(resolved.isMissingNode()).as(ref).isFalse();
        }
        return resolved;
    }

    static void collectRefs(JsonNode node, List<String> refs) {
        if (node.has("$ref")) {
            refs.add(node.get("$ref").asString());
        }
        node.values().forEach(child -> collectRefs(child, refs));
    }

    static Set<String> documentedOperations() {
        Set<String> operations = new TreeSet<>();
        API.get("paths").properties().forEach(path -> path.getValue().propertyNames().stream()
                .filter(HTTP_METHODS::contains)
                .forEach(method -> operations.add(method.toUpperCase() + " " + path.getKey())));
        return operations;
    }

    // ---- calling the gateway

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** A fresh handle that the {@code lab} backend answers with {@code answer}. */
    String handle(PollOutcome answer) {
        String handle = unique("oa");
        lab.answer(handle, answer);
        return handle;
    }

    Answer register(String handle, String labelsJson) {
        return post(
                OPERATIONS,
                "{\"backend\":\"lab\",\"handle\":" + JSON.writeValueAsString(handle) + ",\"labels\":" + labelsJson
                        + "}");
    }

    /** The id of a newly registered operation on {@code lab}. */
    String registered(String handle) {
        Answer answer = register(handle, "{}");
        assertThat(answer.status()).as("registration").isEqualTo(201);
        return answer.json().get("id").asString();
    }

    String tracked(PollOutcome answer) {
        return tracked(answer, "{}");
    }

    String tracked(PollOutcome answer, String labelsJson) {
        Answer registration = register(handle(answer), labelsJson);
        assertThat(registration.status()).as("registration").isEqualTo(201);
        return registration.json().get("id").asString();
    }

    Answer get(String uri) {
        return exchange(HttpMethod.GET, uri, null, null);
    }

    Answer post(String uri, String json) {
        return exchange(HttpMethod.POST, uri, MediaType.APPLICATION_JSON, json);
    }

    Answer delete(String id) {
        return exchange(HttpMethod.DELETE, "/v1/operations/" + id, null, null);
    }

    Answer cancel(String id) {
        return exchange(HttpMethod.POST, "/v1/operations/" + id + "/cancel", null, null);
    }

    Answer exchange(HttpMethod method, String uri, @Nullable MediaType contentType, @Nullable String body) {
        WebTestClient.RequestBodySpec request = http.method(method).uri(uri);
        if (contentType != null) {
            request.contentType(contentType);
        }
        WebTestClient.RequestHeadersSpec<?> ready = body == null ? request : request.bodyValue(body);
        var result = ready.exchange().expectBody(byte[].class).returnResult();
        byte[] bytes = result.getResponseBody();
        return new Answer(
                result.getStatus().value(), result.getResponseHeaders(), bytes == null ? new byte[0] : bytes, null);
    }

    /**
     * Opens an event stream and reads it until an event named {@code until} (or, when null, until the gateway ends
     * the stream). An answer that is not an event stream is read whole.
     */
    Answer stream(String uri, Map<String, String> headers, @Nullable String until) {
        FluxExchangeResult<byte[]> result = http.get()
                .uri(uri)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .headers(h -> headers.forEach(h::set))
                .exchange()
                .returnResult(byte[].class);
        MediaType type = result.getResponseHeaders().getContentType();
        if (type == null || !type.equalsTypeAndSubtype(MediaType.TEXT_EVENT_STREAM)) {
            byte[] body = result.getResponseBody()
                    .reduce(new ByteArrayOutputStream(), (out, bytes) -> {
                        out.writeBytes(bytes);
                        return out;
                    })
                    .map(ByteArrayOutputStream::toByteArray)
                    .defaultIfEmpty(new byte[0])
                    .block(STREAM_TIMEOUT);
            return new Answer(result.getStatus().value(), result.getResponseHeaders(), body, null);
        }
        EventParser parser = new EventParser();
        List<Event> events = result.getResponseBody()
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                .concatMapIterable(parser::feed)
                .takeUntil(event -> event.name().equals(until))
                .collectList()
                .block(STREAM_TIMEOUT);
        if (until != null) {
            assertThat(events).as("events").isNotEmpty();
            assertThat(events.get(events.size() - 1).name())
                    .as("the stream reached")
                    .isEqualTo(until);
        }
        return new Answer(result.getStatus().value(), result.getResponseHeaders(), new byte[0], events);
    }

    // ---- the table's types

    static Call call(String method, String path, int status, String how) {
        return new Call(method, path, status, how, () -> fail("no way to provoke it"), answer -> {});
    }

    /** One row of the table: a documented answer and how to provoke it, with checks of its own. */
    record Call(String method, String path, int status, String how, Supplier<Answer> provoke, Consumer<Answer> also) {

        Call by(Supplier<Answer> provocation) {
            return new Call(method, path, status, how, provocation, also);
        }

        Call also(Consumer<Answer> check) {
            return new Call(method, path, status, how, provoke, check);
        }

        @Override
        public String toString() {
            return method + " " + path + " " + status + ": " + how;
        }
    }

    /** What the gateway answered: a body, or the events of a stream. */
    record Answer(int status, HttpHeaders headers, byte[] body, @Nullable List<Event> events) {
        JsonNode json() {
            assertThat(body).as("body").isNotEmpty();
            return JSON.readTree(body);
        }
    }

    /** One Server-Sent Event; {@code name} is {@code message} when the event has no {@code event:} field. */
    record Event(@Nullable String id, String name, List<String> data) {
        JsonNode json() {
            return JSON.readTree(String.join("\n", data));
        }
    }

    /** Cuts a text/event-stream into events, skipping comments and blocks without data. */
    static final class EventParser {
        private final StringBuilder pending = new StringBuilder();

        List<Event> feed(String chunk) {
            pending.append(chunk.replace("\r\n", "\n"));
            List<Event> events = new ArrayList<>();
            for (int end = pending.indexOf("\n\n"); end >= 0; end = pending.indexOf("\n\n")) {
                String block = pending.substring(0, end);
                pending.delete(0, end + 2);
                Map<String, String> fields = new LinkedHashMap<>();
                List<String> data = new ArrayList<>();
                for (String line : block.split("\n")) {
                    if (line.isEmpty() || line.startsWith(":")) {
                        continue;
                    }
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                    if (field.equals("data")) {
                        data.add(value);
                    } else {
                        fields.put(field, value);
                    }
                }
                if (!data.isEmpty()) {
                    events.add(new Event(fields.get("id"), fields.getOrDefault("event", "message"), data));
                }
            }
            return events;
        }
    }
}
