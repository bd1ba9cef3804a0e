package io.opgate.gateway.security;

import static io.opgate.gateway.support.ScriptedAdapter.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.opgate.gateway.support.Api;
import io.opgate.gateway.support.ApiKeyGatewayTest;
import io.opgate.gateway.support.ScriptedAdapter;
import io.opgate.gateway.support.ScriptedAdapterFactory;
import io.opgate.gateway.support.TestKeys;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Stream tokens over HTTP: what they open, and what they do not. */
@ApiKeyGatewayTest
class StreamTokensIntegrationTests {

    Api api;
    final ScriptedAdapter lab = ScriptedAdapterFactory.adapter("lab");

    @Autowired
    void api(WebTestClient http) {
        this.api = new Api(http);
    }

    /** A token for the stream at {@code path} with {@code query} (may be empty), asked for as the caller of key. */
    String token(String key, String path, String query) {
        Api.Answer answer = api.call(HttpMethod.POST, "/v1/stream-tokens", key, body(path, query));
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(Instant.parse(answer.json().get("expiresAt").asString()))
                .isCloseTo(Instant.now().plusSeconds(60), within(5, ChronoUnit.SECONDS));
        return answer.json().get("token").asString();
    }

    static String body(String path, String query) {
        return "{\"path\":" + Api.JSON.writeValueAsString(path) + ",\"query\":" + Api.JSON.writeValueAsString(query)
                + "}";
    }

    String operation(String key, String labels) {
        String handle = Api.unique("tok");
        lab.answer(handle, running(10));
        return api.registered(key, "lab", handle, labels);
    }

    @Test
    void aStreamTokenOpensBothStreamsForItsOwnTenantOnly() {
        String run = Api.unique("run");
        String labels = "{\"run\":\"" + run + "\"}";
        String mine = operation(TestKeys.WRITER_A, labels);
        String theirs = operation(TestKeys.RW_B, labels);

        var all = Api.eventsUntil(
                api.open(
                        "/v1/events?label=run:" + run + "&token="
                                + token(TestKeys.READER_A, "/v1/events", "label=run:" + run),
                        Map.of()),
                TenantIsolationIntegrationTests.mentionsAny(Set.of(mine)));
        assertThat(all).noneMatch(TenantIsolationIntegrationTests.mentionsAny(Set.of(theirs)));
        String one = "/v1/operations/" + mine + "/events";
        Api.eventsUntil(
                api.open(one + "?token=" + token(TestKeys.READER_A, one, ""), Map.of()),
                TenantIsolationIntegrationTests.mentionsAny(Set.of(mine)));
        // A token may be asked for any stream (no oracle), but opens only what its tenant may read.
        String other = "/v1/operations/" + theirs + "/events";
        api.get(other + "?token=" + token(TestKeys.READER_A, other, ""), null).problem(404);
    }

    @Test
    void anAdminsStreamTokenSeesTheAdminsOwnTenantOnly() {
        String run = Api.unique("run");
        String labels = "{\"run\":\"" + run + "\"}";
        String theirs = operation(TestKeys.RW_B, labels);
        String ours = operation(TestKeys.ADMIN, labels);
        String query = "label=run:" + run;
        // With the key in the header the admin sees every tenant...
        Api.eventsUntil(
                api.open("/v1/events?" + query, Api.bearer(TestKeys.ADMIN)),
                TenantIsolationIntegrationTests.mentionsAny(Set.of(theirs)));
        // ...with a stream token only its own tenant: the firehose stays behind the header.
        var seen = Api.eventsUntil(
                api.open("/v1/events?" + query + "&token=" + token(TestKeys.ADMIN, "/v1/events", query), Map.of()),
                TenantIsolationIntegrationTests.mentionsAny(Set.of(ours)));
        assertThat(seen).noneMatch(TenantIsolationIntegrationTests.mentionsAny(Set.of(theirs)));
        String other = "/v1/operations/" + theirs + "/events";
        api.get(other + "?token=" + token(TestKeys.ADMIN, other, ""), null).problem(404);
    }

    @Test
    void aStreamTokenOpensTheStreamItWasIssuedForAndNoOther() {
        String run = Api.unique("run");
        String mine = operation(TestKeys.WRITER_A, "{\"run\":\"" + run + "\"}");
        String token = token(TestKeys.READER_A, "/v1/events", "state=RUNNING&label=run:" + run);

        // The same filters in another order, and a cursor to resume after, are the same stream.
        Api.eventsUntil(
                api.open("/v1/events?label=run:" + run + "&lastEventId=0&state=RUNNING&token=" + token, Map.of()),
                TenantIsolationIntegrationTests.mentionsAny(Set.of(mine)));
        for (String other : List.of(
                "/v1/events?",
                "/v1/events?label=run:" + run + "&",
                "/v1/events?state=RUNNING&",
                "/v1/events?state=RUNNING&label=run:" + run + "&state=FAILED&",
                "/v1/events?state=RUNNING&label=run:" + run + "&backend=lab&",
                "/v1/operations/" + mine + "/events?")) {
            assertThat(api.get(other + "token=" + token, null)
                            .problem(401)
                            .json()
                            .get("detail")
                            .asString())
                    .as(other)
                    .contains("another stream");
        }
    }

