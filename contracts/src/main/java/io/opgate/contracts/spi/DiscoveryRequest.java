package io.opgate.contracts.spi;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What {@link BackendAdapter#discover} is asked for: every operation the backend has not finished, and those that
 * ended at or after {@code endedSince}.
 *
 * @param endedSince the start of the discovery window ({@code discovery.window} before now)
 * @param types the operation types wanted ({@code discovery.types}), compared without regard to case with what the
 *     adapter reports as {@link Observation#type()}; empty means every type. An adapter may narrow its request with
 *     them (SolidFire's {@code asyncResultTypes}); the gateway filters the answer again in any case.
 */
public record DiscoveryRequest(Instant endedSince, Set<String> types) {

    public DiscoveryRequest {
        Objects.requireNonNull(endedSince, "endedSince");
        types = types == null ? Set.of() : Set.copyOf(types);
    }

    /** Whether an operation of {@code type} is wanted. */
    public boolean wants(@Nullable String type) {
        if (types.isEmpty()) {
            return true;
        }
        return type != null
                && types.stream()
                        .map(t -> t.toLowerCase(Locale.ROOT))
                        .collect(Collectors.toSet())
                        .contains(type.toLowerCase(Locale.ROOT));
    }
}
