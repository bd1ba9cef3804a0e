package io.opgate.gateway.config;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code opgate.cors.*}: which other origins' pages may call {@code /v1/**}, the SSE streams included. None by
 * default: the dashboard is served by the gateway itself and needs no CORS.
 *
 * @param allowedOrigins exact origins such as {@code https://ops.example.com}, or {@code *}
 * @param maxAge how long a browser may cache the answer to a preflight request
 */
@ConfigurationProperties("opgate.cors")
public record CrossOriginProperties(@Nullable List<String> allowedOrigins, @DefaultValue("1h") Duration maxAge) {

    public CrossOriginProperties {
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    }
}
