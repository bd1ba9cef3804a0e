package io.opgate.gateway.support;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelOption;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpClient;
import reactor.netty.tcp.TcpServer;

/**
 * A TCP forwarder on a fixed loopback port in front of a real server: {@link #close} makes the port refuse
 * connections (and cuts the open ones), {@link #open} lets them through again on the same port. {@link #slow} makes
 * a gate whose answers arrive late.
 */
public final class TcpGate implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final Duration answerDelay;
    private final int port;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private volatile @Nullable DisposableServer server;

    private TcpGate(String targetHost, int targetPort, Duration answerDelay) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.answerDelay = answerDelay;
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        open();
    }

    /** An open gate to {@code targetPort} on loopback. */
    public static TcpGate to(int targetPort) {
        return new TcpGate("127.0.0.1", targetPort, Duration.ZERO);
    }

    /**
     * An open gate whose answers arrive {@code delay} late, each on its own: every round trip costs the delay, while
     * requests sent together are answered together, as with a server that far away or a connection with that much
     * queued ahead.
     */
    public static TcpGate slow(String targetHost, int targetPort, Duration delay) {
        return new TcpGate(targetHost, targetPort, delay);
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public synchronized void open() {
        if (server != null) {
            return;
        }
        server = TcpServer.create()
                .host("127.0.0.1")
                .port(port)
                .option(ChannelOption.SO_REUSEADDR, true)
                .doOnConnection(open::add)
                .handle((in, out) -> TcpClient.create()
                        .host(targetHost)
                        .port(targetPort)
                        .connect()
                        .flatMap(upstream -> {
                            open.add(upstream);
                            Mono<Void> up = upstream.outbound()
                                    .send(in.receive().retain())
                                    .then();
                            Mono<Void> down = out.send(
                                            late(upstream.inbound().receive().retain()))
                                    .then();
                            // Either side ending ends both: neither HTTP keep-alive nor Redis half-closes.
                            return Mono.firstWithSignal(up, down).doFinally(s -> {
                                open.remove(upstream);
                                upstream.dispose();
                            });
                        }))
                .bindNow(Duration.ofSeconds(10));
    }

    private Flux<ByteBuf> late(Flux<ByteBuf> answers) {
        if (answerDelay.isZero()) {
            return answers;
        }
        return answers.flatMapSequential(bytes -> Mono.delay(answerDelay).thenReturn(bytes));
    }

    /** From now on the port refuses connections; the connections through it are cut. */
    @Override
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
