package io.opgate.gateway.support;

import java.time.Duration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.WebTestClientBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Gives the tests' WebTestClient a pool as large as the streams they open: Reactor Netty's default pool holds 16
 * connections here, so a test with many open streams would queue its next request behind them instead of testing
 * the gateway. Its codecs take a whole Prometheus scrape, which outgrows the default 256 KiB with the poll histograms.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestClientConfiguration {

    @Bean
    WebTestClientBuilderCustomizer largeConnectionPool() {
        ConnectionProvider pool = ConnectionProvider.builder("gateway-tests")
                .maxConnections(2_000)
                .pendingAcquireTimeout(Duration.ofSeconds(5))
                .build();
        return builder -> builder.clientConnector(new ReactorClientHttpConnector(HttpClient.create(pool)))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024));
    }
}
