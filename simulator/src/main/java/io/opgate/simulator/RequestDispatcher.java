package io.opgate.simulator;

import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Routes each request by its first path segment to a vendor API, the Huawei IAM endpoint or the
 * control API, and applies the vendor's faults on the way.
 */
final class RequestDispatcher implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {
    private static final Logger log = LoggerFactory.getLogger(RequestDispatcher.class);
    private static final byte[] EMPTY = new byte[0];
    private static final String HTML_ERROR_PAGE = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n"
            + "<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
            + "</body>\r\n</html>\r\n";

    private static final String HTML_NOT_FOUND_PAGE = "<html>\r\n<head><title>404 Not Found</title></head>\r\n"
            + "<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n"
            + "</body>\r\n</html>\r\n";

    private final Map<String, VendorApi> apisByPrefix;
    private final Map<Vendor, Faults> faults;
    private final Map<Vendor, LongAdder> requestCounts = new EnumMap<>(Vendor.class);
    private final HuaweiIam iam;
    private final ControlApi control;
    private final Clock clock;

    RequestDispatcher(
            Map<String, VendorApi> apisByPrefix,
            Map<Vendor, Faults> faults,
            HuaweiIam iam,
            ControlApi control,
            Clock clock) {
        this.apisByPrefix = apisByPrefix;
        this.faults = faults;
        this.iam = iam;
        this.control = control;
        this.clock = clock;
        for (Vendor v : Vendor.values()) {
            requestCounts.put(v, new LongAdder());
        }
    }

    long requestCount(Vendor vendor) {
        return requestCounts.get(vendor).sum();
    }

    @Override
    public Publisher<Void> apply(HttpServerRequest request, HttpServerResponse response) {
        String uri = request.uri();
        int q = uri.indexOf('?');
        String rawPath = q < 0 ? uri : uri.substring(0, q);
        String first = firstSegment(rawPath);
        if (first.equals(ControlApi.PREFIX)) {
            return answer(request, response, control::handle);
        }
        if (isChunked(request)) {
            return write(response, SimResponse.text(411, "text/plain", "Length Required"));
        }
        if (first.equals(HuaweiIam.PREFIX)) {
            return answer(request, response, iam::handle);
        }
        VendorApi api = apisByPrefix.get(first);
        if (api == null) {
            return write(response, SimResponse.text(404, "text/plain", "no simulated backend at " + rawPath));
        }
        requestCounts.get(api.vendor()).increment();
        Faults f = faults.get(api.vendor());
        Faults.Action action = f.decide();
        Duration latency = f.latency();
        Mono<Void> delay = latency.isZero() ? Mono.empty() : Mono.delay(latency).then();
        return switch (action) {
            case RESET -> delay.then(Mono.fromRunnable(() -> reset(request)));
            case ERROR_503 -> {
                SimResponse r = SimResponse.text(503, "text/plain", "Service Unavailable");
                Duration retryAfter = f.retryAfter();
                SimResponse answer =
                        retryAfter == null ? r : r.withHeader("Retry-After", Long.toString(retryAfter.toSeconds()));
                yield delay.then(write(response, answer));
            }
            case ERROR_500 -> delay.then(write(response, SimResponse.text(500, "text/plain", "Internal Server Error")));
            case HTML_PAGE -> delay.then(write(response, SimResponse.text(200, "text/html", HTML_ERROR_PAGE)));
            case THROTTLE -> delay.then(write(response, api.throttled(f.retryAfter())));
            case FOREIGN_404 -> delay.then(write(response, SimResponse.text(404, "text/html", HTML_NOT_FOUND_PAGE)));
            case TRUNCATED_JSON ->
                delay.then(answer(request, response, r -> api.handle(r).map(SimResponse::truncated)));
            case NONE -> delay.then(answer(request, response, api::handle));
        };
    }

    private Mono<Void> answer(
            HttpServerRequest request, HttpServerResponse response, Function<SimRequest, Mono<SimResponse>> handler) {
        return request.receive()
                .aggregate()
                .asByteArray()
                .defaultIfEmpty(EMPTY)
                .map(body -> toSimRequest(request, body))
                .flatMap(handler)
                .onErrorResume(e -> {
                    log.warn("simulator failed to answer {} {}", request.method(), request.uri(), e);
                    return Mono.just(SimResponse.text(500, "text/plain", "simulator error"));
                })
                .flatMap(r -> write(response, r));
    }

    private SimRequest toSimRequest(HttpServerRequest request, byte[] body) {
        String uri = request.uri();
        int q = uri.indexOf('?');
        String rawPath = q < 0 ? uri : uri.substring(0, q);
        String rawQuery = q < 0 ? "" : uri.substring(q + 1);
        return new SimRequest(
                request.method().name(),
                rawPath,
                rawQuery,
                new QueryStringDecoder(rawQuery, false).parameters(),
                request.requestHeaders(),
                body,
                clock.millis());
    }

    private static Mono<Void> write(HttpServerResponse response, SimResponse r) {
        response.status(r.status());
        r.headers().forEach(response::header);
        response.header("Content-Length", Integer.toString(r.body().length));
        return response.sendByteArray(Mono.just(r.body())).then();
    }

    /**
     * Whether the request body comes chunked, without a {@code Content-Length}: appliance web servers (and
     * every vendor SDK found sends a length) answer 411, so the simulated backends do too.
     */
    private static boolean isChunked(HttpServerRequest request) {
        return request.requestHeaders().containsValue("Transfer-Encoding", "chunked", true);
    }

    // SO_LINGER 0 makes close() send an RST instead of a FIN: the client sees "connection reset".
    private static void reset(HttpServerRequest request) {
        request.withConnection(c -> {
            c.channel().config().setOption(ChannelOption.SO_LINGER, 0);
            c.channel().close();
        });
    }

    private static String firstSegment(String rawPath) {
        int start = rawPath.startsWith("/") ? 1 : 0;
        int end = rawPath.indexOf('/', start);
        return end < 0 ? rawPath.substring(start) : rawPath.substring(start, end);
    }
}
