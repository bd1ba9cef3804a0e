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

    String token(String key) {
        Api.Answer answer = api.call(HttpMethod.POST, "/v1/stream-tokens", key, null);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(Instant.parse(answer.json().get("expiresAt").asString()))
                .isCloseTo(Instant.now().plusSeconds(60), within(5, ChronoUnit.SECONDS));
        return answer.json().get("token").asString();
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
        String token = token(TestKeys.READER_A);

        var all = Api.eventsUntil(
                api.open("/v1/events?label=run:" + run + "&token=" + token, Map.of()),
                TenantIsolationIntegrationTests.mentionsAny(Set.of(mine)));
        assertThat(all).noneMatch(TenantIsolationIntegrationTests.mentionsAny(Set.of(theirs)));
        Api.eventsUntil(
                api.open("/v1/operations/" + mine + "/events?token=" + token, Map.of()),
                TenantIsolationIntegrationTests.mentionsAny(Set.of(mine)));
        api.get("/v1/operations/" + theirs + "/events?token=" + token, null).problem(404);
    }

    @Test
    void anAdminsStreamTokenSeesEveryTenant() {
        String run = Api.unique("run");
        String theirs = operation(TestKeys.RW_B, "{\"run\":\"" + run + "\"}");
        Api.eventsUntil(
                api.open("/v1/events?label=run:" + run + "&token=" + token(TestKeys.ADMIN), Map.of()),
                TenantIsolationIntegrationTests.mentionsAny(Set.of(theirs)));
    }

    @Test
    void aStreamTokenOpensNothingButTheTwoStreams() {
        String mine = operation(TestKeys.WRITER_A, "{}");
        String token = token(TestKeys.WRITER_A);
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
        String uri = "/v1/operations/" + mine + "/events?token=";
        Caller a = new Caller("team-a", Set.of(Caller.Role.READ));

        String expired = new StreamTokens(
                        List.of(TestKeys.STREAM_TOKEN_KEY),
                        Duration.ofSeconds(60),
                        Clock.fixed(Instant.now().minusSeconds(61), ZoneOffset.UTC))
                .issue(a)
                .token();
        assertThat(api.get(uri + expired, null)
                        .problem(401)
                        .json()
                        .get("detail")
                        .asString())
                .contains("expired");

        String valid = token(TestKeys.READER_A);
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
                .issue(a)
                .token();
        for (String bad : List.of(otherTenant, adminFlag, flippedSignature, foreignKey, "x", "a.b.c", valid + "x")) {
            Api.Answer answer = api.get(uri + bad, null).problem(401);
            assertThat(answer.text()).doesNotContain(TestKeys.STREAM_TOKEN_KEY);
        }

        String signedWithThePreviousKey = new StreamTokens(
                        List.of(TestKeys.OLD_STREAM_TOKEN_KEY), Duration.ofSeconds(60), Clock.systemUTC())
                .issue(a)
                .token();
        Api.eventsUntil(
                api.open(uri + signedWithThePreviousKey, Map.of()),
                TenantIsolationIntegrationTests.mentionsAny(Set.of(mine)));
    }
}
