package io.opgate.gateway.browser;

import static io.opgate.gateway.support.ScriptedAdapter.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opgate.gateway.support.GatewayIntegrationTest;
import io.opgate.gateway.support.ScriptedAdapter;
import io.opgate.gateway.support.ScriptedAdapterFactory;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;

/**
 * Without TLS the port speaks HTTP/1.1 only, although {@code server.http2.enabled} is on (for h2 over TLS, {@link
 * TlsHttp2IntegrationTests}): no h2c by prior knowledge, and an upgrade offer is declined with the request served.
 */
@GatewayIntegrationTest
class ClearTextHttp11IntegrationTests {

    @LocalServerPort
    int port;

    final ScriptedAdapter lab = ScriptedAdapterFactory.adapter("lab");

    @Test
    void aClientThatSpeaksH2cByPriorKnowledgeIsNotServed() {
        assertThatThrownBy(() -> client(HttpProtocol.H2C)
                        .get()
                        .uri(base() + "/v1/backends")
                        .response()
                        .block(Duration.ofSeconds(10)))
                .isNotNull();
    }

    @Test
    void anUpgradeOfferIsDeclinedAndTheRegistrationAndItsStreamAreServedOverHttp11() {
        String handle = "up-" + UUID.randomUUID();
        lab.answer(handle, running(20));
        HttpClient offering = client(HttpProtocol.HTTP11, HttpProtocol.H2C);
        // The first request on the connection is the POST: it carries the Upgrade header and the JSON body.
        Streams.Received received = Streams.registerAndFollow(offering, base(), handle);

        assertThat(received.version()).isEqualTo("HTTP/1.1");
        assertThat(received.body()).contains("event:operation\n").contains("\"percent\":20.0");
    }

    @Test
    void http11ClientsAreServed() {
        assertThat(Streams.versionOf(client(HttpProtocol.HTTP11), base() + "/v1/backends"))
                .isEqualTo("HTTP/1.1");
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    static HttpClient client(HttpProtocol... protocols) {
        return HttpClient.create().protocol(protocols).responseTimeout(Duration.ofSeconds(5));
    }
}
