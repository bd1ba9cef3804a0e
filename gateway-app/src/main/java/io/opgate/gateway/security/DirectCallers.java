package io.opgate.gateway.security;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Who is calling, for the one kind of request answered before Spring Security's filter chain runs (the plain read of
 * an operation): only where that is a lookup and the caller may read. Null means "let the filter chain decide", which
 * then does everything it always does, refusals included.
 */
@FunctionalInterface
public interface DirectCallers {

    /**
     * The caller, when it is known at once and may read; otherwise null.
     *
     * @param authorization the request's {@code Authorization} headers
     */
    @Nullable
    Caller reader(List<String> authorization);

    /** Authentication off: everyone is the one unauthenticated caller. */
    static DirectCallers unauthenticated() {
        Caller caller = Caller.unauthenticated();
        return authorization -> caller;
    }

    /** API keys: one well-formed {@code Authorization: Bearer} header with a configured key that has {@code read}. */
    static DirectCallers apiKeys(ApiKeys keys) {
        String bearer = "bearer ";
        return authorization -> {
            if (authorization.size() != 1) {
                return null;
            }
            String header = authorization.get(0);
            if (header.length() <= bearer.length()
                    || header.length() > BearerCredentialsConverter.MAX_CREDENTIAL_LENGTH
                    || !header.regionMatches(true, 0, bearer, 0, bearer.length())) {
                return null;
            }
            return keys.authenticate(header.substring(bearer.length()).trim())
                    .filter(caller -> caller.roles().contains(Caller.Role.READ))
                    .orElse(null);
        };
    }

    /** Every request goes through the filter chain (JWTs are validated there only). */
    static DirectCallers none() {
        return authorization -> null;
    }
}
