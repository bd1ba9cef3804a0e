package io.opgate.gateway.store.redis;

import static io.opgate.gateway.support.ScriptedAdapter.running;
import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.gateway.support.Api;
import io.opgate.gateway.support.GatewayReplica;
import io.opgate.gateway.support.RedisExtension;
import io.opgate.gateway.support.RedisServer;
import io.opgate.gateway.support.ScriptedAdapterFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;

/**
 * Two replicas on one Redis share each tenant's quotas: together they allow what one would (four streams, three
 * long-polls, a burst of eight registrations), and a unit given back on one can be taken on the other. Security is
 * off, so every caller is tenant {@code default}; each test uses a quota of its own.
 */
@ExtendWith(RedisExtension.class)
class QuotasAcrossReplicasIntegrationTests {

    static final int STREAMS = 4;
    static final int LONG_POLLS = 3;
    static final int BURST = 8;

    static GatewayReplica a;
    static GatewayReplica b;

    final List<Disposable> held = new ArrayList<>();

    @BeforeAll
    static void startReplicas(RedisServer redis) {
        String prefix = "quotas-" + UUID.randomUUID();
        Map<String, Object> limits = Map.of(
                "opgate.security.max-streams-per-client", STREAMS,
                "opgate.security.max-long-polls-per-client", LONG_POLLS,
                "opgate.security.registrations.per-second", "0.05",
                "opgate.security.registrations.burst", BURST,
                "opgate.redis.quota-lease", "1500ms");
        a = GatewayReplica.start(redis.url(), prefix, limits);
        b = GatewayReplica.start(redis.url(), prefix, limits);
    }

    @AfterAll
    static void stopReplicas() {
        for (GatewayReplica replica : new GatewayReplica[] {a, b}) {
            if (replica != null) {
                replica.close();
            }
        }
    }

    @AfterEach
    void release() {
        held.forEach(Disposable::dispose);
    }

    static Api api(GatewayReplica replica) {
        return new Api(replica.http());
    }

    Disposable openStream(GatewayReplica on) {
        var stream = api(on).open("/v1/events", Map.of());
        assertThat(stream.getStatus().value()).as("stream status").isEqualTo(200);
        Disposable open = stream.getResponseBody().subscribe(null, e -> {});
        held.add(open);
        return open;
    }

    static void refusedWithRetryAfter(Api.Answer refused) {
        assertThat(Long.parseLong(refused.headers().getFirst(HttpHeaders.RETRY_AFTER)))
                .isPositive();
    }

    @Test
    void streamsAreCountedAcrossReplicas() {
        Disposable first = openStream(a);
        openStream(a);
        openStream(b);
        openStream(b);
        for (GatewayReplica replica : List.of(a, b)) {
            refusedWithRetryAfter(api(replica).get("/v1/events", null).problem(429));
        }
        first.dispose();
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    var stream = api(b).open("/v1/events", Map.of());
                    if (stream.getStatus().value() != 200) {
                        return false;
                    }
                    held.add(stream.getResponseBody().subscribe(null, e -> {}));
                    return true;
                });
        refusedWithRetryAfter(api(a).get("/v1/events", null).problem(429));
    }

    @Test
    void longPollsAreCountedAcrossReplicas() {
        String handle = "wait-" + UUID.randomUUID();
        ScriptedAdapterFactory.adapter(GatewayReplica.BACKEND).answer(handle, running(5));
        String id = a.register(handle);
        String forever = "/v1/operations/" + id + "?wait=60&after=1000000";
        Disposable first = hold(a, forever);
        hold(a, forever);
        hold(b, forever);
        for (GatewayReplica replica : List.of(a, b)) {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> api(replica)
                                    .get("/v1/operations/" + id + "?wait=1", null)
                                    .status()
                            == 429);
            refusedWithRetryAfter(
                    api(replica).get("/v1/operations/" + id + "?wait=5", null).problem(429));
        }
        assertThat(api(b).get("/v1/operations/" + id, null).status())
                .as("a read without a wait is not counted")
                .isEqualTo(200);

        first.dispose();
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() ->
                        api(b).get("/v1/operations/" + id + "?wait=1", null).status() == 200);
    }

    Disposable hold(GatewayReplica on, String uri) {
        Disposable waiting = WebClient.create("http://127.0.0.1:" + on.port())
                .get()
                .uri(uri)
                .accept(MediaType.APPLICATION_JSON)
                .retrieve()
                .toBodilessEntity()
                .subscribe(null, e -> {});
        held.add(waiting);
        return waiting;
    }

    @Test
    void registrationsShareOneBucketAcrossReplicas() {
        // Malformed registrations take a token too. One replica alone would allow a burst of eight, two of them
        // sixteen; together they allow eight (one a twenty seconds refills, which this test does not wait for).
        int accepted = 0;
        Api.Answer refused = null;
        for (int i = 0; refused == null && i < 2 * BURST + 2; i++) {
            Api.Answer answer = api(i % 2 == 0 ? a : b).call(HttpMethod.POST, "/v1/operations", (String) null, "{}");
            if (answer.status() == 429) {
                refused = answer;
            } else {
                assertThat(answer.status()).isEqualTo(400);
                accepted++;
            }
        }
        assertThat(refused).as("refused").isNotNull();
        assertThat(accepted).isBetween(BURST - 2, BURST);
        for (GatewayReplica replica : List.of(a, b)) {
            Api.Answer again = api(replica)
                    .call(HttpMethod.POST, "/v1/operations", (String) null, "{}")
                    .problem(429);
            assertThat(Long.parseLong(again.headers().getFirst(HttpHeaders.RETRY_AFTER)))
                    .isBetween(1L, 20L);
        }
    }
}
