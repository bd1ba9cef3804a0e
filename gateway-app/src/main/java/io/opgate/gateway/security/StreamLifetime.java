package io.opgate.gateway.security;

import java.time.Duration;
import java.util.Optional;
import org.springframework.web.server.ServerWebExchange;

/**
 * How long an event stream may stay open: one opened with a stream token ends after {@code stream-max-age}, so that
 * what the token granted is checked again (the client reconnects with a fresh token, as the dashboard does); one
 * opened with an API key or a JWT in the header stays open.
 */
public final class StreamLifetime {

    private final boolean tokensChecked;
    private final Duration maxAge;

    /**
     * @param tokensChecked whether credentials are checked at all (not in mode none, where {@code ?token=} means
     *     nothing)
     */
    public StreamLifetime(boolean tokensChecked, Duration maxAge) {
        this.tokensChecked = tokensChecked;
        this.maxAge = maxAge;
    }

    /** The most {@code exchange}'s stream may last, when it has a limit. */
    public Optional<Duration> maxAge(ServerWebExchange exchange) {
        boolean byToken =
                exchange.getRequest().getQueryParams().containsKey(BearerCredentialsConverter.TOKEN_PARAMETER);
        return tokensChecked && byToken ? Optional.of(maxAge) : Optional.empty();
    }
}
