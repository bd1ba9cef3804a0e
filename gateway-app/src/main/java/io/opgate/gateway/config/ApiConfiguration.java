package io.opgate.gateway.config;

import io.opgate.gateway.api.CallerArguments;
import io.opgate.gateway.api.SseFrameEncoder;
import io.opgate.gateway.api.StreamSettings;
import io.opgate.gateway.security.CallerResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.config.ResourceHandlerRegistry;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

/** Codec limits, the event streams' writer and settings, the caller as a handler argument; the dashboard's files. */
@Configuration(proxyBeanMethods = false)
class ApiConfiguration implements WebFluxConfigurer {

    /** No request body opgate accepts comes near this; a larger one is refused before it is parsed. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final CallerResolver callers;

    ApiConfiguration(CallerResolver callers) {
        this.callers = callers;
    }

    @Bean
    StreamSettings streamSettings(OpgateProperties properties) {
        return new StreamSettings(properties.sse().keepalive(), properties.sse().retry());
    }

    @Override
    public void configureHttpMessageCodecs(ServerCodecConfigurer configurer) {
        configurer.defaultCodecs().maxInMemorySize(MAX_BODY_BYTES);
        // Event stream frames are made once per change for all its clients: written as they are.
        configurer.customCodecs().register(new SseFrameEncoder());
    }

    @Override
    public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
        configurer.addCustomResolver(new CallerArguments(callers));
    }

    /**
     * The dashboard's files, by name ({@code /} serves its page through Boot's welcome page): other paths are not
     * looked for on the class path at all.
     */
    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler(DASHBOARD_FILES).addResourceLocations("classpath:/static/");
        // Everything the page loads (README, Dashboard); a pattern's location is where its "**" starts.
        registry.addResourceHandler("/assets/**").addResourceLocations("classpath:/static/assets/");
    }

    static final String[] DASHBOARD_FILES = {"/index.html", "/dashboard.css", "/dashboard.js"};
}
