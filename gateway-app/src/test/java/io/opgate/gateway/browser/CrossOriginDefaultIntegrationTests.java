package io.opgate.gateway.browser;

import io.opgate.gateway.support.GatewayIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Without {@code opgate.cors.allowed-origins} no other origin gets CORS headers: browsers keep their pages out. */
@GatewayIntegrationTest
class CrossOriginDefaultIntegrationTests {

    @Autowired
    WebTestClient http;

    @Test
    void noOriginIsAllowedByDefault() {
        http.get()
                .uri("/v1/backends")
                .header("Origin", "https://ops.example.com")
                .exchange()
                .expectHeader()
                .doesNotExist("Access-Control-Allow-Origin");
        http.options()
                .uri("/v1/events")
                .header("Origin", "https://ops.example.com")
                .header("Access-Control-Request-Method", "GET")
                .exchange()
                .expectHeader()
                .doesNotExist("Access-Control-Allow-Origin");
    }
}
