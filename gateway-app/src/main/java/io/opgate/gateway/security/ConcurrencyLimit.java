package io.opgate.gateway.security;

import java.time.Duration;

/**
 * What one {@link ConcurrencyQuota} allows a tenant, and how it refuses more.
 *
 * @param kind the quota's short name ({@code streams}); the Redis store counts under it
 * @param maxPerTenant the most units one tenant may hold
 * @param what what a unit is, plural, for the refusal ({@code "event streams"})
 */
public record ConcurrencyLimit(String kind, int maxPerTenant, String what) {

    /** The refusal of a tenant that holds the maximum already: it may retry once one of them ended. */
    public LimitExceeded refusal() {
        return new LimitExceeded(
                "this client has " + maxPerTenant + " " + what + " open already; close one first",
                Duration.ofSeconds(5));
    }
}
