package io.opgate.gateway.api;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import java.util.concurrent.RejectedExecutionException;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

/**
 * The connection one event stream is written to, as far as pacing the stream needs it: whether it takes more bytes
 * now, the one thread its writes happen on, and a call when it takes bytes again. WebFlux still does the writing.
 */
sealed interface StreamOutlet {

    /**
     * Bytes a stream may have written but not yet sent before it counts as unwritable (and back below the low mark to
     * be writable again): what a slow client costs in buffers, beyond which its changes wait in its conflating queue.
     */
    WriteBufferWaterMark STREAM_WATER_MARK = new WriteBufferWaterMark(8 * 1024, 16 * 1024);

    /**
     * The kernel's send buffer of a stream's own connection (HTTP/1.1). Left to autotuning it grows to
     * {@code net.ipv4.tcp_wmem}'s maximum (4 MiB here) for a client that does not read, per connection and before the
     * stream sees any back-pressure; fixed, a slow client's changes conflate in its queue after this much.
     */
    int SEND_BUFFER = 64 * 1024;

    /** Whether the connection takes more bytes now without buffering beyond its high-water mark. */
    boolean writable();

    /** Runs {@code task} on the connection's thread (at once when already there), one task at a time. */
    void run(Runnable task);

    /**
     * Runs {@code task} on the connection's thread after what it is doing now: for signals that come from inside a
     * write (a request for more, a change of writability), when what was just written is not counted yet.
     */
    void later(Runnable task);

    /** Calls {@code wake} (on the connection's thread) each time the connection becomes writable again. */
    void onWritable(Runnable wake);

    /** Bytes written to the connection and not yet handed to the network. */
    long pendingBytes();

    static StreamOutlet of(ServerHttpResponse response) {
        Object nativeResponse = ServerHttpResponseDecorator.getNativeResponse(response);
        if (nativeResponse instanceof Connection connection) {
            return new ChannelOutlet(connection);
        }
        return new Unpaced();
    }

    /** A Reactor Netty connection (an HTTP/1.1 connection or one HTTP/2 stream). */
    final class ChannelOutlet implements StreamOutlet {

        private static final String HANDLER = "opgate.streamWritable";

        private final Connection connection;
        private final Channel channel;
        private final EventLoop loop;

        ChannelOutlet(Connection connection) {
            this.connection = connection;
            this.channel = connection.channel();
            this.loop = channel.eventLoop();
            channel.config().setWriteBufferWaterMark(STREAM_WATER_MARK);
            if (channel instanceof SocketChannel) {
                // Not for an HTTP/2 stream: its connection is shared with other streams.
                channel.config().setOption(ChannelOption.SO_SNDBUF, SEND_BUFFER);
            }
        }

        @Override
        public boolean writable() {
            return channel.isWritable();
        }

        @Override
        public void run(Runnable task) {
            if (loop.inEventLoop()) {
                task.run();
                return;
            }
            later(task);
        }

        @Override
        public void later(Runnable task) {
            try {
                loop.execute(task);
            } catch (RejectedExecutionException shuttingDown) {
                // The server is stopping: the connection goes with it, there is nothing left to write.
            }
        }

        @Override
        public void onWritable(Runnable wake) {
            // Reactor Netty removes it when the exchange ends (HTTP/1.1 keep-alive) or the channel closes.
            connection.addHandlerLast(HANDLER, new ChannelInboundHandlerAdapter() {
                @Override
                public void channelWritabilityChanged(ChannelHandlerContext context) {
                    if (context.channel().isWritable()) {
                        wake.run();
                    }
                    context.fireChannelWritabilityChanged();
                }
            });
        }

        @Override
        public long pendingBytes() {
            ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
            // An HTTP/2 stream has no buffer of its own: its bytes wait in the connection's.
            return buffer == null ? 0 : buffer.totalPendingWriteBytes();
        }
    }

    /** Any other server (none in production): no pacing, tasks one at a time on one shared thread. */
    final class Unpaced implements StreamOutlet {

        private static final Scheduler SERIAL = Schedulers.single();

        @Override
        public boolean writable() {
            return true;
        }

        @Override
        public void run(Runnable task) {
            SERIAL.schedule(task);
        }

        @Override
        public void later(Runnable task) {
            SERIAL.schedule(task);
        }

        @Override
        public void onWritable(Runnable wake) {}

        @Override
        public long pendingBytes() {
            return 0;
        }
    }
}
