package io.opgate.gateway.config;

import io.netty.channel.Channel;
import io.netty.handler.codec.http2.Http2StreamChannel;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;
import reactor.netty.ConnectionObserver;
import reactor.netty.http.server.HttpServer;

/**
 * Asks an HTTP/1.1 keep-alive connection for its next request each time an exchange on it ends.
 *
 * <p>Reactor Netty 1.3.7 reads each request on demand. A request that arrives while the previous exchange is still
 * finishing (a browser sends it as soon as the last byte of the previous answer is in) is held back and served once
 * that exchange ends; when the held request is answered at once (a 401, say), the connection is left without a read
 * and the client's next request waits until something else arrives on the connection. Chromium's dashboard then hung
 * on the request after the first 401 ({@code backends.test.mjs}), and a plain keep-alive client stalls the same way
 * on about half its connections ({@code KeepAliveReadsIntegrationTests}). Reactor Netty fixed it after 1.3.7
 * (reactor/reactor-netty#4361, #4347): delete this class once the build is on a release with that fix and the test
 * still passes without it. One read more than needed is harmless: Reactor Netty buffers whatever it reads.
 */
@Component
class KeepAliveReadResumer implements NettyServerCustomizer {

    @Override
    public HttpServer apply(HttpServer server) {
        return server.childObserve((connection, state) -> {
            if (state == ConnectionObserver.State.DISCONNECTING) {
                Channel channel = connection.channel();
                // An HTTP/2 stream is read by its connection, which needs no help.
                if (!(channel instanceof Http2StreamChannel) && channel.isActive()) {
                    channel.eventLoop().execute(channel::read);
                }
            }
        });
    }
}
