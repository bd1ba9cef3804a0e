package io.opgate.gateway.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.propagation.Propagator;
import io.netty.channel.ChannelOption;
import io.opgate.adapter.support.ReactorNettyTransport;
import io.opgate.contracts.spi.AdapterContext;
import io.opgate.contracts.spi.BackendAdapter;
import io.opgate.gateway.metrics.MeteredBackendAdapter;
import io.opgate.gateway.tracing.BackendTraceHeaders;
import io.opgate.gateway.tracking.Backend;
import io.opgate.gateway.tracking.BackendRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** Creates one adapter per configured backend, from the settings {@link SettingsCheck} bound and checked. */
@Configuration(proxyBeanMethods = false)
class BackendsConfiguration {

    @Bean
    Clock clock() {
        // Milliseconds are what the contract shows; finer readings would only make timestamps noisier.
        return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    }

    @Bean(destroyMethod = "disposeLater")
    ConnectionProvider backendConnections() {
        return ConnectionProvider.builder("opgate-backends")
                .maxConnections(1_000)
                .pendingAcquireMaxCount(-1)
                .maxIdleTime(Duration.ofSeconds(30))
                .build();
    }

    @Bean
    BackendRegistry backendRegistry(
            OpgateProperties properties,
            ConfiguredBackends configured,
            ObjectProvider<BackendConfigSource> sources,
            ConnectionProvider connections,
            ReactorResourceFactory eventLoops,
            Clock clock,
            ObjectProvider<MeterRegistry> meters,
            ObjectProvider<ObservationRegistry> observations,
            ObjectProvider<Propagator> propagators) {
        ConfiguredBackends all = configured.with(sources.orderedStream().toList());
        Duration timeout = properties.polling().timeout();
        HttpClient http = BackendTls.apply(
                properties.tls(),
                HttpClient.create(connections)
                        // The server's workers: a poll's answer and the stream writes it causes stay on one set of
                        // threads.
                        .runOn(eventLoops.getLoopResources())
                        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                                Math.min(timeout.toMillis(), Integer.MAX_VALUE))
                        .responseTimeout(timeout));
        Propagator propagator = propagators.getIfAvailable();
        if (propagator != null) {
            http = http.doOnRequest(new BackendTraceHeaders(propagator));
        }
        AdapterContext context = new AdapterContext(new ReactorNettyTransport(http, timeout), clock, timeout);
        List<Backend> backends = new ArrayList<>();
        for (ConfiguredBackends.Configured backend : all.backends()) {
            BackendAdapter adapter = backend.factory().create(backend.adapterSettings(), context);
            MeterRegistry registry = meters.getIfAvailable();
            if (registry != null) {
                adapter = new MeteredBackendAdapter(
                        adapter, backend.name(), registry, observations.getIfAvailable(() -> ObservationRegistry.NOOP));
            }
            backends.add(new Backend(backend.name(), backend.settings(), adapter));
        }
        return new BackendRegistry(backends);
    }
}
