package io.opgate.gateway.security;

import static io.opgate.gateway.support.ScriptedAdapter.running;
import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.gateway.support.Api;
import io.opgate.gateway.support.ApiKeyGatewayTest;
import io.opgate.gateway.support.ScriptedAdapterFactory;
import io.opgate.gateway.support.TestKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;

/** Streams and long-polls per tenant and the registration rate ({@code team-c} and {@code team-r} have them to themselves). */
@ApiKeyGatewayTest
class ClientLimitsIntegrationTests {

    Api api;

    @LocalServerPort
    int port;

    @Autowired
    void api(WebTestClient http) {
        this.api = new Api(http);
    }

    @Test
    void aTenantHoldsAtMostItsShareOfStreamsAndGetsOneBackWhenItClosesOne() {
        String handle = Api.unique("lim");
        ScriptedAdapterFactory.adapter("lab").answer(handle, running(1));
        String id = api.registered(TestKeys.LIMITS_C, "lab", handle, "{}");
        List<Disposable> open = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                var stream = api.open(
                        i % 2 == 0 ? "/v1/events" : "/v1/operations/" + id + "/events", Api.bearer(TestKeys.LIMITS_C));
                assertThat(stream.getStatus().value()).isEqualTo(200);
                open.add(stream.getResponseBody().subscribe());
            }
            for (String uri : List.of("/v1/events", "/v1/operations/" + id + "/events")) {
                Api.Answer refused = api.get(uri, TestKeys.LIMITS_C).problem(429);
                assertThat(Long.parseLong(refused.headers().getFirst(HttpHeaders.RETRY_AFTER)))
                        .isPositive();
            }
            assertThat(api.open("/v1/events", Api.bearer(TestKeys.READER_A))
                            .getStatus()
                            .value())
                    .as("other tenants are not affected")
                    .isEqualTo(200);
            // Reads other than streams are not limited.
            assertThat(api.get("/v1/operations/" + id, TestKeys.LIMITS_C).status())
                    .isEqualTo(200);

            open.remove(0).dispose();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        var stream = api.open("/v1/events", Api.bearer(TestKeys.LIMITS_C));
                        if (stream.getStatus().value() != 200) {
                            return false;
                        }
                        open.add(stream.getResponseBody().subscribe());
                        return true;
                    });
        } finally {
            open.forEach(Disposable::dispose);
        }
    }

    @Test
    void aTenantHoldsAtMostItsShareOfLongPollsAndGetsOneBackWhenOneAnswers() {
        String handle = Api.unique("lim-wait");
        ScriptedAdapterFactory.adapter("lab").answer(handle, running(1));
        String id = api.registered(TestKeys.LIMITS_C, "lab", handle, "{}");
        WebClient web = WebClient.builder()
                .baseUrl("http://127.0.0.1:" + port)
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + TestKeys.LIMITS_C)
                .build();
        List<Disposable> waiting = new ArrayList<>();
        try {
            // Three waits that nothing answers for 60 s hold the tenant's three long-polls.
            for (int i = 0; i < 3; i++) {
                waiting.add(web.get()
                        .uri("/v1/operations/" + id + "?wait=60&after=1000")
                        .retrieve()
                        .toBodilessEntity()
                        .subscribe(null, e -> {}));
            }
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> api.get("/v1/operations/" + id + "?wait=1", TestKeys.LIMITS_C)
                                    .status()
                            == 429);
            Api.Answer refused = api.get("/v1/operations/" + id + "?wait=30", TestKeys.LIMITS_C)
                    .problem(429);
            assertThat(refused.json().get("detail").asString()).contains("?wait=");
            assertThat(Long.parseLong(refused.headers().getFirst(HttpHeaders.RETRY_AFTER)))
                    .isPositive();
            assertThat(api.get("/v1/operations/" + id, TestKeys.LIMITS_C).status())
                    .as("a read without a wait is not counted")
                    .isEqualTo(200);
            String otherHandle = Api.unique("lim-wait-a");
            ScriptedAdapterFactory.adapter("lab").answer(otherHandle, running(1));
            String other = api.registered(TestKeys.WRITER_A, "lab", otherHandle, "{}");
            assertThat(api.get("/v1/operations/" + other + "?wait=1", TestKeys.READER_A)
                            .status())
                    .as("other tenants are not affected")
                    .isEqualTo(200);

            // A client that gives up on its wait (the connection closes) gives its long-poll back.
            waiting.remove(0).dispose();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> api.get("/v1/operations/" + id + "?wait=1", TestKeys.LIMITS_C)
                                    .status()
                            == 200);
        } finally {
            waiting.forEach(Disposable::dispose);
        }
    }

    @Test
    void registrationsAreRateLimitedPerTenant() {
        // Malformed registrations cost a token too: the bucket is taken before the body is checked. The bucket
        // holds 40 and refills one a second, so the refusal comes after at most 40 and a few more requests (fewer
        // when another test of this context has drawn on team-r's bucket; the burst itself is unit-tested).
        int accepted = 0;
        Api.Answer refused = null;
        while (refused == null && accepted < 60) {
            Api.Answer answer = api.call(HttpMethod.POST, "/v1/operations", TestKeys.RATE_R, "{}");
            if (answer.status() == 429) {
                refused = answer.problem(429);
            } else {
                assertThat(answer.status()).isEqualTo(400);
                accepted++;
            }
        }
        assertThat(refused).as("refused").isNotNull();
        assertThat(accepted).isLessThanOrEqualTo(50);
        api.call(HttpMethod.POST, "/v1/operations", TestKeys.RATE_R, "{}").problem(429);
        assertThat(Long.parseLong(refused.headers().getFirst(HttpHeaders.RETRY_AFTER)))
                .isBetween(1L, 2L);
        assertThat(api.call(HttpMethod.POST, "/v1/operations", TestKeys.WRITER_A, "{}")
                        .status())
                .as("another tenant's bucket is its own")
                .isEqualTo(400);
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> api.call(HttpMethod.POST, "/v1/operations", TestKeys.RATE_R, "{}")
                                .status()
                        == 400);
    }
}
