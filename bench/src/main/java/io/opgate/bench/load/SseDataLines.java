package io.opgate.bench.load;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Splits one SSE connection's bytes into lines, whatever the chunk boundaries, and hands on each {@code data:}
 * line's value. One instance per connection; not thread-safe (a connection stays on one event loop).
 */
public final class SseDataLines {

    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_LINE = 1 << 20;

    private final Consumer<byte[]> onData;
    private byte[] line = new byte[2048];
    private int length;

    public SseDataLines(Consumer<byte[]> onData) {
        this.onData = onData;
    }

    public void feed(ByteBuf chunk) {
        int end = chunk.writerIndex();
        for (int i = chunk.readerIndex(); i < end; i++) {
            accept(chunk.getByte(i));
        }
    }

    public void feed(byte[] chunk) {
        for (byte b : chunk) {
            accept(b);
        }
    }

    private void accept(byte b) {
        if (b == '\n') {
            lineEnded();
            return;
        }
        if (length == line.length) {
            if (length >= MAX_LINE) {
                throw new IllegalStateException("an SSE line longer than " + MAX_LINE + " bytes");
            }
            line = Arrays.copyOf(line, length * 2);
        }
        line[length++] = b;
    }

    private void lineEnded() {
        int n = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        length = 0;
        if (n < DATA.length || !Arrays.equals(line, 0, DATA.length, DATA, 0, DATA.length)) {
            return;
        }
        int from = n > DATA.length && line[DATA.length] == ' ' ? DATA.length + 1 : DATA.length;
        onData.accept(Arrays.copyOfRange(line, from, n));
    }
}