    @Test
    void theTokenRequestMustNameAnEventStream() {
        for (String bad : List.of(
                "",
                "{}",
                "[]",
                "{\"stream\":\"/v1/events\"}",
                "{\"path\":\"/v1/operations\"}",
                "{\"path\":\"/actuator/env\",\"query\":\"\"}",
                "{\"path\":\"/v1/events\",\"query\":3}",
                "{\"path\":\"/v1/events\",\"query\":\"backend=%zz\"}",
                "{\"path\":\"/v1/events\",\"query\":\"\",\"admin\":true}")) {
            Api.Answer answer =
                    api.call(HttpMethod.POST, "/v1/stream-tokens", TestKeys.READER_A, bad.isEmpty() ? null : bad);
            assertThat(answer.status()).as(bad).isIn(400, 415);
            assertThat(answer.headers().getContentType()).as(bad).hasToString("application/problem+json");
        }
    }

    @Test
    void aStreamTokenOpensNothingButTheTwoStreams() {
        String mine = operation(TestKeys.WRITER_A, "{}");
        String token = token(TestKeys.WRITER_A, "/v1/events", "");
        List<String> elsewhere = List.of(
                "GET /v1/operations",
                "GET /v1/operations/" + mine,
                "GET /v1/backends",
                "POST /v1/stream-tokens",
                "POST /v1/operations/" + mine + "/cancel",
                "DELETE /v1/operations/" + mine,
                "GET /actuator/env");
        for (String call : elsewhere) {
            String[] parts = call.split(" ");
            api.call(HttpMethod.valueOf(parts[0]), parts[1] + "?token=" + token, (String) null, null)
                    .problem(401);
            // Not even next to valid credentials: a token in a URL is refused where it does not belong.
            api.call(HttpMethod.valueOf(parts[0]), parts[1] + "?token=" + token, TestKeys.WRITER_A, null)
                    .problem(401);
        }
        assertThat(api.get("/v1/operations/" + mine, TestKeys.WRITER_A).status())
                .as("the refused delete did nothing")
                .isEqualTo(200);
    }

    @Test
    void expiredTamperedAndForeignTokensAreRefused() {
        String mine = operation(TestKeys.WRITER_A, "{}");
        String stream = "/v1/operations/" + mine + "/events";
        String uri = stream + "?token=";
        Caller a = new Caller("team-a", Set.of(Caller.Role.READ));

        String expired = new StreamTokens(
                        List.of(TestKeys.STREAM_TOKEN_KEY),
                        Duration.ofSeconds(60),
                        Clock.fixed(Instant.now().minusSeconds(61), ZoneOffset.UTC))
                .issue(a, stream)
                .token();
        assertThat(api.get(uri + expired, null)
                        .problem(401)
                        .json()
                        .get("detail")
                        .asString())
                .contains("expired");

        String valid = token(TestKeys.READER_A, stream, "");
        String[] parts = valid.split("\\.");
        String otherTenant = parts[0] + "."
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                                .replace("team-a", "team-b")
                                .getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        String adminFlag = parts[0] + "."
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                                .replace("|r|", "|ra|")
                                .getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        String flippedSignature =
                parts[0] + "." + parts[1] + "." + (parts[2].charAt(0) == 'A' ? 'B' : 'A') + parts[2].substring(1);
        String foreignKey = new StreamTokens(
                        List.of("a-key-this-gateway-does-not-know-0123456789"),
                        Duration.ofSeconds(60),
                        Clock.systemUTC())
                .issue(a, stream)
                .token();
        for (String bad : List.of(otherTenant, adminFlag, flippedSignature, foreignKey, "x", "a.b.c", valid + "x")) {
            Api.Answer answer = api.get(uri + bad, null).problem(401);
            assertThat(answer.text()).doesNotContain(TestKeys.STREAM_TOKEN_KEY);
        }

        String signedWithThePreviousKey = new StreamTokens(
                        List.of(TestKeys.OLD_STREAM_TOKEN_KEY), Duration.ofSeconds(60), Clock.systemUTC())
                .issue(a, stream)
                .token();
        Api.eventsUntil(
                api.open(uri + signedWithThePreviousKey, Map.of()),
                TenantIsolationIntegrationTests.mentionsAny(Set.of(mine)));
    }
}
