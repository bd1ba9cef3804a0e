/**
 * Micrometer meters of the gateway: polls per backend, backend health, operations per state and their transitions,
 * stream clients and events, store latency. Tags are backend names, states and outcomes only: never an operation id,
 * a handle or a tenant, so that the number of series stays bounded by the configuration.
 */
@NullMarked
package io.opgate.gateway.metrics;

import org.jspecify.annotations.NullMarked;
