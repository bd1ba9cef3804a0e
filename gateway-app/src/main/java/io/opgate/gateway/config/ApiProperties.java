package io.opgate.gateway.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code opgate.api.*}.
 *
 * @param directReads answer the plain {@code GET /v1/operations/{id}} and serve the two event streams without
 *     parameters before the framework's request path ({@code DirectOperationReads}, {@code DirectEventStreams}); off
 *     sends every request through the full path
 */
@ConfigurationProperties("opgate.api")
public record ApiProperties(@DefaultValue("true") boolean directReads) {}
