package io.opgate.adapter.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/** The limits of the backend HTTP client, each against what a vendor really sends, and bodies sent whole. */
class BackendHttpLimitsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final int MIB = 1024 * 1024;

    private final Map<String, String> received = new ConcurrentHashMap<>();
    private final DisposableServer server = HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .httpRequestDecoder(spec -> spec.maxHeaderSize(128 * 1024))
            .route(routes -> routes.get("/token/{length}", (request, response) -> response.status(201)
                            .header(
                                    "X-Subject-Token",
                                    "MII" + "A".repeat(Integer.parseInt(request.param("length")) - 3))
                            .sendString(Mono.just("{}")))
                    .get("/body/{bytes}", (request, response) -> {
                        int bytes = Integer.parseInt(request.param("bytes"));
                        // Streamed in 64 KiB chunks without a length, as a proxy may send it.
                        return response.sendByteArray(Flux.range(0, (bytes + 65_535) / 65_536)
                                .map(i -> new byte[Math.min(65_536, bytes - i * 65_536)]));
                    })
                    .get("/declared/{bytes}", (request, response) -> response.header(
                                    "Content-Length", request.param("bytes"))
                            .sendString(Mono.just("x")))
                    .post("/echo", (request, response) -> {
                        request.requestHeaders()
                                .forEach(h -> received.put(h.getKey().toLowerCase(), h.getValue()));
                        return request.receive()
                                .aggregate()
                                .asString()
                                .defaultIfEmpty("")
                                .flatMap(body -> {
                                    received.put("body", body);
                                    return response.sendString(Mono.just("ok")).then();
                                });
                    }))
            .bindNow();

    private final HttpClient client = BackendHttp.withVendorLimits(HttpClient.create());

    @AfterEach
    void stop() {
        server.disposeNow();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private Mono<BackendHttp.Reply> get(HttpClient with, String path) {
        return BackendHttp.exchange(with.get().uri(url(path)), TIMEOUT);
    }

    @Test
    void responseHeadersAsLongAsHuaweisTokensAreRead() {
        assertThat(get(client, "/token/9100").block().status()).isEqualTo(201);
        assertThat(get(client, "/token/100000").block().status()).isEqualTo(201);

        // What every poll of a Huawei backend did before: Reactor Netty's default stops at 8 KiB.
        assertThatThrownBy(() -> get(HttpClient.create(), "/token/9100").block())
                .satisfies(e -> assertThat(BackendHttp.describe(e, TIMEOUT)).isEqualTo("answer headers too large"));
    }

    @Test
    void bodiesUpToTheLimitAreReadAndLargerOnesRefused() {
        assertThat(get(client, "/body/" + MIB).block().body()).hasSize(MIB);
        assertThat(get(client, "/body/" + BackendHttp.MAX_RESPONSE_BODY).block().body())
                .hasSize(BackendHttp.MAX_RESPONSE_BODY);

        assertThatThrownBy(() -> get(client, "/body/" + (BackendHttp.MAX_RESPONSE_BODY + 1))
                        .block())
                .satisfies(e -> assertThat(BackendHttp.describe(e, TIMEOUT)).isEqualTo("answer larger than 16 MiB"));
        // A declared length over the limit is refused before a byte of the body is read.
        assertThatThrownBy(() -> get(client, "/declared/" + (BackendHttp.MAX_RESPONSE_BODY + 1))
                        .block())
                .isInstanceOf(BackendHttp.BodyTooLarge.class);
    }

    @Test
    void postSendsTheBodyWholeWithContentLength() {
        byte[] body = "{\"method\":\"GetAsyncResult\",\"params\":{\"asyncHandle\":389},\"id\":1}"
                .getBytes(StandardCharsets.UTF_8);

        BackendHttp.exchange(BackendHttp.post(client, url("/echo"), body), TIMEOUT)
                .block();

        assertThat(received.get("content-length")).isEqualTo(Integer.toString(body.length));
        assertThat(received).doesNotContainKey("transfer-encoding");
        assertThat(received.get("body")).isEqualTo(new String(body, StandardCharsets.UTF_8));
    }
}
