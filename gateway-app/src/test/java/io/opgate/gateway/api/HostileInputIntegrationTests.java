package io.opgate.gateway.api;

import static io.opgate.gateway.support.ScriptedAdapter.running;
import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.gateway.support.Api;
import io.opgate.gateway.support.GatewayIntegrationTest;
import io.opgate.gateway.support.ScriptedAdapter;
import io.opgate.gateway.support.ScriptedAdapterFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Malformed, oversized and malicious input over HTTP: every answer is a 4xx problem, never a 5xx, nothing is echoed
 * into a header, and afterwards the list shows exactly the valid operations. Each test has a run label of its own and
 * registers its own valid operations first.
 */
@GatewayIntegrationTest
class HostileInputIntegrationTests {

    @Autowired
    WebTestClient http;

    Api api;
    final ScriptedAdapter lab = ScriptedAdapterFactory.adapter("lab");
    final String run = Api.unique("hostile");
    final List<String> valid = new ArrayList<>();
    /** A handle the backend knows, for bodies that are hostile elsewhere. */
    String h;

    @Autowired
    void api(WebTestClient http) {
        this.api = new Api(http);
    }

    /** A registration body with this run's label, so that anything stored by mistake shows in the list. */
    String body(String backend, String handle, String extraLabels, String params) {
        return "{\"backend\":" + backend + ",\"handle\":" + handle + ",\"labels\":{\"run\":\"" + run + "\""
                + extraLabels + "},\"params\":" + params + "}";
    }

    String quoted(String s) {
        return Api.JSON.writeValueAsString(s);
    }

    void refused(HttpMethod method, String uri, MediaType type, String body, int... statuses) {
        var spec = http.method(method).uri(uri).contentType(type);
        var result = (body == null ? spec : spec.bodyValue(body))
                .exchange()
                .expectBody(byte[].class)
                .returnResult();
        int status = result.getStatus().value();
        String text = result.getResponseBody() == null ? "" : new String(result.getResponseBody());
        String why = method + " " + uri + " " + (body == null ? "" : body.substring(0, Math.min(200, body.length())));
        assertThat(status).as(why + " -> " + text).isBetween(400, 499);
        if (statuses.length > 0) {
            assertThat(status)
                    .as(why)
                    .isIn(java.util.Arrays.stream(statuses).boxed().toList());
        }
        MediaType answered = result.getResponseHeaders().getContentType();
        assertThat(answered)
                .as(why + " -> " + status + " " + result.getResponseHeaders())
                .isNotNull();
        assertThat(answered.equalsTypeAndSubtype(MediaType.APPLICATION_PROBLEM_JSON))
                .as(why)
                .isTrue();
        assertThat(Api.JSON.readTree(text).get("status").asInt()).isEqualTo(status);
        assertThat(text).doesNotContain("Exception").doesNotContain("\tat ");
        result.getResponseHeaders()
                .forEach((name, values) -> values.forEach(value -> assertThat(value)
                        .as("header " + name)
                        .doesNotContain("\r")
                        .doesNotContain("\n")
                        .doesNotContain("Injected")));
    }

    void register(String body, int... statuses) {
        refused(HttpMethod.POST, "/v1/operations", MediaType.APPLICATION_JSON, body, statuses);
    }

    @BeforeEach
    void threeValidOperations() {
        for (int i = 0; i < 3; i++) {
            String handle = Api.unique("ok");
            lab.answer(handle, running(5));
            Api.Answer ok = api.call(
                    HttpMethod.POST,
                    "/v1/operations",
                    Map.of(),
                    body("\"lab\"", quoted(handle), ",\"n\":\"" + i + "\"", "{}"));
            assertThat(ok.status()).isEqualTo(201);
            valid.add(ok.json().get("id").asString());
        }
        String handle = Api.unique("h");
        lab.answer(handle, running(5));
        h = quoted(handle);
    }

    /** Exactly the valid operations carry the run's label, unchanged. */
    void onlyTheValidOperationsAreStored() {
        Api.Answer list = api.call(HttpMethod.GET, "/v1/operations?label=run:" + run + "&pageSize=500", Map.of(), null);
        assertThat(list.json().get("operations").valueStream().map(op -> op.get("id")
                        .asString()))
                .containsExactlyInAnyOrderElementsOf(valid);
        list.json().get("operations").forEach(op -> {
            assertThat(op.get("labels").propertyNames()).containsExactlyInAnyOrder("run", "n");
            assertThat(op.get("handle").asString()).startsWith("ok-");
        });
        assertThat(list.headers().getFirst(HttpHeaders.CONTENT_TYPE)).startsWith(MediaType.APPLICATION_JSON_VALUE);
    }

    @Test
    void malformedAndOversizedBodiesAreRefused() {
        for (String bad : List.of(
                "",
                "{",
                "}",
                "[]",
                "null",
                "42",
                "\"text\"",
                "{\"backend\":\"lab\",",
                "{\"a\":1}{\"b\":2}",
                "\u0000\u0001",
                "{\"backend\":\"lab\",\"handle\":\"x\",\"handle\":\"y\"}",
                "{\"backend\":\"lab\",\"handle\":" + h + ",\"extra\":1}")) {
            register(bad);
        }
        register("{\"backend\":\"lab\",\"handle\":\"" + "x".repeat(70_000) + "\"}", 413);
        register("[" + "[".repeat(5_000) + "]".repeat(5_000) + "]");
        register("{\"backend\":\"lab\",\"handle\":" + h + ",\"labels\":{"
                + IntStream.range(0, 3_000)
                        .mapToObj(i -> "\"k" + i + "\":\"v\"")
                        .collect(Collectors.joining(","))
                + "}}");
        refused(HttpMethod.POST, "/v1/operations", MediaType.TEXT_PLAIN, body("\"lab\"", h, "", "{}"), 415);
        refused(HttpMethod.POST, "/v1/operations", MediaType.APPLICATION_XML, "<backend>lab</backend>", 415);
        onlyTheValidOperationsAreStored();
    }

