package io.opgate.gateway.tracking;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The keys of {@code opgate.backends.<name>} that the gateway reads itself, whatever the backend's type; the keys
 * of an adapter are its own ({@code BackendAdapterFactory.settings()}). Bound by Spring's binder, so relaxed and from
 * any source; a list is a YAML list or comma-separated. The defaults are here and nowhere else; the annotations check
 * one key each, {@link #problems} the rest.
 *
 * @param type which adapter polls the backend: {@code solidfire}, {@code ontap}, {@code huawei-cloudtest} or
 *     {@code aliyun-bpstudio}
 * @param baseUrl where the backend is (checked by its adapter, which says what the URL must point at)
 * @param maxConcurrency polls in flight to this backend at once
 * @param maxRequestsPerSecond the request budget of this instance against the backend; none when absent
 * @param circuitFailureThreshold failed polls in a row that open the circuit
 * @param circuitProbeInterval how often an open circuit lets one poll through
 * @param tenants the tenants allowed to register operations on this backend; empty for every tenant
 * @param sharedHandles whether two tenants may track the same handle, each as an operation of its own; otherwise a
 *     handle belongs to the first tenant that tracks it
 * @param allowedParams the keys a registration may give in {@code params}: they reach the backend's scope (Huawei's
 *     {@code projectUuid}, Alibaba's {@code resourceGroupId}), so none is allowed unless listed
 * @param throttleBackoff how long a backend that throttles without {@code Retry-After} is paused the first time; each
 *     further throttled answer in a row doubles it
 * @param throttleBackoffMax the longest such pause, and the longest a {@code Retry-After} is honoured
 * @param batchSize operations per poll-many request; the adapter's own batch size when absent
 * @param discovery tracking the backend's jobs that nobody registered
 */
public record BackendSettings(
        @DefaultValue("") String type,
        @Nullable String baseUrl,
        @DefaultValue("8") @Min(value = 1, message = "must be at least {value}") int maxConcurrency,
        @Nullable
                @Positive(message = "must be a positive number")
                @Max(value = 1_000_000_000, message = "must be at most {value}")
                Double maxRequestsPerSecond,
        @DefaultValue("5") @Min(value = 1, message = "must be at least {value}") int circuitFailureThreshold,
        @DefaultValue("5s") @DurationMin(nanos = 1, message = "must be a positive duration")
                Duration circuitProbeInterval,
        @Nullable Set<String> tenants,
        @DefaultValue("false") boolean sharedHandles,
        @Nullable Set<String> allowedParams,
        @DefaultValue("2s") @DurationMin(nanos = 1, message = "must be a positive duration") Duration throttleBackoff,
        @DefaultValue("2m") @DurationMin(nanos = 1, message = "must be a positive duration")
                Duration throttleBackoffMax,
        @Nullable
                @Min(value = 1, message = "must be at least {value}")
                @Max(value = 999_999, message = "must be at most {value}")
                Integer batchSize,
        @DefaultValue @Valid Discovery discovery) {

    static final int MAX_LABELS = 64;
    static final int MAX_LABEL_KEY = 128;
    static final int MAX_LABEL_VALUE = 512;
    static final int MAX_TENANT = 128;

    public BackendSettings {
        type = type.trim().toLowerCase(Locale.ROOT);
        baseUrl = baseUrl == null || baseUrl.isBlank() ? null : baseUrl.trim().replaceAll("/+$", "");
        tenants = items(tenants);
        allowedParams = items(allowedParams);
    }

    /**
     * {@code opgate.backends.<name>.discovery.*}.
     *
     * @param enabled list the backend's jobs and track those nobody registered
     * @param interval how often the jobs are listed, by one replica at a time
     * @param window how far back ended jobs are taken
     * @param tenant the owner of discovered operations; required unless {@code opgate.security.mode} is none
     * @param labels added to each discovered operation
     * @param types only jobs of these types (the normalized {@code type}); empty for all
     */
    public record Discovery(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("30s") @DurationMin(seconds = 1, message = "must be at least 1s") Duration interval,
            @DefaultValue("1h") @DurationMin(nanos = 1, message = "must be a positive duration") Duration window,
            @Nullable @Size(max = MAX_TENANT, message = "must be at most {max} characters") String tenant,
            @Nullable @Size(max = MAX_LABELS, message = "may hold at most {max} labels") Map<String, String> labels,
            @Nullable Set<String> types) {

        public Discovery {
            tenant = tenant == null || tenant.isBlank() ? null : tenant.trim();
            labels = labels == null ? Map.of() : Map.copyOf(labels);
            types = items(types);
        }
    }

    /** Every key at its default, of no type: for tests. */
    public static BackendSettings defaults() {
        return new BackendSettings(
                "",
                null,
                8,
                null,
                5,
                Duration.ofSeconds(5),
                null,
                false,
                null,
                Duration.ofSeconds(2),
                Duration.ofMinutes(2),
                null,
                new Discovery(false, Duration.ofSeconds(30), Duration.ofHours(1), null, null, null));
    }

    /**
     * What is wrong across keys, or in the free keys of {@code discovery.labels}, each a sentence naming the key.
     *
     * @param prefix {@code opgate.backends.<name>.}
     * @param securityOn whether callers are authenticated: then discovered operations need an explicit owner
     */
    public List<String> problems(String prefix, boolean securityOn) {
        List<String> problems = new ArrayList<>();
        if (throttleBackoff.compareTo(throttleBackoffMax) > 0) {
            problems.add(prefix + "throttle-backoff (" + throttleBackoff + ") must not be longer than"
                    + " throttle-backoff-max (" + throttleBackoffMax + ")");
        }
        if (discovery.enabled() && securityOn && discovery.tenant() == null) {
            problems.add(prefix + "discovery.tenant is required when opgate.security.mode is not none: it names the"
                    + " tenant that owns the discovered operations");
        }
        if (discovery.tenant() != null && hasControl(discovery.tenant())) {
            problems.add(prefix + "discovery.tenant must be at most 128 characters without control characters");
        }
        discovery.labels().forEach((key, value) -> {
            if (key.isEmpty() || key.length() > MAX_LABEL_KEY || hasControl(key)) {
                problems.add(prefix + "discovery.labels." + key + ": a label key has 1 to 128 characters");
            }
            if (value.length() > MAX_LABEL_VALUE || hasControl(value)) {
                problems.add(prefix + "discovery.labels." + key + ": a label value has at most 512 characters");
            }
        });
        return problems;
    }

    private static Set<String> items(@Nullable Set<String> given) {
        Set<String> items = new LinkedHashSet<>();
        if (given != null) {
            for (String item : given) {
                if (item != null && !item.isBlank()) {
                    items.add(item.trim());
                }
            }
        }
        return Set.copyOf(items);
    }

    private static boolean hasControl(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }
}
