package io.opgate.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseDataLinesTest {

    private final List<String> data = new ArrayList<>();
    private final SseDataLines lines = new SseDataLines(d -> data.add(new String(d, StandardCharsets.UTF_8)));

    @Test
    void handsOnOnlyDataLinesWhateverTheChunks() {
        String stream = ": opgate\nretry: 3000\n\nid: 7\nevent: operation\ndata: {\"a\":1}\n\n: keepalive\n\n"
                + "id: 8\r\nevent: operation\r\ndata:{\"b\":2}\r\n\r\n";
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        // One byte at a time: every boundary falls somewhere inside a line at least once.
        for (byte b : bytes) {
            lines.feed(new byte[] {b});
        }
        assertThat(data).containsExactly("{\"a\":1}", "{\"b\":2}");
    }

    @Test
    void keepsALineLongerThanItsFirstBufferWhole() {
        String big = "x".repeat(10_000);
        lines.feed(("data: " + big + "\n").getBytes(StandardCharsets.UTF_8));
        assertThat(data).containsExactly(big);
    }

    @Test
    void waitsForTheEndOfALine() {
        lines.feed("data: {\"a\"".getBytes(StandardCharsets.UTF_8));
        assertThat(data).isEmpty();
        lines.feed(":1}\n".getBytes(StandardCharsets.UTF_8));
        assertThat(data).containsExactly("{\"a\":1}");
    }
}
