package io.opgate.gateway.config;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.File;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.http.client.HttpClient;

/**
 * How the adapters' HTTP client checks backend certificates: the JDK's trust store by default, a PEM bundle of
 * certificate authorities when configured, or nothing at all when explicitly switched off (said loudly at start).
 */
final class BackendTls {

    private static final Logger log = LoggerFactory.getLogger(BackendTls.class);

    private BackendTls() {}

    static HttpClient apply(OpgateProperties.Tls tls, HttpClient client) {
        if (tls.insecureSkipVerify()) {
            log.warn("opgate.tls.insecure-skip-verify is true: backend certificates are NOT verified. Anyone on the"
                    + " network path can read and change what the gateway exchanges with its backends, including"
                    + " their credentials. Use opgate.tls.ca-bundle instead outside a lab.");
            SslContext insecure =
                    context(() -> SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE));
            return client.secure(spec -> spec.sslContext(insecure));
        }
        if (tls.caBundle() != null) {
            File bundle = new File(tls.caBundle());
            log.info("Backend certificates are verified against the certificate authorities in {}", bundle);
            // Built here, once, so that a bad bundle stops the start rather than the first poll.
            SslContext trusting = context(() -> SslContextBuilder.forClient().trustManager(bundle));
            return client.secure(spec -> spec.sslContext(trusting));
        }
        return client;
    }

    private static SslContext context(Supplier<SslContextBuilder> builder) {
        try {
            return builder.get().build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new InvalidConfigurationException(
                    List.of("opgate.tls: cannot build the TLS settings for backends: " + e.getMessage()));
        }
    }
}
