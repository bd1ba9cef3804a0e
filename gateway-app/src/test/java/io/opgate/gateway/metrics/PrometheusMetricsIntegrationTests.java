package io.opgate.gateway.metrics;

import static io.opgate.gateway.support.ScriptedAdapter.running;
import static io.opgate.gateway.support.ScriptedAdapter.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opgate.contracts.spi.PollOutcome;
import io.opgate.gateway.support.GatewayIntegrationTest;
import io.opgate.gateway.support.ScriptedAdapter;
import io.opgate.gateway.support.ScriptedAdapterFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** What {@code /actuator/prometheus} shows after the gateway tracked a few operations on the scripted backends. */
@GatewayIntegrationTest
@TestPropertySource(properties = "opgate.metrics.operations-refresh=100ms")
class PrometheusMetricsIntegrationTests {

    @Autowired
    WebTestClient http;

    final ScriptedAdapter lab = ScriptedAdapterFactory.adapter("lab");
    final List<String> idsAndHandles = new ArrayList<>();

    @Test
    void meteredByBackendStateAndOutcomeWithoutOperationIds() {
        String done = handle();
        lab.answer(done, running(10));
        String doneId = register(done);
        lab.answer(done, succeeded());
        http.get()
                .uri("/v1/operations/{id}?wait=10", doneId)
                .exchange()
                .expectStatus()
                .isOk();

        String failing = handle();
        lab.answer(failing, PollOutcome.Failed.of("HTTP 503"));
        register(failing);

        String unknown = handle();
        http.post()
                .uri("/v1/operations")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"backend\":\"lab\",\"handle\":\"" + unknown + "\"}")
                .exchange()
                .expectStatus()
                .isNotFound();

        String watched = handle();
        lab.answer(watched, running(50));
        String watchedId = register(watched);
        http.get()
                .uri("/v1/operations/{id}/events", watchedId)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .returnResult(String.class)
                .getResponseBody()
                .take(1)
                .blockLast(Duration.ofSeconds(10));

        // The state gauge is a periodic snapshot of the store: wait for one taken after every registration above.
        String text = awaitScrape(t -> value(t, "opgate_operations", "state=\"succeeded\"") >= 1
                && value(t, "opgate_operations", "state=\"running\"") >= 1
                && value(t, "opgate_operations", "state=\"unknown\"") >= 1
                && value(t, "opgate_polls_total", "backend=\"lab\",outcome=\"failed\"") >= 1
                && value(t, "opgate_sse_events_sent_total", "") >= 1);

        assertThat(value(text, "opgate_polls_total", "backend=\"lab\",outcome=\"observed\""))
                .isGreaterThanOrEqualTo(3);
        assertThat(value(text, "opgate_polls_total", "backend=\"lab\",outcome=\"not_found\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(text, "opgate_polls_total", "backend=\"other\",outcome=\"observed\""))
                .as("every backend's series exist from the start")
                .isZero();
        assertThat(text)
                .containsPattern("opgate_poll_duration_seconds_bucket\\{[^}]*backend=\"lab\"[^}]*le=\"[0-9.]+\"")
                .containsPattern("opgate_poll_duration_seconds_count\\{[^}]*backend=\"lab\"[^}]*outcome=\"observed\"");
        assertThat(value(text, "opgate_backend_polls_in_flight", "backend=\"lab\""))
                .isGreaterThanOrEqualTo(0);
        assertThat(value(text, "opgate_backend_max_concurrency", "backend=\"lab\""))
                .isEqualTo(4);
        assertThat(text)
                .containsPattern("opgate_backend_consecutive_failures\\{backend=\"lab\"}")
                .containsPattern("opgate_backend_reachable\\{backend=\"lab\"}");

        assertThat(value(text, "opgate_operations", "state=\"running\"")).isGreaterThanOrEqualTo(1);
        assertThat(value(text, "opgate_operations", "state=\"unknown\"")).isGreaterThanOrEqualTo(1);
        assertThat(value(text, "opgate_operation_transitions_total", "from=\"none\",to=\"running\""))
                .isGreaterThanOrEqualTo(2);
        assertThat(value(text, "opgate_operation_transitions_total", "from=\"running\",to=\"succeeded\""))
                .isGreaterThanOrEqualTo(1);

        assertThat(text).contains("opgate_sse_clients ").contains("opgate_sse_events_conflated_total ");
        assertThat(value(text, "opgate_store_duration_seconds_count", "call=\"update\",outcome=\"success\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(text, "opgate_store_duration_seconds_count", "call=\"insert\",outcome=\"success\""))
                .isGreaterThanOrEqualTo(3);
        assertThat(text)
                .containsPattern("http_server_requests_seconds_count\\{[^}]*method=\"POST\"[^}]*status=\"201\""
                        + "[^}]*uri=\"/v1/operations\"")
                .containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/v1/operations/\\{id}\"");

        for (String secret : idsAndHandles) {
            assertThat(text).as("no operation id or handle in the metrics").doesNotContain(secret);
        }
    }

    String handle() {
        String handle = "metrics-" + UUID.randomUUID();
        idsAndHandles.add(handle);
        return handle;
    }

    String register(String handle) {
        JsonNode created = http.post()
                .uri("/v1/operations")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"backend\":\"lab\",\"handle\":\"" + handle + "\"}")
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        String id = created.get("id").asString();
        idsAndHandles.add(id);
        return id;
    }

    String scrape() {
        return http.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    String awaitScrape(Predicate<String> ready) {
        return await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(100))
                .until(this::scrape, ready);
    }

    /** The sample of {@code name} whose labels start with {@code labels}, or -1 when there is none. */
    static double value(String text, String name, String labels) {
        String selector = labels.isEmpty() ? "(\\{[^}]*})?" : "\\{" + Pattern.quote(labels) + "[^}]*}";
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + selector + " ([0-9.eE+-]+)$")
                .matcher(text);
        return m.find() ? Double.parseDouble(m.group(m.groupCount())) : -1;
    }
}
