package io.opgate.gateway.security;

import static io.opgate.gateway.support.ScriptedAdapter.running;
import static io.opgate.gateway.support.ScriptedAdapter.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.gateway.support.Api;
import io.opgate.gateway.support.ApiKeyGatewayTest;
import io.opgate.gateway.support.ScriptedAdapter;
import io.opgate.gateway.support.ScriptedAdapterFactory;
import io.opgate.gateway.support.TestKeys;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;

/** Every read, write and stream shows a tenant its own operations only; an admin sees all. */
@ApiKeyGatewayTest
class TenantIsolationIntegrationTests {

    Api api;
    final ScriptedAdapter lab = ScriptedAdapterFactory.adapter("lab");

    @Autowired
    void api(WebTestClient http) {
        this.api = new Api(http);
    }

    String handle() {
        String handle = Api.unique("iso");
        lab.answer(handle, running(10));
        return handle;
    }

    /** More of this rule: {@code HandleOwnershipIntegrationTests} (and {@code shared-handles} for two operations). */
    @Test
    void aHandleOneTenantTracksIsUnknownToAnother() {
        String handle = handle();
        String a = api.registered(TestKeys.WRITER_A, "lab", handle, "{}");
        api.register(TestKeys.RW_B, "lab", handle, "{}").problem(404);
        assertThat(api.register(TestKeys.WRITER_A, "lab", handle, "{}").status())
                .as("idempotent within a tenant")
                .isEqualTo(200);
        assertThat(api.get("/v1/operations/" + a, TestKeys.WRITER_A)
                        .json()
                        .get("handle")
                        .asString())
                .isEqualTo(handle);
    }

    @Test
    void anotherTenantsOperationAnswersExactlyAsAMissingOne() {
        String theirs = api.registered(TestKeys.WRITER_A, "lab", handle(), "{}");
        String missing = "missing" + Long.toHexString(System.nanoTime());
        List<String> templates = List.of(
                "GET /v1/operations/%s",
                "GET /v1/operations/%s?wait=1",
                "GET /v1/operations/%s?wait=1&after=0",
                "GET /v1/operations/%s?view=full",
                "GET /v1/operations/%s/events",
                "POST /v1/operations/%s/cancel",
                "DELETE /v1/operations/%s");
        for (String template : templates) {
            Api.Answer other = call(template, theirs, TestKeys.RW_B).problem(404);
            Api.Answer none = call(template, missing, TestKeys.RW_B).problem(404);
            assertThat(other.text().replace(theirs, "ID"))
                    .as(template)
                    .isEqualTo(none.text().replace(missing, "ID"));
        }
        assertThat(api.get("/v1/operations/" + theirs, TestKeys.WRITER_A).status())
                .as("neither the cancel nor the delete touched it")
                .isEqualTo(200);
        assertThat(api.get("/v1/operations/" + theirs, TestKeys.ADMIN).status())
                .as("an admin sees every tenant")
                .isEqualTo(200);
    }

    Api.Answer call(String template, String id, String key) {
        String[] parts = String.format(template, id).split(" ", 2);
        return api.call(HttpMethod.valueOf(parts[0]), parts[1], key, null);
    }

    @Test
    void listsShowTheCallersOwnOperationsAndAnAdminEveryone() {
        String run = Api.unique("run");
        String labels = "{\"run\":\"" + run + "\"}";
        String a = api.registered(TestKeys.WRITER_A, "lab", handle(), labels);
        String b = api.registered(TestKeys.RW_B, "lab", handle(), labels);
        assertThat(ids(api.get("/v1/operations?label=run:" + run, TestKeys.READER_A)))
                .containsExactly(a);
        assertThat(ids(api.get("/v1/operations?label=run:" + run, TestKeys.RW_B)))
                .containsExactly(b);
        assertThat(ids(api.get("/v1/operations?label=run:" + run, TestKeys.ADMIN)))
                .containsExactlyInAnyOrder(a, b);
    }

    @Test
    void countsCoverTheCallersOwnOperationsAndAnAdminsEveryones() {
        String run = Api.unique("run");
        String labels = "{\"run\":\"" + run + "\"}";
        api.registered(TestKeys.WRITER_A, "lab", handle(), labels);
        api.registered(TestKeys.WRITER_A, "lab", handle(), labels);
        api.registered(TestKeys.RW_B, "lab", handle(), labels);
        String query = "/v1/operation-counts?label=run:" + run;
        assertThat(runningIn(api.get(query, TestKeys.READER_A))).isEqualTo(2);
        assertThat(runningIn(api.get(query, TestKeys.RW_B))).isEqualTo(1);
        assertThat(runningIn(api.get(query, TestKeys.ADMIN))).isEqualTo(3);
        assertThat(api.get(query, TestKeys.ADMIN)
                        .json()
                        .get("backends")
                        .get("lab")
                        .asLong())
                .isEqualTo(3);
    }

