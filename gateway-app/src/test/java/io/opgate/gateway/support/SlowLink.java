package io.opgate.gateway.support;

import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpClient;
import reactor.netty.tcp.TcpServer;

/**
 * A TCP forwarder on a free loopback port whose answers arrive {@code delay} late, each on its own: every round trip
 * costs the delay, while requests sent together are answered together, as with a server that far away or a
 * connection with that much queued ahead.
 */
public final class SlowLink implements AutoCloseable {

    private final DisposableServer server;

    public SlowLink(String targetHost, int targetPort, Duration delay) {
        server = TcpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle((in, out) -> TcpClient.create()
                        .host(targetHost)
                        .port(targetPort)
                        .connect()
                        .flatMap(upstream -> {
                            Mono<Void> up = upstream.outbound()
                                    .send(in.receive().retain())
                                    .then();
                            Mono<Void> down = out.send(upstream.inbound()
                                            .receive()
                                            .retain()
                                            .flatMapSequential(
                                                    bytes -> Mono.delay(delay).thenReturn(bytes)))
                                    .then();
                            return Mono.when(up, down).doFinally(signal -> upstream.dispose());
                        }))
                .bindNow();
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
