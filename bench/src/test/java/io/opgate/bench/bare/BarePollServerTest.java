package io.opgate.bench.bare;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;

class BarePollServerTest {

    @Test
    void eachPathGetsItsCapturedStatusHeadersAndBody() {
        List<BarePollServer.Route> routes = List.of(
                BarePollServer.Route.of(
                        "/v1/operations/a",
                        "{\"id\":\"a\"}".getBytes(StandardCharsets.UTF_8),
                        List.of("HTTP/1.1 200 OK", "Content-Type: application/json", "X-Frame-Options: DENY")),
                BarePollServer.Route.of(
                        "/v1/operations",
                        "{\"operations\":[]}".getBytes(StandardCharsets.UTF_8),
                        List.of("HTTP/1.1 200 OK")),
                BarePollServer.Route.of(
                        "/no/such/path",
                        "{\"status\":404}".getBytes(StandardCharsets.UTF_8),
                        List.of("HTTP/1.1 404 Not Found", "Content-Type: application/problem+json")));
        DisposableServer server = BarePollServer.start(0, routes);
        try {
            HttpClient http = HttpClient.create().baseUrl("http://127.0.0.1:" + server.port());
            var list = http.get()
                    .uri("/v1/operations?pageSize=50")
                    .responseSingle(
                            (r, body) -> body.asString().map(text -> r.status().code() + " " + text))
                    .block();
            assertThat(list).isEqualTo("200 {\"operations\":[]}");
            var missing = http.get()
                    .uri("/no/such/path")
                    .responseSingle((r, body) -> body.asString()
                            .map(text -> r.status().code() + " "
                                    + r.responseHeaders().get("Content-Type") + " " + text))
                    .block();
            assertThat(missing).isEqualTo("404 application/problem+json {\"status\":404}");
            var other = http.get()
                    .uri("/elsewhere")
                    .responseSingle((r, body) -> body.asString()
                            .map(text -> r.status().code() + " "
                                    + r.responseHeaders().get("X-Frame-Options") + " "
                                    + r.responseHeaders().get("Content-Length") + " " + text))
                    .block();
            assertThat(other).isEqualTo("200 DENY 10 {\"id\":\"a\"}");
        } finally {
            server.disposeNow();
        }
    }
}
