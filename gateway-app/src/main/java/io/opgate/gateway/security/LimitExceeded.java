package io.opgate.gateway.security;

import java.time.Duration;

/** A client asked for more than its share (429); {@link #retryAfter()} tells it when to try again. */
public final class LimitExceeded extends RuntimeException {

    private final Duration retryAfter;

    public LimitExceeded(String message, Duration retryAfter) {
        super(message, null, false, false);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
