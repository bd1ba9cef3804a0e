package io.opgate.gateway.api;

import static io.opgate.gateway.support.ScriptedAdapter.running;
import static io.opgate.gateway.support.ScriptedAdapter.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opgate.contracts.spi.CancelOutcome;
import io.opgate.contracts.spi.PollOutcome;
import io.opgate.gateway.security.Caller;
import io.opgate.gateway.support.GatewayIntegrationTest;
import io.opgate.gateway.support.ScriptedAdapter;
import io.opgate.gateway.support.ScriptedAdapterFactory;
import io.opgate.gateway.tracking.OperationIds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

@GatewayIntegrationTest
class OperationsApiIntegrationTests {

    @Autowired
    WebTestClient http;

    final ScriptedAdapter lab = ScriptedAdapterFactory.adapter("lab");
    final ScriptedAdapter other = ScriptedAdapterFactory.adapter("other");

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    JsonNode register(String backend, String handle, String labelsJson) {
        return http.post()
                .uri("/v1/operations")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(
                        "{\"backend\":\"" + backend + "\",\"handle\":\"" + handle + "\",\"labels\":" + labelsJson + "}")
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    WebTestClient.ResponseSpec post(String body) {
        return http.post()
                .uri("/v1/operations")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    static void isProblem(WebTestClient.ResponseSpec response, int status) {
        response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(status)
                .jsonPath("$.title")
                .isNotEmpty()
                .jsonPath("$.detail")
                .isNotEmpty()
                .jsonPath("$.type")
                .isEqualTo("about:blank")
                .jsonPath("$.trace")
                .doesNotExist();
    }

    @Test
    void registrationCreatesOnceAndIsIdempotent() {
        String handle = unique("r");
        lab.answer(handle, running(10));
        String body = "{\"backend\":\"lab\",\"handle\":\"" + handle + "\",\"labels\":{\"team\":\"a\"}}";
        JsonNode created = post(body)
                .expectStatus()
                .isCreated()
                .expectHeader()
                .value("Location", location -> assertThat(location).startsWith("/v1/operations/"))
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(created.get("state").asString()).isEqualTo("RUNNING");
        assertThat(created.get("done").asBoolean()).isFalse();
        assertThat(created.get("version").asLong()).isEqualTo(1);
        assertThat(created.get("backendType").asString()).isEqualTo("scripted");
        assertThat(created.get("labels").get("team").asString()).isEqualTo("a");
        assertThat(created.get("progress").get("percent").asDouble()).isEqualTo(10.0);
        // A field with no value is null, never omitted; native only with view=full.
        for (String field : List.of("result", "error", "submittedAt", "startedAt", "endedAt")) {
            assertThat(created.has(field)).as(field).isTrue();
            assertThat(created.get(field).isNull()).as(field).isTrue();
        }
        assertThat(created.has("native")).isFalse();
        assertThat(created.get("id").asString()).matches("[A-Za-z0-9_-]{1,128}");
        assertThat(created.get("id").asString()).isEqualTo(OperationIds.of(Caller.DEFAULT_TENANT, "lab", handle));
        assertThat(created.get("updatedAt").asString()).endsWith("Z");

        JsonNode again = post(body)
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(again.get("id")).isEqualTo(created.get("id"));
    }

    @Test
    void badRegistrationsAnswerProblemDetails() {
        isProblem(post("{\"backend\": \"lab\", \"handle\": "), 400);
        isProblem(post("not json"), 400);
        isProblem(post("[]"), 400);
        isProblem(post("{\"backend\":\"lab\",\"handle\":5}"), 400);
        isProblem(post("{\"backend\":\"lab\"}"), 400);
        isProblem(post("{\"backend\":\"lab\",\"handle\":\"x\",\"labels\":{\"a\":1}}"), 400);
        isProblem(post("{\"backend\":\"lab\",\"handle\":\"x\",\"labels\":[\"a\"]}"), 400);
        isProblem(post("{\"backend\":\"lab\",\"handle\":\"x\\u0000y\"}"), 400);
        isProblem(post("{\"backend\":\"lab\",\"handle\":\"x\",\"surprise\":true}"), 400);
        isProblem(post("{\"backend\":\"lab\",\"handle\":\"bad-handle\"}"), 400);
        isProblem(post("{\"backend\":\"nowhere\",\"handle\":\"x\"}"), 422);
        isProblem(post("{\"backend\":\"lab\",\"handle\":\"" + "h".repeat(100_000) + "\"}"), 413);
        isProblem(
                http.post()
                        .uri("/v1/operations")
                        .contentType(MediaType.TEXT_PLAIN)
                        .bodyValue("{}")
                        .exchange(),
                415);
    }

    @Test
    void aHandleTheBackendDoesNotKnowIsNotTracked() {
        String handle = unique("missing");
        isProblem(post("{\"backend\":\"lab\",\"handle\":\"" + handle + "\"}"), 404);
        isProblem(
                http.get()
                        .uri("/v1/operations/" + OperationIds.of(Caller.DEFAULT_TENANT, "lab", handle))
                        .exchange(),
                404);
    }

    @Test
    void getAnswersTheOperationAndTheFullViewAddsTheRawPayload() {
        String handle = unique("g");
        lab.answer(handle, running(10));
        String id = register("lab", handle, "{}").get("id").asString();
        http.get()
                .uri("/v1/operations/" + id)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.id")
                .isEqualTo(id)
                .jsonPath("$.native")
                .doesNotExist()
                .jsonPath("$.observedAt")
                .isNotEmpty()
                .jsonPath("$.backendStatus.reachable")
                .isEqualTo(true);
        http.get()
                .uri("/v1/operations/" + id + "?view=full")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.native.raw")
                .isEqualTo(true);
        isProblem(http.get().uri("/v1/operations/" + id + "?view=everything").exchange(), 400);
        isProblem(http.get().uri("/v1/operations/doesnotexist").exchange(), 404);
        isProblem(http.get().uri("/v1/operations/" + "x".repeat(129)).exchange(), 400);
        isProblem(http.get().uri("/v1/operations/a.b").exchange(), 400);
        isProblem(http.get().uri("/v1/operations/" + id + "?wait=121").exchange(), 400);
        isProblem(http.get().uri("/v1/operations/" + id + "?wait=-1").exchange(), 400);
        isProblem(http.get().uri("/v1/operations/" + id + "?wait=soon").exchange(), 400);
        isProblem(http.get().uri("/v1/operations/" + id + "?wait=1&after=-3").exchange(), 400);
    }

    @Test
    void theFullViewCarriesTheTransitionsOldestFirst() {
        String handle = unique("hist");
        lab.answer(handle, running(10));
        String id = register("lab", handle, "{}").get("id").asString();
        lab.answer(handle, running(60));
        JsonNode second = read(id + "?wait=20&after=1");
        assertThat(second.get("progress").get("percent").asDouble()).isEqualTo(60.0);
        lab.answer(handle, ScriptedAdapter.failed("xBroke"));
        assertThat(read(id + "?wait=20").get("state").asString()).isEqualTo("FAILED");

        JsonNode full = read(id + "?view=full");
        assertThat(full.get("native").get("raw").asBoolean()).isTrue();
        JsonNode history = full.get("history");
        assertThat(history.valueStream().map(e -> e.get("state").asString()))
                .containsExactly("RUNNING", "RUNNING", "FAILED");
        assertThat(history.get(0).get("progress").get("percent").asDouble()).isEqualTo(10.0);
        assertThat(history.get(0).get("progress").get("message").asString()).isEqualTo("working");
        assertThat(history.get(0).get("error").isNull()).isTrue();
        assertThat(history.get(1).get("progress").get("percent").asDouble()).isEqualTo(60.0);
        assertThat(history.get(2).get("error").get("code").asString()).isEqualTo("xBroke");
        assertThat(history.get(2).get("error").get("message").asString()).isEqualTo("it broke");
        assertThat(history.get(2).get("version").asLong())
                .isEqualTo(full.get("version").asLong());
        history.forEach(e -> assertThat(e.get("at").asString()).endsWith("Z"));
        assertThat(read(id).has("history")).as("only the full view").isFalse();
    }

    JsonNode read(String idAndQuery) {
        return http.get()
                .uri("/v1/operations/" + idAndQuery)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    @Test
    void waitHoldsTheAnswerUntilTheOperationIsDone() throws Exception {
        String handle = unique("w");
        lab.answer(handle, running(10));
        String id = register("lab", handle, "{}").get("id").asString();
        CompletableFuture.delayedExecutor(700, TimeUnit.MILLISECONDS).execute(() -> lab.answer(handle, succeeded()));
        long start = System.nanoTime();
        JsonNode done = http.get()
                .uri("/v1/operations/" + id + "?wait=20")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(done.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("result").get("answer").asInt()).isEqualTo(42);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void waitWithAfterReturnsTheNextVersion() {
        String handle = unique("wa");
        lab.answer(handle, running(10));
        String id = register("lab", handle, "{}").get("id").asString();
        CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS).execute(() -> lab.answer(handle, running(60)));
        JsonNode next = http.get()
                .uri("/v1/operations/" + id + "?wait=20&after=1")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(next.get("version").asLong()).isEqualTo(2);
        assertThat(next.get("progress").get("percent").asDouble()).isEqualTo(60.0);
        assertThat(next.get("done").asBoolean()).isFalse();
    }

    @Test
    void waitGivesUpAfterItsTime() {
        String handle = unique("wt");
        lab.answer(handle, running(10));
        String id = register("lab", handle, "{}").get("id").asString();
        JsonNode same = http.get()
                .uri("/v1/operations/" + id + "?wait=1&after=1")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(same.get("version").asLong()).isEqualTo(1);
    }

    @Test
    void listFiltersAndPages() {
        String run = unique("run");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String handle = run + "-" + i;
            ScriptedAdapter backend = i < 3 ? lab : other;
            backend.answer(handle, i == 0 ? succeeded() : running(i));
            ids.add(register(i < 3 ? "lab" : "other", handle, "{\"run\":\"" + run + "\",\"n\":\"" + i + "\"}")
                    .get("id")
                    .asString());
        }
        assertThat(listIds("?label=run:" + run)).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(listIds("?label=run:" + run + "&backend=other")).containsExactlyInAnyOrder(ids.get(3), ids.get(4));
        assertThat(listIds("?label=run:" + run + "&state=SUCCEEDED")).containsExactly(ids.get(0));
        assertThat(listIds("?label=run:" + run + "&done=true")).containsExactly(ids.get(0));
        assertThat(listIds("?label=run:" + run + "&done=false&state=RUNNING&state=QUEUED"))
                .hasSize(4);
        assertThat(listIds("?label=run:" + run + "&state=SUCCEEDED&done=false")).isEmpty();
        assertThat(listIds("?label=run:" + run + "&label=n:2")).containsExactly(ids.get(2));

        Set<String> paged = new HashSet<>();
        String token = null;
        int pages = 0;
        String previousUpdatedAt = null;
        do {
            JsonNode page = http.get()
                    .uri("/v1/operations?pageSize=2&label=run:" + run + (token == null ? "" : "&pageToken=" + token))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(JsonNode.class)
                    .returnResult()
                    .getResponseBody();
            for (JsonNode op : page.get("operations")) {
                assertThat(paged.add(op.get("id").asString())).isTrue();
                String updatedAt = op.get("updatedAt").asString();
                if (previousUpdatedAt != null) {
                    assertThat(updatedAt.compareTo(previousUpdatedAt))
                            .as("newest first")
                            .isLessThanOrEqualTo(0);
                }
                previousUpdatedAt = updatedAt;
            }
            token = page.get("nextPageToken").isNull()
                    ? null
                    : page.get("nextPageToken").asString();
            pages++;
        } while (token != null && pages < 10);
        assertThat(paged).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(pages).isEqualTo(3);

        isProblem(http.get().uri("/v1/operations?pageSize=0").exchange(), 400);
        isProblem(http.get().uri("/v1/operations?pageSize=501").exchange(), 400);
        isProblem(http.get().uri("/v1/operations?pageSize=-5").exchange(), 400);
        isProblem(http.get().uri("/v1/operations?pageToken=garbage!").exchange(), 400);
        isProblem(http.get().uri("/v1/operations?state=BOGUS").exchange(), 400);
        isProblem(http.get().uri("/v1/operations?done=maybe").exchange(), 400);
        isProblem(http.get().uri("/v1/operations?label=nocolon").exchange(), 400);
    }

    List<String> listIds(String query) {
        JsonNode page = http.get()
                .uri("/v1/operations" + query)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(page.has("nextPageToken")).isTrue();
        List<String> ids = new ArrayList<>();
        page.get("operations").forEach(op -> ids.add(op.get("id").asString()));
        return ids;
    }

    @Test
    void cancelAnswersWhatTheBackendSays() {
        String accepted = unique("ca");
        lab.answer(accepted, running(1)).cancelAnswer(accepted, CancelOutcome.accepted());
        String refused = unique("cr");
        lab.answer(refused, running(1)).cancelAnswer(refused, new CancelOutcome.Refused("Job does not support cancel"));
        String unsupported = unique("cu");
        lab.answer(unsupported, running(1));
        String done = unique("cd");
        lab.answer(done, succeeded());

        http.post()
                .uri("/v1/operations/"
                        + register("lab", accepted, "{}").get("id").asString() + "/cancel")
                .exchange()
                .expectStatus()
                .isAccepted();
        WebTestClient.ResponseSpec refusal = http.post()
                .uri("/v1/operations/"
                        + register("lab", refused, "{}").get("id").asString() + "/cancel")
                .exchange();
        refusal.expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("Job does not support cancel");
        isProblem(
                http.post()
                        .uri("/v1/operations/"
                                + register("lab", unsupported, "{}").get("id").asString() + "/cancel")
                        .exchange(),
                501);
        isProblem(
                http.post()
                        .uri("/v1/operations/"
                                + register("lab", done, "{}").get("id").asString() + "/cancel")
                        .exchange(),
                409);
        isProblem(http.post().uri("/v1/operations/unknownid/cancel").exchange(), 404);
    }

    @Test
    void deleteForgets() {
        String handle = unique("d");
        lab.answer(handle, running(1));
        String id = register("lab", handle, "{}").get("id").asString();
        http.delete().uri("/v1/operations/" + id).exchange().expectStatus().isNoContent();
        isProblem(http.get().uri("/v1/operations/" + id).exchange(), 404);
        isProblem(http.delete().uri("/v1/operations/" + id).exchange(), 404);
        int polls = lab.polls(handle).size();
        // One poll may already be on its way; none may follow it, however long one watches.
        await("no polls after delete")
                .during(Duration.ofMillis(1500))
                .atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(lab.polls(handle))
                        .as("no polls after delete")
                        .hasSizeLessThanOrEqualTo(polls + 1));
    }

    @Test
    void backendsShowHealthAndLoad() {
        String handle = unique("b");
        other.answer(handle, running(1));
        register("other", handle, "{}");
        JsonNode backends = http.get()
                .uri("/v1/backends")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        Map<String, JsonNode> byName = new java.util.HashMap<>();
        backends.forEach(b -> byName.put(b.get("name").asString(), b));
        assertThat(byName).containsKeys("lab", "other");
        JsonNode o = byName.get("other");
        assertThat(o.get("type").asString()).isEqualTo("scripted");
        assertThat(o.get("reachable").asBoolean()).isTrue();
        assertThat(o.get("activeOperations").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(byName.get("lab").get("maxConcurrency").asInt()).isEqualTo(4);
    }

    @Test
    void unknownRoutesAndMethodsAnswerProblemDetails() {
        isProblem(http.get().uri("/v1/nothing-here").exchange(), 404);
        isProblem(http.put().uri("/v1/operations").bodyValue("{}").exchange(), 405);
    }

    @Test
    void aFailingBackendShowsInTheOperationButDoesNotChangeItsState() {
        String handle = unique("f");
        lab.answer(handle, running(5));
        String id = register("lab", handle, "{}").get("id").asString();
        lab.answer(handle, PollOutcome.Failed.of("HTTP 503"));
        JsonNode op = await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> http.get()
                                .uri("/v1/operations/" + id)
                                .exchange()
                                .expectBody(JsonNode.class)
                                .returnResult()
                                .getResponseBody(),
                        read -> !read.get("backendStatus").get("reachable").asBoolean());
        assertThat(op.get("backendStatus").get("reachable").asBoolean()).isFalse();
        assertThat(op.get("backendStatus").get("lastError").asString()).isEqualTo("HTTP 503");
        assertThat(op.get("state").asString()).isEqualTo("RUNNING");
        assertThat(op.get("version").asLong()).isEqualTo(1);
    }
}
