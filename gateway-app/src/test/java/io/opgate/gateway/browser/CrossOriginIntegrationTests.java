package io.opgate.gateway.browser;

import static io.opgate.gateway.support.ScriptedAdapter.running;
import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.gateway.support.GatewayIntegrationTest;
import io.opgate.gateway.support.ScriptedAdapterFactory;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.FluxExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.test.StepVerifier;

/** {@code opgate.cors.allowed-origins}: pages from those origins may call the API and open the streams. */
@GatewayIntegrationTest
@TestPropertySource(properties = "opgate.cors.allowed-origins=https://ops.example.com,https://other.example.com")
class CrossOriginIntegrationTests {

    static final String ORIGIN = "https://ops.example.com";

    @Autowired
    WebTestClient http;

    @Test
    void aPreflightForAResumingEventSourceWithAKeyIsAllowedWithoutCredentials() {
        http.options()
                .uri("/v1/events")
                .header("Origin", ORIGIN)
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "last-event-id, authorization")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("Access-Control-Allow-Origin", ORIGIN)
                .expectHeader()
                .value("Access-Control-Allow-Headers", h -> assertThat(h.toLowerCase())
                        .contains("last-event-id")
                        .contains("authorization"))
                .expectHeader()
                .valueEquals("Access-Control-Max-Age", "3600")
                .expectHeader()
                .doesNotExist("Access-Control-Allow-Credentials");
    }

    @Test
    void theEventStreamAnswersWithTheAllowedOrigin() {
        FluxExchangeResult<String> result = http.get()
                .uri("/v1/events")
                .header("Origin", ORIGIN)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("Access-Control-Allow-Origin", ORIGIN)
                .returnResult(String.class);
        assertThat(result.getResponseHeaders().getContentType().isCompatibleWith(MediaType.TEXT_EVENT_STREAM))
                .isTrue();
        StepVerifier.create(result.getResponseBody()).thenCancel().verify(Duration.ofSeconds(5));
    }

    @Test
    void aRegistrationFromAnAllowedOriginExposesLocation() {
        String handle = "cors-" + UUID.randomUUID();
        ScriptedAdapterFactory.adapter("lab").answer(handle, running(5));
        http.post()
                .uri("/v1/operations")
                .header("Origin", "https://other.example.com")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"backend\":\"lab\",\"handle\":\"" + handle + "\"}")
                .exchange()
                .expectStatus()
                .isCreated()
                .expectHeader()
                .valueEquals("Access-Control-Allow-Origin", "https://other.example.com")
                .expectHeader()
                .value("Access-Control-Expose-Headers", h -> assertThat(h).containsIgnoringCase("Location"));
    }

    @Test
    void anotherOriginIsRefused() {
        http.get()
                .uri("/v1/backends")
                .header("Origin", "https://evil.example.net")
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .doesNotExist("Access-Control-Allow-Origin");
        http.method(HttpMethod.OPTIONS)
                .uri("/v1/events")
                .header("Origin", "https://evil.example.net")
                .header("Access-Control-Request-Method", "GET")
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    void aMethodOutsideTheApiIsNotAllowed() {
        http.options()
                .uri("/v1/operations/abc")
                .header("Origin", ORIGIN)
                .header("Access-Control-Request-Method", "PUT")
                .exchange()
                .expectStatus()
                .isForbidden();
    }
}
