package io.opgate.gateway.config;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;

/**
 * Serves clear-text connections with HTTP/1.1 only; with {@code server.ssl.*} configured, HTTP/2 (h2 through ALPN)
 * stays on as {@code server.http2.enabled} asks.
 *
 * <p>With h2c on, Reactor Netty sets up the HTTP/2 upgrade machinery (frame codec, HPACK tables, stream maps) on
 * every clear-text connection before it knows whether the client will upgrade: 3.3 KiB more live heap per held event
 * stream (2,000 streams, BENCHMARKS.md, round 5), for a protocol browsers never speak in clear text. Clients that want
 * one connection for many streams get h2 over TLS.
 */
@Component
class ClearTextHttp11 implements NettyServerCustomizer {

    @Override
    public HttpServer apply(HttpServer server) {
        // Boot applies customizers after its own TLS and protocol settings, so the server's TLS is known here.
        return server.configuration().sslProvider() == null ? server.protocol(HttpProtocol.HTTP11) : server;
    }
}
