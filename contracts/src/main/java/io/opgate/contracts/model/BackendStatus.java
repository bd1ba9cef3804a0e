package io.opgate.contracts.model;

import org.jspecify.annotations.Nullable;

/**
 * The health of polling one operation. It never changes the operation's state by itself.
 *
 * @param reachable whether the last poll got a usable answer
 * @param consecutiveFailures failed polls in a row since the last usable answer
 * @param lastError a short, secret-free description of the last failure, null after a usable answer
 */
public record BackendStatus(boolean reachable, int consecutiveFailures, @Nullable String lastError) {

    public static final BackendStatus HEALTHY = new BackendStatus(true, 0, null);

    public BackendStatus failed(String error) {
        return new BackendStatus(false, consecutiveFailures + 1, error);
    }
}
