package io.opgate.adapter.kit;

import io.netty.channel.ChannelOption;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A loopback HTTP server whose answers a test scripts, request by request. It records every request it receives.
 */
public final class FakeHttpServer implements AutoCloseable {

    private final DisposableServer server;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private volatile Function<RecordedRequest, FakeResponse> script = r -> FakeResponse.empty(404);

    private FakeHttpServer() {
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                // CloudTest takes an X-Auth-Token of up to 100,000 characters.
                .httpRequestDecoder(spec -> spec.maxHeaderSize(128 * 1024))
                .handle(this::handle)
                .bindNow();
    }

    public static FakeHttpServer start() {
        return new FakeHttpServer();
    }

    /** Answers every following request with what {@code script} returns for it. */
    public FakeHttpServer script(Function<RecordedRequest, FakeResponse> script) {
        this.script = script;
        return this;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public int port() {
        return server.port();
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public void clearRequests() {
        requests.clear();
    }

    private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        return request.receive()
                .aggregate()
                .asString(StandardCharsets.UTF_8)
                .defaultIfEmpty("")
                .flatMap(body -> {
                    Map<String, String> headers = new LinkedHashMap<>();
                    request.requestHeaders()
                            .forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
                    RecordedRequest recorded =
                            new RecordedRequest(request.method().name(), request.uri(), Map.copyOf(headers), body);
                    requests.add(recorded);
                    FakeResponse answer = script.apply(recorded);
                    return Mono.delay(answer.delay()).then(Mono.defer(() -> answer(answer, response)));
                });
    }

    private static Mono<Void> answer(FakeResponse answer, HttpServerResponse response) {
        if (answer.reset()) {
            response.withConnection(c -> {
                // SO_LINGER 0 makes close() send RST, which is what a crashed or overloaded peer looks like.
                c.channel().config().setOption(ChannelOption.SO_LINGER, 0);
                c.channel().close();
            });
            return Mono.never();
        }
        response.status(answer.status());
        answer.headers().forEach(response::header);
        return response.sendString(Mono.just(answer.body())).then();
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
