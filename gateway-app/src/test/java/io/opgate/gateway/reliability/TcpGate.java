package io.opgate.gateway.reliability;

import io.netty.channel.ChannelOption;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpClient;
import reactor.netty.tcp.TcpServer;

/**
 * A TCP forwarder on a fixed loopback port in front of a real server: {@link #close} makes the port refuse
 * connections (and cuts the open ones), {@link #open} lets them through again on the same port.
 */
final class TcpGate implements AutoCloseable {

    private final int port;
    private final int targetPort;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private volatile DisposableServer server;

    TcpGate(int targetPort) {
        this.targetPort = targetPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        open();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    synchronized void open() {
        if (server != null) {
            return;
        }
        server = TcpServer.create()
                .host("127.0.0.1")
                .port(port)
                .option(ChannelOption.SO_REUSEADDR, true)
                .doOnConnection(open::add)
                .handle((in, out) -> TcpClient.create()
                        .host("127.0.0.1")
                        .port(targetPort)
                        .connect()
                        .flatMap(upstream -> {
                            open.add(upstream);
                            Mono<Void> up = upstream.outbound()
                                    .send(in.receive().retain())
                                    .then();
                            Mono<Void> down = out.send(
                                            upstream.inbound().receive().retain())
                                    .then();
                            // Either side ending ends both: HTTP keep-alive never half-closes.
                            return Mono.firstWithSignal(up, down).doFinally(s -> {
                                open.remove(upstream);
                                upstream.dispose();
                            });
                        }))
                .bindNow(Duration.ofSeconds(10));
    }

    /** From now on the port refuses connections; the connections through it are cut. */
    public synchronized void close() {
        if (server == null) {
            return;
        }
        server.disposeNow(Duration.ofSeconds(5));
        server = null;
        open.forEach(Connection::dispose);
        open.clear();
    }
}
