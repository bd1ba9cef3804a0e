package io.opgate.bench.bare;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.opgate.bench.Options;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Answers {@code GET}s with the same bytes that opgate gave, status, headers and body: the cost of HTTP alone on
 * Reactor Netty, with the server's default event loops, as opgate has them. One answer for every path
 * ({@code --body}, {@code --headers}), or one per path ({@code --routes}: lines of path, body file, headers file; a path
 * that matches none gets the first line's answer).
 */
public final class BarePollServer {

    private BarePollServer() {}

    /** One captured answer, served for {@code path} (without its query). */
    public record Route(String path, HttpResponseStatus status, HttpHeaders headers, byte[] body) {

        /**
         * @param headerLines the answer's header lines as {@code curl -D} writes them: the status line gives the status
         *     (200 without one), the length and blank lines are skipped
         */
        public static Route of(String path, byte[] body, List<String> headerLines) {
            HttpHeaders headers = BarePollServer.headers(headerLines);
            headers.set(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length));
            return new Route(withoutQuery(path), BarePollServer.status(headerLines), headers, body);
        }
    }

    public static DisposableServer start(int port, byte[] body, List<String> headerLines) {
        return start(port, List.of(Route.of("/", body, headerLines)));
    }

    public static DisposableServer start(int port, List<Route> routes) {
        return HttpServer.create()
                .host("127.0.0.1")
                .port(port)
                .handle((request, response) -> {
                    Route route = find(routes, withoutQuery(request.uri()));
                    return response.status(route.status())
                            .headers(route.headers())
                            .sendByteArray(Mono.just(route.body()));
                })
                .bindNow();
    }

    static Route find(List<Route> routes, String path) {
        for (Route route : routes) {
            if (route.path().equals(path)) {
                return route;
            }
        }
        return routes.get(0);
    }

    static String withoutQuery(String uri) {
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }

    static HttpResponseStatus status(List<String> lines) {
        for (String line : lines) {
            if (line.startsWith("HTTP/")) {
                String[] parts = line.trim().split(" ");
                return parts.length > 1
                        ? HttpResponseStatus.valueOf(Integer.parseInt(parts[1]))
                        : HttpResponseStatus.OK;
            }
        }
        return HttpResponseStatus.OK;
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

    private static List<String> lines(String file) throws IOException {
        return file.isEmpty() ? List.of() : Files.readAllLines(Path.of(file), StandardCharsets.ISO_8859_1);
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        List<Route> routes = new ArrayList<>();
        String routeFile = o.string("routes", "");
        if (routeFile.isEmpty()) {
            routes.add(Route.of("/", Files.readAllBytes(Path.of(o.required("body"))), lines(o.string("headers", ""))));
        } else {
            for (String line : Files.readAllLines(Path.of(routeFile), StandardCharsets.UTF_8)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length == 3) {
                    routes.add(Route.of(fields[0], Files.readAllBytes(Path.of(fields[1])), lines(fields[2])));
                }
            }
        }
        DisposableServer server = start(o.integer("port", 8091), routes);
        for (Route route : routes) {
            System.out.println("bare poll server on 127.0.0.1:" + server.port() + " " + route.path() + ": "
                    + route.status().code() + ", " + route.body().length + " bytes, "
                    + route.headers().size()
                    + " headers");
        }
        server.onDispose().block();
    }
}