    static long runningIn(Api.Answer counts) {
        assertThat(counts.status()).isEqualTo(200);
        return counts.json().get("states").get("RUNNING").asLong();
    }

    static List<String> ids(Api.Answer list) {
        assertThat(list.status()).isEqualTo(200);
        return list.json()
                .get("operations")
                .valueStream()
                .map(op -> op.get("id").asString())
                .toList();
    }

    @Test
    void aBackendLimitedToSomeTenantsRefusesAndHidesItselfFromTheOthers() {
        String handle = Api.unique("other");
        ScriptedAdapterFactory.adapter("other").answer(handle, running(1));
        Api.Answer refused =
                api.register(TestKeys.WRITER_A, "other", handle, "{}").problem(403);
        assertThat(refused.json().get("detail").asString()).contains("other");
        assertThat(api.register(TestKeys.RW_B, "other", handle, "{}").status()).isEqualTo(201);

        assertThat(api.get("/v1/backends", TestKeys.READER_A).json().findValuesAsString("name"))
                .containsExactly("lab");
        assertThat(api.get("/v1/backends", TestKeys.RW_B).json().findValuesAsString("name"))
                .containsExactly("lab", "other");
        assertThat(api.get("/v1/backends", TestKeys.ADMIN).json().findValuesAsString("name"))
                .containsExactly("lab", "other");
    }

    @Test
    void theFirehoseNeverCarriesAnotherTenantsEventsLiveAfterResumeOrAfterReset() {
        String run = Api.unique("run");
        String labels = "{\"run\":\"" + run + "\"}";
        String uri = "/v1/events?label=run:" + run;
        String bFirst = api.registered(TestKeys.RW_B, "lab", handle(), labels);

        // b's live stream, from its snapshot on.
        List<ServerSentEvent<String>> live = new CopyOnWriteArrayList<>();
        Disposable following = api.open(uri, Api.bearer(TestKeys.RW_B))
                .getResponseBody()
                .filter(e -> e.event() != null)
                .subscribe(live::add);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> mentions(live, bFirst));
        String cursorBeforeA = live.get(0).id();

        // a creates, changes, and deletes operations with the same labels.
        String aHandle = Api.unique("iso");
        lab.answer(aHandle, running(10));
        String a = api.registered(TestKeys.WRITER_A, "lab", aHandle, labels);
        lab.answer(aHandle, succeeded());
        assertThat(api.get("/v1/operations/" + a + "?wait=10", TestKeys.WRITER_A)
                        .json()
                        .get("done")
                        .asBoolean())
                .isTrue();
        String aGone = api.registered(TestKeys.WRITER_A, "lab", handle(), labels);
        assertThat(api.call(HttpMethod.DELETE, "/v1/operations/" + aGone, TestKeys.WRITER_A, null)
                        .status())
                .isEqualTo(204);
        // Then one change of b's own, which every stream below reads up to.
        String bMarker = api.registered(TestKeys.RW_B, "lab", handle(), labels);

        Set<String> aIds = Set.of(a, aGone);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> mentions(live, bMarker));
            assertThat(live).noneMatch(mentionsAny(aIds));
        } finally {
            following.dispose();
        }

        List<ServerSentEvent<String>> resumed = Api.eventsUntil(
                api.open(uri, Map.of("Last-Event-ID", cursorBeforeA, "Authorization", "Bearer " + TestKeys.RW_B)),
                mentionsAny(Set.of(bMarker)));
        assertThat(resumed).noneMatch(mentionsAny(aIds));

        List<ServerSentEvent<String>> reset = Api.eventsUntil(
                api.open(uri, Map.of("Last-Event-ID", "no-such-cursor", "Authorization", "Bearer " + TestKeys.RW_B)),
                mentionsAny(Set.of(bMarker)));
        assertThat(reset.get(0).event()).isEqualTo("reset");
        assertThat(reset).noneMatch(mentionsAny(aIds));

        // The same resume as an admin does carry a's events: the checks above could have failed.
        List<ServerSentEvent<String>> admin = Api.eventsUntil(
                api.open(uri, Map.of("Last-Event-ID", cursorBeforeA, "Authorization", "Bearer " + TestKeys.ADMIN)),
                mentionsAny(Set.of(bMarker)));
        assertThat(admin).anyMatch(mentionsAny(Set.of(a)));
        assertThat(admin).anyMatch(e -> "deleted".equals(e.event()) && mentions(e, aGone));
    }

    static boolean mentions(List<ServerSentEvent<String>> events, String id) {
        return events.stream().anyMatch(e -> mentions(e, id));
    }

    static boolean mentions(ServerSentEvent<String> event, String id) {
        if (event.data() == null || event.data().isEmpty()) {
            return false;
        }
        JsonNode data = Api.data(event);
        return data.has("id") && data.get("id").asString().equals(id);
    }

    static Predicate<ServerSentEvent<String>> mentionsAny(Set<String> ids) {
        return event -> ids.stream().anyMatch(id -> mentions(event, id));
    }
}