    @Test
    void fieldsOfTheWrongTypeAreRefused() {
        for (String[] field : new String[][] {
            {"1", h, "", "{}"},
            {"\"lab\"", "123", "", "{}"},
            {"\"lab\"", "[\"a\"]", "", "{}"},
            {"\"lab\"", "{\"a\":1}", "", "{}"},
            {"\"lab\"", "true", "", "{}"},
            {"\"lab\"", h, ",\"n\":1", "{}"},
            {"\"lab\"", h, ",\"n\":null", "{}"},
            {"\"lab\"", h, ",\"n\":{\"deep\":\"x\"}", "{}"},
            {"\"lab\"", h, "", "[]"},
            {"\"lab\"", h, "", "{\"p\":1}"},
            {"\"lab\"", h, "", "\"params\""}
        }) {
            register(body(field[0], field[1], field[2], field[3]));
        }
        onlyTheValidOperationsAreStored();
    }

    @Test
    void pathTraversalIsRefusedAsAHandleAndAsABackendName() {
        // Traversal is refused where it could matter: as a handle (the backend does not know it; adapters that
        // put handles into URL paths check their shape) and as a backend name. As a label it is plain text.
        for (String traversal : List.of("../../etc/passwd", "..%2F..%2Fetc", "..\\..\\windows")) {
            register(body("\"lab\"", quoted(traversal), "", "{}"), 404);
            register(body(quoted(traversal), h, "", "{}"), 422);
        }
        register(body("\"../lab\"", h, "", "{}"), 422);
        onlyTheValidOperationsAreStored();
    }

    @Test
    void controlCharactersBlanksAndHeaderInjectionAreRefusedInEveryTextField() {
        for (String hostile : List.of(
                "line\r\nInjected-Header: yes",
                "nul\u0000byte",
                "bell\u0007",
                "esc\u001b[31m",
                "del\u007f",
                "next-line\u0085",
                " ",
                "")) {
            register(body("\"lab\"", quoted(hostile), "", "{}"), 400);
            register(body("\"lab\"", h, "," + quoted("k") + ":" + quoted(hostile), "{}"), 400);
            register(body("\"lab\"", h, "," + quoted(hostile) + ":\"v\"", "{}"), 400);
            register(body(quoted(hostile), h, "", "{}"), 400);
            register(body("\"lab\"", h, "", "{\"projectUuid\":" + quoted(hostile) + "}"), 400);
        }
        onlyTheValidOperationsAreStored();
    }

    @Test
    void overlongOrMisshapenTextAndUnknownBackendsAreRefused() {
        register(body("\"lab\"", h, ",\"a:b\":\"v\"", "{}"));
        register(body("\"lab\"", quoted("x".repeat(513)), "", "{}"));
        register(body("\"lab\"", h, "," + quoted("k".repeat(129)) + ":\"v\"", "{}"));
        register(body("\"lab\"", h, ",\"k\":" + quoted("v".repeat(513)), "{}"));
        register(body("\"no-such-backend\"", h, "", "{}"), 422);
        onlyTheValidOperationsAreStored();
    }

    @Test
    void hostileOperationIdsAreRefusedOnEveryOperationRoute() {
        for (String id : List.of("a.b", "..", "a%2Fb", "%00", "x".repeat(129), "%E2%98%83", "a%0D%0AInjected:1")) {
            refused(HttpMethod.GET, "/v1/operations/" + id, MediaType.APPLICATION_JSON, null, 400, 404);
            refused(HttpMethod.DELETE, "/v1/operations/" + id, MediaType.APPLICATION_JSON, null, 400, 404);
            refused(HttpMethod.POST, "/v1/operations/" + id + "/cancel", MediaType.APPLICATION_JSON, null, 400, 404);
        }
        onlyTheValidOperationsAreStored();
    }

    @Test
    void hostileQueryParametersAndLastEventIdsAreRefused() {
        String id = valid.get(0);
        for (String query : List.of(
                "wait=121",
                "wait=-1",
                "wait=99999999999999999999",
                "wait=1e3",
                "wait=abc",
                "after=-5",
                "after=1.5",
                "view=raw",
                "wait=%00")) {
            refused(HttpMethod.GET, "/v1/operations/" + id + "?" + query, MediaType.APPLICATION_JSON, null, 400);
        }
        for (String query : List.of(
                "pageSize=-1",
                "pageSize=0",
                "pageSize=501",
                "pageSize=2147483648",
                "pageSize=x",
                "pageToken=forged",
                "pageToken=" + "t".repeat(401),
                "state=BOGUS",
                "done=maybe",
                "label=nokey",
                "label=:v",
                "backend=a&backend=b",
                IntStream.range(0, 65).mapToObj(i -> "label=k" + i + ":v").collect(Collectors.joining("&")))) {
            refused(HttpMethod.GET, "/v1/operations?" + query, MediaType.APPLICATION_JSON, null, 400);
        }
        var lastEventId = http.get()
                .uri("/v1/operations/" + id + "/events")
                .header("Last-Event-ID", "-3")
                .exchange()
                .expectBody(byte[].class)
                .returnResult();
        assertThat(lastEventId.getStatus().value()).isEqualTo(400);
        onlyTheValidOperationsAreStored();
    }
}
