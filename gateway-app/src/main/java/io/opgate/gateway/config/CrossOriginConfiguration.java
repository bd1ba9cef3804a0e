package io.opgate.gateway.config;

import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * CORS for {@code /v1/**} from {@code opgate.cors.allowed-origins}. The filter runs before anything else, so that a
 * preflight request is answered without credentials and an authentication failure still carries the CORS headers a
 * browser needs to show it.
 */
@Configuration(proxyBeanMethods = false)
class CrossOriginConfiguration {

    @Bean
    CorsConfigurationSource corsConfigurationSource(CrossOriginProperties properties) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (properties.allowedOrigins().isEmpty()) {
            return source;
        }
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(properties.allowedOrigins());
        cors.setAllowedMethods(List.of("GET", "POST", "DELETE"));
        // Last-Event-ID: an EventSource resuming across origins sends it.
        cors.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, "Last-Event-ID"));
        cors.setExposedHeaders(List.of(HttpHeaders.LOCATION));
        // Bearer keys and stream tokens travel in headers and the query, never in cookies.
        cors.setAllowCredentials(false);
        cors.setMaxAge(properties.maxAge());
        source.registerCorsConfiguration("/v1/**", cors);
        return source;
    }

    /** Right after {@code SecurityHeaders}, which must see every answer, preflights included. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    CorsWebFilter corsWebFilter(CorsConfigurationSource corsConfigurationSource) {
        return new CorsWebFilter(corsConfigurationSource);
    }
}
