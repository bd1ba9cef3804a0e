package io.opgate.gateway.config;

import io.opgate.gateway.tracking.BackendRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the gateway tells its operator in the log beyond what Boot says. */
@Configuration(proxyBeanMethods = false)
class OperatorLogConfiguration {

    @Bean
    StartupSummary startupSummary(OpgateProperties properties, BackendRegistry backends) {
        return new StartupSummary(properties, backends);
    }
}
