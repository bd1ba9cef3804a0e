package io.opgate.bench.bare;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.opgate.bench.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Answers every {@code GET} with the same bytes that opgate gave for {@code GET /v1/operations/{id}}: the cost of
 * HTTP alone on Reactor Netty, with the server's default event loops, as opgate has them.
 */
public final class BarePollServer {

    private BarePollServer() {}

    public static DisposableServer start(int port, byte[] body) {
        String length = Integer.toString(body.length);
        return HttpServer.create()
                .host("127.0.0.1")
                .port(port)
                .handle((request, response) -> response.status(HttpResponseStatus.OK)
                        .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                        .header(HttpHeaderNames.CONTENT_LENGTH, length)
                        .sendByteArray(Mono.just(body)))
                .bindNow();
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        byte[] body = Files.readAllBytes(Path.of(o.required("body")));
        DisposableServer server = start(o.integer("port", 8091), body);
        System.out.println("bare poll server on 127.0.0.1:" + server.port() + ", " + body.length + " bytes");
        server.onDispose().block();
    }
}
