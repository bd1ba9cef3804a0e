package io.opgate.bench.bare;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.opgate.bench.Options;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Answers every {@code GET} with the same bytes that opgate gave for {@code GET /v1/operations/{id}}, headers and body:
 * the cost of HTTP alone on Reactor Netty, with the server's default event loops, as opgate has them.
 */
public final class BarePollServer {

    private BarePollServer() {}

    /**
     * @param headerLines the answer's header lines as {@code curl -D} writes them; the status line, the length and
     *     blank lines are skipped
     */
    public static DisposableServer start(int port, byte[] body, List<String> headerLines) {
        HttpHeaders headers = headers(headerLines);
        headers.set(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length));
        return HttpServer.create()
                .host("127.0.0.1")
                .port(port)
                .handle((request, response) ->
                        response.status(HttpResponseStatus.OK).headers(headers).sendByteArray(Mono.just(body)))
                .bindNow();
    }

    static HttpHeaders headers(List<String> lines) {
        HttpHeaders headers = new DefaultHttpHeaders();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (line.startsWith("HTTP/") || colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            if (!name.equalsIgnoreCase(HttpHeaderNames.CONTENT_LENGTH.toString())) {
                headers.add(name, line.substring(colon + 1).trim());
            }
        }
        if (!headers.contains(HttpHeaderNames.CONTENT_TYPE)) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        }
        return headers;
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        byte[] body = Files.readAllBytes(Path.of(o.required("body")));
        String headerFile = o.string("headers", "");
        List<String> headerLines =
                headerFile.isEmpty() ? List.of() : Files.readAllLines(Path.of(headerFile), StandardCharsets.ISO_8859_1);
        DisposableServer server = start(o.integer("port", 8091), body, headerLines);
        System.out.println("bare poll server on 127.0.0.1:" + server.port() + ", " + body.length + " bytes, "
                + headers(headerLines).size() + " headers");
        server.onDispose().block();
    }
}
