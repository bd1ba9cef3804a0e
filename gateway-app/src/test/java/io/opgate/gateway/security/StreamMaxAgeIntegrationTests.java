package io.opgate.gateway.security;

import static io.opgate.gateway.support.ScriptedAdapter.running;
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
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code opgate.security.stream-max-age}: a stream opened with a stream token ends after it, so that what the token
 * granted is asked for again; the client reconnects with a fresh token and resumes after the last event it saw.
 */
@ApiKeyGatewayTest
@TestPropertySource(properties = "opgate.security.stream-max-age=3s")
class StreamMaxAgeIntegrationTests {

    Api api;
    final ScriptedAdapter lab = ScriptedAdapterFactory.adapter("lab");

    @Autowired
    void api(WebTestClient http) {
        this.api = new Api(http);
    }

    String token(String query) {
        Api.Answer answer = api.call(
                HttpMethod.POST,
                "/v1/stream-tokens",
                TestKeys.READER_A,
                StreamTokensIntegrationTests.body("/v1/events", query));
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json().get("token").asString();
    }

    @Test
    void aStreamOpenedWithATokenEndsAfterTheMaxAgeAndAFreshTokenResumesIt() {
        String run = Api.unique("run");
        String query = "label=run:" + run;
        String handle = Api.unique("age");
        lab.answer(handle, running(10));
        String mine = api.registered(TestKeys.WRITER_A, "lab", handle, "{\"run\":\"" + run + "\"}");

        // The stream ends by itself: collecting it to the end returns (the whole test would time out otherwise).
        List<ServerSentEvent<String>> first = api.open("/v1/events?" + query + "&token=" + token(query), Map.of())
                .getResponseBody()
                .filter(e -> e.event() != null)
                .collectList()
                .block(Duration.ofSeconds(30));
        assertThat(first).anyMatch(TenantIsolationIntegrationTests.mentionsAny(Set.of(mine)));
        String lastEventId = first.get(first.size() - 1).id();
        assertThat(lastEventId).isNotBlank();

        // The client comes back with a fresh token for the same stream, after the last event it saw.
        lab.answer(handle, running(60));
        Api.eventsUntil(
                api.open("/v1/events?" + query + "&lastEventId=" + lastEventId + "&token=" + token(query), Map.of()),
                e -> "operation".equals(e.event())
                        && TenantIsolationIntegrationTests.mentionsAny(Set.of(mine))
                                .test(e)
                        && Api.data(e).path("progress").path("percent").asInt() == 60);
    }

    @Test
    void aStreamOpenedWithTheKeyInTheHeaderHasNoMaxAge() {
        AtomicBoolean ended = new AtomicBoolean();
        api.open("/v1/events", Api.bearer(TestKeys.READER_A))
                .getResponseBody()
                .doOnComplete(() -> ended.set(true))
                // Twice the maximum age of a stream opened with a token.
                .take(Duration.ofSeconds(6))
                .blockLast(Duration.ofSeconds(30));
        assertThat(ended).as("the server ended a stream opened with an API key").isFalse();
    }
}
