package io.opgate.adapter.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.timeout.ReadTimeoutException;
import io.opgate.contracts.spi.BackendReply;
import io.opgate.contracts.spi.BackendRequest;
import io.opgate.contracts.spi.BackendTransport;
import io.opgate.contracts.spi.Secret;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.util.context.Context;

/**
 * The limits of the backend transport, each against what a vendor really sends; bodies sent whole; failures in a few
 * secret-free words.
 */
class ReactorNettyTransportTest {

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

    private final ReactorNettyTransport transport = new ReactorNettyTransport(HttpClient.create(), TIMEOUT);

    @AfterEach
    void stop() {
        server.disposeNow();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private Mono<BackendReply> get(String path) {
        return transport.send(BackendRequest.get(url(path)));
    }

    @Test
    void responseHeadersAsLongAsHuaweisTokensAreRead() {
        assertThat(get("/token/9100").block().status()).isEqualTo(201);
        assertThat(get("/token/100000").block().header("X-Subject-Token")).hasSize(100_000);

        // What every poll of a Huawei backend did before: Reactor Netty's default stops at 8 KiB.
        assertThatThrownBy(() -> HttpClient.create()
                        .get()
                        .uri(url("/token/9100"))
                        .responseSingle((response, body) -> body.asString())
                        .block())
                .satisfies(e ->
                        assertThat(ReactorNettyTransport.describe(e, TIMEOUT)).isEqualTo("answer headers too large"));
    }

    @Test
    void bodiesUpToTheLimitAreReadAndLargerOnesRefused() {
        assertThat(get("/body/" + MIB).block().body()).hasSize(MIB);
        assertThat(get("/body/" + ReactorNettyTransport.MAX_RESPONSE_BODY)
                        .block()
                        .body())
                .hasSize(ReactorNettyTransport.MAX_RESPONSE_BODY);

        assertThatThrownBy(() -> get("/body/" + (ReactorNettyTransport.MAX_RESPONSE_BODY + 1))
                        .block())
                .isInstanceOf(BackendTransport.Failure.class)
                .hasMessage("answer larger than 16 MiB");
        // A declared length over the limit is refused before a byte of the body is read.
        assertThatThrownBy(() -> get("/declared/" + (ReactorNettyTransport.MAX_RESPONSE_BODY + 1))
                        .block())
                .isInstanceOf(BackendTransport.Failure.class)
                .hasMessage("answer larger than 16 MiB");
    }

    @Test
    void postSendsTheBodyWholeWithContentLength() {
        byte[] body = "{\"method\":\"GetAsyncResult\",\"params\":{\"asyncHandle\":389},\"id\":1}"
                .getBytes(StandardCharsets.UTF_8);

        transport
                .send(BackendRequest.post(url("/echo"), body).header("Authorization", Secret.of("Basic a2l0OnB3")))
                .block();

        assertThat(received.get("authorization")).isEqualTo("Basic a2l0OnB3");
        assertThat(received.get("content-length")).isEqualTo(Integer.toString(body.length));
        assertThat(received).doesNotContainKey("transfer-encoding");
        assertThat(received.get("body")).isEqualTo(new String(body, StandardCharsets.UTF_8));
    }

    /** Trace headers are added by a hook on the client that reads the poll's observation from the Reactor context. */
    @Test
    void theSubscribersContextReachesTheClientsRequestHooks() {
        ReactorNettyTransport traced = new ReactorNettyTransport(
                HttpClient.create()
                        .doOnRequest((request, connection) -> request.header(
                                "traceparent", request.currentContextView().getOrDefault("trace", "none"))),
                TIMEOUT);

        traced.send(BackendRequest.post(url("/echo"), new byte[0]))
                .contextWrite(Context.of("trace", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
                .block();

        assertThat(received.get("traceparent")).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    }

    @Test
    void transportFailuresAreShortAndCarryNoMessage() {
        Duration timeout = Duration.ofMillis(500);
        assertThat(ReactorNettyTransport.describe(new TimeoutException("secret"), timeout))
                .isEqualTo("timeout after 500ms");
        assertThat(ReactorNettyTransport.describe(ReadTimeoutException.INSTANCE, Duration.ofSeconds(2)))
                .isEqualTo("timeout after 2s");
        assertThat(ReactorNettyTransport.describe(
                        new RuntimeException(new ConnectException("10.0.0.1:443 secret")), timeout))
                .isEqualTo("connection refused");
        assertThat(ReactorNettyTransport.describe(new IOException("Connection reset by peer"), timeout))
                .isEqualTo("connection reset");
        assertThat(ReactorNettyTransport.describe(new IllegalStateException("token=secret"), timeout))
                .isEqualTo("request failed (IllegalStateException)");
    }

    /** What Reactor Netty really raises, not a hand-made exception: a closed port, by address and by name. */
    @Test
    void aRefusedConnectionIsCalledRefusedNotAnUnknownHost() throws IOException {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Duration timeout = Duration.ofSeconds(5);
        ReactorNettyTransport refused = new ReactorNettyTransport(HttpClient.create(), timeout);
        for (String host : new String[] {"127.0.0.1", "localhost"}) {
            assertThatThrownBy(() -> refused.send(BackendRequest.get("http://" + host + ":" + closed + "/"))
                            .block())
                    .as(host)
                    .isInstanceOf(BackendTransport.Failure.class)
                    .hasMessage("connection refused");
        }
        assertThat(ReactorNettyTransport.describe(new java.net.UnknownHostException("nowhere.invalid"), timeout))
                .isEqualTo("unknown host");
    }
}
