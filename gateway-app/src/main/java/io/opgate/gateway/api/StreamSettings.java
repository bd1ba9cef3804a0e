package io.opgate.gateway.api;

import java.time.Duration;

/**
 * What the event streams need from {@code opgate.sse.*}, handed in by the configuration layer so that the API layer
 * does not read the settings tree.
 *
 * @param keepalive how often an idle stream gets a comment line
 * @param retry the reconnect delay every stream announces first
 */
public record StreamSettings(Duration keepalive, Duration retry) {}
