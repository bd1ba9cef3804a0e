package io.opgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.http.client.HttpClient;

class BackendTlsTest {

    @Test
    void byDefaultTheClientIsLeftAsItIsAndVerifiesWithTheJdksTrustStore() {
        HttpClient client = HttpClient.create();
        assertThat(BackendTls.apply(new OpgateProperties.Tls(null, false), client))
                .isSameAs(client);
    }

    @Test
    void aCaBundleThatIsNotPemStopsTheStartWithTheKeyNamed(@TempDir Path dir) throws Exception {
        Path bundle = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
        assertThatThrownBy(
                        () -> BackendTls.apply(new OpgateProperties.Tls(bundle.toString(), false), HttpClient.create()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("opgate.tls");
    }

    @Test
    void skippingVerificationGivesAClientThatIsSecuredAnyway() {
        HttpClient client = BackendTls.apply(new OpgateProperties.Tls(null, true), HttpClient.create());
        assertThat(client.configuration().sslProvider()).isNotNull();
    }
}
