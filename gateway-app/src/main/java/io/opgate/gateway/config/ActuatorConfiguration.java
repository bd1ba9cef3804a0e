package io.opgate.gateway.config;

import java.util.regex.Pattern;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps credentials out of the {@code env} and {@code configprops} endpoints. They are not exposed and show no values
 * by default ({@code application.yml}); this masks the credentials of {@code opgate.*} even for an operator who
 * exposes them and turns values on.
 */
@Configuration(proxyBeanMethods = false)
class ActuatorConfiguration {

    /** Backend passwords, tokens, access keys, API key digests, stream-token keys, and anything named alike. */
    static final Pattern CREDENTIAL =
            Pattern.compile("password|secret|token|key|sha256|credential|auth|private|signature");

    @Bean
    SanitizingFunction opgateCredentials() {
        return data -> CREDENTIAL.matcher(data.getLowerCaseKey()).find() ? data.withSanitizedValue() : data;
    }
}
