package io.opgate.gateway.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.opgate.gateway.events.EventHub;
import io.opgate.gateway.metrics.BackendMeters;
import io.opgate.gateway.metrics.OperationStateMeters;
import io.opgate.gateway.metrics.StreamMeters;
import io.opgate.gateway.metrics.TimedOperationStore;
import io.opgate.gateway.store.OperationStore;
import io.opgate.gateway.tracking.BackendRegistry;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Schedulers;

/**
 * The gateway's own meters (package {@code metrics}); polls are measured where the adapters are made
 * ({@link BackendsConfiguration}). Whichever store is configured is wrapped in a {@link TimedOperationStore}.
 */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

    @Bean
    static BeanPostProcessor timedOperationStore(ObjectProvider<MeterRegistry> registry) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                // Asks for the registry only for a store: asking for every bean would ask during its own creation.
                if (!(bean instanceof OperationStore store) || bean instanceof TimedOperationStore) {
                    return bean;
                }
                MeterRegistry meters = registry.getIfAvailable();
                return meters == null ? bean : new TimedOperationStore(store, meters);
            }
        };
    }

    @Bean
    BackendMeters backendMeters(BackendRegistry backends, java.time.Clock clock) {
        return new BackendMeters(backends, clock);
    }

    @Bean
    StreamMeters streamMeters(EventHub hub) {
        return new StreamMeters(hub);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    OperationStateMeters operationStateMeters(
            OperationStore store, @Value("${opgate.metrics.operations-refresh:15s}") Duration refresh) {
        return new OperationStateMeters(store, refresh, Schedulers.parallel());
    }
}
