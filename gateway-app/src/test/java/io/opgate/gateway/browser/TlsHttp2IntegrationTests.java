package io.opgate.gateway.browser;

import static io.opgate.gateway.support.ScriptedAdapter.running;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.opgate.gateway.support.GatewayIntegrationTest;
import io.opgate.gateway.support.ScriptedAdapter;
import io.opgate.gateway.support.ScriptedAdapterFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;

/** With {@code server.ssl.*} configured, browsers' HTTP/2 (h2 through ALPN) carries the SSE streams. */
@GatewayIntegrationTest
class TlsHttp2IntegrationTests {

    static final String PASSWORD = "changeit";

    @LocalServerPort
    int port;

    final ScriptedAdapter lab = ScriptedAdapterFactory.adapter("lab");

    @DynamicPropertySource
    static void tls(DynamicPropertyRegistry registry) throws IOException, InterruptedException {
        Path store = Files.createTempDirectory("opgate-tls").resolve("server.p12");
        store.toFile().deleteOnExit();
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(List.of(
                        keytool.toString(),
                        "-genkeypair",
                        "-alias",
                        "opgate",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=dns:localhost,ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        PASSWORD))
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        registry.add("server.ssl.key-store", store::toString);
        registry.add("server.ssl.key-store-type", () -> "PKCS12");
        registry.add("server.ssl.key-store-password", () -> PASSWORD);
    }

    @Test
    void theAllOperationsStreamRunsOverH2NegotiatedByAlpn() {
        String handle = "tls-" + UUID.randomUUID();
        lab.answer(handle, running(30));
        HttpClient h2 = HttpClient.create()
                .protocol(HttpProtocol.H2)
                .secure(ssl -> ssl.sslContext(Http2SslContextSpec.forClient()
                        .configure(b -> b.trustManager(InsecureTrustManagerFactory.INSTANCE))));
        Streams.Received received = Streams.registerAndFollow(h2, base(), handle);

        assertThat(received.version()).isEqualTo("HTTP/2.0");
        assertThat(received.contentType()).startsWith("text/event-stream");
        assertThat(received.body()).contains("event:operation\n").contains("\"percent\":30.0");
    }

    @Test
    void http11OverTlsIsStillServed() {
        HttpClient h1 = HttpClient.create()
                .protocol(HttpProtocol.HTTP11)
                .secure(ssl -> ssl.sslContext(Http11SslContextSpec.forClient()
                        .configure(b -> b.trustManager(InsecureTrustManagerFactory.INSTANCE))));
        assertThat(Streams.versionOf(h1, base() + "/v1/backends")).isEqualTo("HTTP/1.1");
    }

    String base() {
        return "https://localhost:" + port;
    }
}
