package io.opgate.gateway.config;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/** Codec limits. */
@Configuration(proxyBeanMethods = false)
class ApiConfiguration implements WebFluxConfigurer {

    /** No request body opgate accepts comes near this; a larger one is refused before it is parsed. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    @Override
    public void configureHttpMessageCodecs(ServerCodecConfigurer configurer) {
        configurer.defaultCodecs().maxInMemorySize(MAX_BODY_BYTES);
    }
}
