package io.opgate.gateway.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code opgate.demo.*}: the built-in demo, which only the demo build ({@code opgate-demo.jar}) carries.
 *
 * @param enabled start simulated backends in-process and configure one backend of each type on them
 * @param operationsPerMinute how many new operations the demo creates and registers per minute
 * @param simulatorPort the loopback port of the simulated backends (and their {@code /_sim} control API); 0 for a
 *     free one
 */
@ConfigurationProperties("opgate.demo")
public record DemoProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("30") int operationsPerMinute,
        @DefaultValue("0") int simulatorPort) {}
