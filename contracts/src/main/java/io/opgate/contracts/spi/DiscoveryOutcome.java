package io.opgate.contracts.spi;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The outcome of one {@link BackendAdapter#discover}: exactly one of {@link Listed} or {@link Failed}. */
public sealed interface DiscoveryOutcome {

    /** Every operation the backend listed (all pages), each handle once. */
    record Listed(List<DiscoveredOperation> operations) implements DiscoveryOutcome {
        public Listed {
            operations = List.copyOf(operations);
        }
    }

    /**
     * The listing gave no usable answer (or only part of one: a failed page fails the whole discovery, so that a
     * partial list is never taken for the whole). It is tried again at the next interval.
     *
     * @param reason a short, secret-free description
     * @param retryAfter how long the backend asked us to wait, or null
     */
    record Failed(String reason, @Nullable Duration retryAfter) implements DiscoveryOutcome {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }

        public static Failed of(String reason) {
            return new Failed(reason, null);
        }
    }
}
