package io.opgate.contracts.spi;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The operation an adapter is asked about.
 *
 * @param handle the backend's own handle, as the client registered it (already accepted by
 *     {@link BackendAdapter#validateHandle})
 * @param params per-operation parameters given at registration (e.g. {@code projectUuid}, {@code resourceGroupId})
 */
public record PollRequest(String handle, Map<String, String> params) {

    public PollRequest {
        Objects.requireNonNull(handle, "handle");
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    public static PollRequest of(String handle) {
        return new PollRequest(handle, Map.of());
    }

    public @Nullable String param(String name) {
        return params.get(name);
    }
}
