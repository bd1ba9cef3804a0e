package io.opgate.gateway.config;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.config.ResourceHandlerRegistry;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/** Codec limits; the dashboard's files. */
@Configuration(proxyBeanMethods = false)
class ApiConfiguration implements WebFluxConfigurer {

    /** No request body opgate accepts comes near this; a larger one is refused before it is parsed. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    @Override
    public void configureHttpMessageCodecs(ServerCodecConfigurer configurer) {
        configurer.defaultCodecs().maxInMemorySize(MAX_BODY_BYTES);
    }

    /**
     * The dashboard's files: its page ({@code /} serves it through Boot's welcome page) and what it loads, all under
     * {@code /assets/}. Other paths are not looked for on the class path at all.
     */
    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler(DASHBOARD_PAGE).addResourceLocations("classpath:/static/");
        registry.addResourceHandler(DASHBOARD_ASSETS).addResourceLocations("classpath:/static/assets/");
    }

    static final String DASHBOARD_PAGE = "/index.html";

    static final String DASHBOARD_ASSETS = "/assets/**";
}
