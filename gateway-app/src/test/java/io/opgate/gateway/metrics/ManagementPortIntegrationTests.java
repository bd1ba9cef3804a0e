package io.opgate.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.gateway.support.ApiKeyGatewayTest;
import io.opgate.gateway.support.TestKeys;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * With {@code management.server.port} set, metrics and probes are served on that port only (open, with authentication
 * on, as CONTRACT §5 says) and the application's port has no {@code /actuator/**} at all: an Ingress that routes the
 * application port cannot expose them.
 */
@ApiKeyGatewayTest
@TestPropertySource(properties = {"management.server.port=0", "management.server.address=127.0.0.1"})
class ManagementPortIntegrationTests {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Test
    void metricsAndProbesOnTheManagementPortOnly() {
        assertThat(managementPort).isPositive().isNotEqualTo(port);
        WebTestClient main = client(port);
        WebTestClient management = client(managementPort);

        // The API stays where it was.
        main.get()
                .uri("/v1/backends")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestKeys.READER_A)
                .exchange()
                .expectStatus()
                .isOk();

        // A scraper needs no key on the management port ...
        String scrape = management
                .get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(scrape).contains("opgate_", "http_server_requests");
        for (String probe :
                new String[] {"/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"}) {
            management.get().uri(probe).exchange().expectStatus().isOk();
        }
        // ... where the API is not served ...
        management
                .get()
                .uri("/v1/backends")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestKeys.READER_A)
                .exchange()
                .expectStatus()
                .isNotFound();

        // ... and the application port serves no actuator endpoint, with a key or without.
        for (String path : new String[] {
            "/actuator/prometheus", "/actuator/health", "/actuator/health/readiness", "/actuator", "/actuator/env"
        }) {
            main.get().uri(path).exchange().expectStatus().value(status -> assertThat(status)
                    .as("%s on the application port", path)
                    .isIn(401, 404));
            main.get()
                    .uri(path)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestKeys.ADMIN)
                    .exchange()
                    .expectStatus()
                    .isNotFound();
        }
        // Unexposed endpoints stay unexposed on the management port.
        management
                .get()
                .uri("/actuator/env")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestKeys.ADMIN)
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    static WebTestClient client(int port) {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }
}
