package io.opgate.gateway.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.propagation.Propagator;
import io.netty.channel.ChannelOption;
import io.opgate.adapter.support.ReactorNettyTransport;
import io.opgate.contracts.spi.AdapterContext;
import io.opgate.contracts.spi.BackendAdapter;
import io.opgate.contracts.spi.BackendAdapterFactory;
import io.opgate.contracts.spi.BackendConfig;
import io.opgate.gateway.metrics.MeteredBackendAdapter;
import io.opgate.gateway.tracing.BackendTraceHeaders;
import io.opgate.gateway.tracking.Backend;
import io.opgate.gateway.tracking.BackendRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** Finds the adapters on the class path, checks every setting, and creates one adapter per configured backend. */
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
            ObjectProvider<BackendConfigSource> sources,
            ConnectionProvider connections,
            Clock clock,
            ObjectProvider<MeterRegistry> meters,
            ObjectProvider<ObservationRegistry> observations,
            ObjectProvider<Propagator> propagators) {
        Map<String, BackendAdapterFactory> factories = new LinkedHashMap<>();
        ServiceLoader.load(BackendAdapterFactory.class).forEach(f -> factories.put(f.type(), f));
        List<BackendConfig> configs = new ArrayList<>();
        properties
                .backends()
                .forEach((name, settings) -> configs.add(BackendConfig.of(name, IndexedKeys.fold(settings))));
        sources.orderedStream().forEach(source -> configs.addAll(source.backends()));
        List<String> problems = SettingsValidator.problems(properties, configs, factories);
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        Duration timeout = properties.polling().timeout();
        HttpClient http = BackendTls.apply(
                properties.tls(),
                HttpClient.create(connections)
                        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                                Math.min(timeout.toMillis(), Integer.MAX_VALUE))
                        .responseTimeout(timeout));
        Propagator propagator = propagators.getIfAvailable();
        if (propagator != null) {
            http = http.doOnRequest(new BackendTraceHeaders(propagator));
        }
        AdapterContext context = new AdapterContext(new ReactorNettyTransport(http, timeout), clock, timeout);
        List<Backend> backends = new ArrayList<>();
        for (BackendConfig config : configs) {
            BackendAdapter adapter = factories.get(config.type()).create(config, context);
            MeterRegistry registry = meters.getIfAvailable();
            if (registry != null) {
                adapter = new MeteredBackendAdapter(
                        adapter, config.name(), registry, observations.getIfAvailable(() -> ObservationRegistry.NOOP));
            }
            backends.add(new Backend(config, adapter));
        }
        return new BackendRegistry(backends);
    }
}
