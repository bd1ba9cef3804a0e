package io.opgate.gateway.browser;

import static io.opgate.gateway.support.ScriptedAdapter.running;
import static io.opgate.gateway.support.ScriptedAdapter.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.gateway.support.GatewayIntegrationTest;
import io.opgate.gateway.support.ScriptedAdapter;
import io.opgate.gateway.support.ScriptedAdapterFactory;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;

/** {@code server.http2.enabled} without TLS: SSE over h2c, by prior knowledge and by upgrade; HTTP/1.1 still served. */
@GatewayIntegrationTest
class Http2IntegrationTests {

    @LocalServerPort
    int port;

    final ScriptedAdapter lab = ScriptedAdapterFactory.adapter("lab");

    @Test
    void anOperationStreamRunsOverH2cByPriorKnowledgeAndEndsAfterTheTerminalEvent() {
        String handle = "h2-" + UUID.randomUUID();
        lab.answer(handle, running(10));
        String id = Streams.register(client(HttpProtocol.H2C), base(), handle);

        Streams.Received received = Streams.read(
                client(HttpProtocol.H2C),
                base(),
                "/v1/operations/" + id + "/events",
                text -> {
                    if (text.contains("\"percent\":10.0")) {
                        lab.answer(handle, succeeded());
                    }
                    return false;
                },
                Duration.ofSeconds(20));

        assertThat(received.version()).isEqualTo("HTTP/2.0");
        assertThat(received.contentType()).startsWith("text/event-stream");
        assertThat(received.header("x-accel-buffering")).isEqualTo("no");
        assertThat(received.body())
                .contains("retry:3000")
                .contains("id:1\nevent:operation\n")
                .contains("\"state\":\"SUCCEEDED\"");
        assertThat(received.completed())
                .as("the stream ends after the terminal event")
                .isTrue();
    }

    @Test
    void aRegistrationUpgradesToH2cWithItsBodyAndTheAllOperationsStreamFollows() {
        String handle = "up-" + UUID.randomUUID();
        lab.answer(handle, running(20));
        HttpClient upgrading = client(HttpProtocol.HTTP11, HttpProtocol.H2C);
        // The first request on the connection is the POST: it carries the Upgrade header and the JSON body.
        String id = Streams.register(upgrading, base(), handle);

        Streams.Received received = Streams.read(
                upgrading,
                base(),
                "/v1/events?label=run:" + handle,
                text -> text.contains("\"id\":\"" + id + "\""),
                Duration.ofSeconds(20));

        assertThat(received.version()).isEqualTo("HTTP/2.0");
        assertThat(received.body()).contains("event:operation\n").contains("\"percent\":20.0");
    }

    @Test
    void http11ClientsAreStillServed() {
        String version = client(HttpProtocol.HTTP11)
                .get()
                .uri(base() + "/v1/backends")
                .response()
                .map(r -> r.version().text())
                .block(Duration.ofSeconds(10));
        assertThat(version).isEqualTo("HTTP/1.1");
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    static HttpClient client(HttpProtocol... protocols) {
        return HttpClient.create().protocol(protocols).responseTimeout(Duration.ofSeconds(30));
    }
}
