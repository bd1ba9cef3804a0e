package io.opgate.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Stream clients that send their request and then never read: the server's writes fill a tiny receive window and
 * stop, and whatever the server keeps for them shows in its heap.
 */
final class SlowClients implements AutoCloseable {

    private final List<SocketChannel> channels = new ArrayList<>();

    int open(String host, int port, String path, String apiKey, int count) {
        String authorization = apiKey.isEmpty() ? "" : "Authorization: Bearer " + apiKey + "\r\n";
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                        + "\r\nAccept: text/event-stream\r\n" + authorization + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        int opened = 0;
        for (int i = 0; i < count; i++) {
            try {
                SocketChannel channel = SocketChannel.open();
                channel.setOption(StandardSocketOptions.SO_RCVBUF, 1024);
                channel.connect(new InetSocketAddress(host, port));
                channel.write(ByteBuffer.wrap(request));
                channels.add(channel);
                opened++;
            } catch (IOException e) {
                System.err.println("slow client " + i + " failed: " + e);
            }
        }
        return opened;
    }

    @Override
    public void close() {
        for (SocketChannel channel : channels) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing at the end of a run: nothing left to do with it
            }
        }
        channels.clear();
    }
}
