package io.opgate.gateway.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code opgate.api.*}.
 *
 * @param directReads answer the plain {@code GET /v1/operations/{id}} before the framework's request path
 *     ({@code DirectOperationReads}); off sends it through the full path
 * @param directStreams serve the two event streams without parameters the same way ({@code DirectEventStreams});
 *     off by default: in two of many full test runs a stream served this way never started (see README)
 */
@ConfigurationProperties("opgate.api")
public record ApiProperties(@DefaultValue("true") boolean directReads, @DefaultValue("false") boolean directStreams) {}
