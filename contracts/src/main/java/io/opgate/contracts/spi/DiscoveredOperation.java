package io.opgate.contracts.spi;

import java.util.Objects;

/**
 * One operation found by {@link BackendAdapter#discover}: its handle, in the form {@link BackendAdapter#poll} accepts
 * (it passes {@link BackendAdapter#validateHandle}), and the observation the listing gave of it, which the gateway
 * stores as the operation's first.
 */
public record DiscoveredOperation(String handle, PollOutcome.Observed observed) {

    public DiscoveredOperation {
        Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(observed, "observed");
    }
}
