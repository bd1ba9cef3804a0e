package io.opgate.simulator;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;

/** A blocking HTTP client for tests, on a fresh connection each time so that resets stay contained. */
final class Http {
    private Http() {}

    record Reply(int status, HttpHeaders headers, String body) {
        JsonNode json() {
            return Json.MAPPER.readTree(body);
        }
    }

    // IAM's ~9,100-character X-Subject-Token does not fit in Reactor Netty's default 8 KiB of headers.
    private static HttpClient client() {
        return HttpClient.newConnection().httpResponseDecoder(spec -> spec.maxHeaderSize(128 * 1024));
    }

    static Reply get(String url, Map<String, String> headers) {
        return send(HttpMethod.GET, url, headers, null).block(Duration.ofSeconds(10));
    }

    static Reply post(String url, Map<String, String> headers, String body) {
        return send(HttpMethod.POST, url, headers, body).block(Duration.ofSeconds(10));
    }

    static Reply request(HttpMethod method, String url, Map<String, String> headers, String body) {
        return send(method, url, headers, body).block(Duration.ofSeconds(10));
    }

    static Mono<Reply> send(HttpMethod method, String url, Map<String, String> headers, String body) {
        HttpClient client = client().headers(h -> headers.forEach(h::set));
        byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        // Sent whole with Content-Length, as the vendors' SDKs send bodies; sendChunked streams one instead.
        HttpClient.ResponseReceiver<?> receiver = bytes == null
                ? client.request(method).uri(url)
                : client.headers(h -> h.set("Content-Length", bytes.length))
                        .request(method)
                        .uri(url)
                        .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(bytes)));
        return receiver.responseSingle((res, content) -> content.asString(StandardCharsets.UTF_8)
                .defaultIfEmpty("")
                .map(text -> new Reply(res.status().code(), res.responseHeaders(), text)));
    }

    /** {@code body} streamed, so that it goes out with {@code Transfer-Encoding: chunked} and no length. */
    static Reply sendChunked(HttpMethod method, String url, Map<String, String> headers, String body) {
        return client().headers(h -> headers.forEach(h::set))
                .request(method)
                .uri(url)
                .send(ByteBufFlux.fromString(Mono.just(body), StandardCharsets.UTF_8, ByteBufAllocator.DEFAULT))
                .responseSingle((res, content) -> content.asString(StandardCharsets.UTF_8)
                        .defaultIfEmpty("")
                        .map(text -> new Reply(res.status().code(), res.responseHeaders(), text)))
                .block(Duration.ofSeconds(10));
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
