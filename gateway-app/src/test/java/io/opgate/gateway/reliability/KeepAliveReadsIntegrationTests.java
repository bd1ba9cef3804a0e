package io.opgate.gateway.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.gateway.support.TestKeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * On the packaged gateway with api-key security (as installed: request tracing and observations on, which a Spring
 * test context leaves out and which give the race its window), a keep-alive client that sends each request the moment the previous answer is in, as browsers do: a dashboard file,
 * then the API without a key (401), then the API with the key, on one connection, thirty times. Each answer must
 * come; with Reactor Netty 1.3.7 alone the third waited for nothing on about half the connections (see
 * {@code KeepAliveReadResumer}).
 */
class KeepAliveReadsIntegrationTests {

    static final int CONNECTIONS = 30;
    static final int ANSWER_WITHIN_MILLIS = 5_000;

    @Test
    void everyRequestOnAKeepAliveConnectionIsAnsweredAfterA401() throws IOException {
        try (GatewayProcess gateway = GatewayProcess.start(
                "keep-alive",
                Map.of(
                        "opgate.security.mode", "api-key",
                        "opgate.security.api-keys[0].sha256", TestKeys.READER_A_SHA256,
                        "opgate.security.api-keys[0].tenant", "team-a",
                        "opgate.security.api-keys[0].roles", "read",
                        // Never asked: no operation is registered here.
                        "opgate.backends.lab.type", "ontap",
                        "opgate.backends.lab.base-url", "http://127.0.0.1:9",
                        "opgate.backends.lab.username", "opgate",
                        "opgate.backends.lab.password", "unused"))) {
            gateway.awaitReady(Duration.ofSeconds(120));
            askOnKeepAliveConnections(gateway.port);
        }
    }

    void askOnKeepAliveConnections(int port) throws IOException {
        List<String> unanswered = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(ANSWER_WITHIN_MILLIS);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                for (String[] request : new String[][] {
                    {"/assets/timeline.js", null},
                    {"/v1/backends", null},
                    {"/v1/operations?pageSize=1", TestKeys.READER_A},
                    {"/v1/backends", TestKeys.READER_A}
                }) {
                    out.write(get(request[0], request[1]));
                    out.flush();
                    int status = readAnswer(in);
                    if (status < 0) {
                        unanswered.add("connection " + c + ": " + request[0]);
                        break;
                    }
                    assertThat(status)
                            .as(request[0])
                            .isEqualTo(request[1] == null && request[0].startsWith("/v1") ? 401 : 200);
                }
            }
        }
        assertThat(unanswered)
                .as("requests not answered within %d ms", ANSWER_WITHIN_MILLIS)
                .isEmpty();
    }

    static byte[] get(String path, String key) {
        String auth = key == null ? "" : "Authorization: Bearer " + key + "\r\n";
        return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\n" + auth + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Reads one answer with a Content-Length body, in chunks as they come (reading byte by byte is slow enough to hide
     * the stall); its status, or -1 when none came in time.
     */
    static int readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] chunk = new byte[64 * 1024];
        try {
            while (true) {
                byte[] bytes = received.toByteArray();
                String text = new String(bytes, StandardCharsets.ISO_8859_1);
                int headEnd = text.indexOf("\r\n\r\n");
                if (headEnd >= 0) {
                    String[] lines = text.substring(0, headEnd).split("\r\n");
                    int length = 0;
                    for (String line : lines) {
                        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                            length = Integer.parseInt(
                                    line.substring("content-length:".length()).trim());
                        }
                    }
                    if (bytes.length >= headEnd + 4 + length) {
                        return Integer.parseInt(lines[0].split(" ")[1]);
                    }
                }
                int n = in.read(chunk);
                if (n < 0) {
                    return -1;
                }
                received.write(chunk, 0, n);
            }
        } catch (SocketTimeoutException e) {
            return -1;
        }
    }
}
