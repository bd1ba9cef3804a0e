package io.opgate.gateway.config;

import io.opgate.gateway.security.Caller;
import io.opgate.gateway.security.CallerResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import reactor.core.publisher.Mono;

/** Codec limits and who the caller is. */
@Configuration(proxyBeanMethods = false)
class ApiConfiguration implements WebFluxConfigurer {

    /** No request body opgate accepts comes near this; a larger one is refused before it is parsed. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    @Override
    public void configureHttpMessageCodecs(ServerCodecConfigurer configurer) {
        configurer.defaultCodecs().maxInMemorySize(MAX_BODY_BYTES);
    }

    @Bean
    CallerResolver callerResolver(OpgateProperties properties) {
        // Start-up validation refuses any other mode until authentication is configured.
        Caller caller = Caller.unauthenticated();
        return exchange -> Mono.just(caller);
    }
}
