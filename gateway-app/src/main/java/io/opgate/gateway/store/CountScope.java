package io.opgate.gateway.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A set of operations whose counts a store keeps as it writes: every tenant's or one tenant's, either all of them or
 * those carrying one label. Each operation counts in {@code 2 × (1 + its labels)} scopes, so that counting for a
 * page's tiles reads one small table instead of walking the operations.
 *
 * @param tenant one tenant, or null for every tenant
 * @param label one label ({@code key → value}) the operations carry, or null for all
 */
public record CountScope(@Nullable String tenant, Map.@Nullable Entry<String, String> label) {

    public CountScope {
        label = label == null ? null : Map.entry(label.getKey(), label.getValue());
    }

    /**
     * The scope's unambiguous name: lengths precede the tenant and the label key, so no tenant or label can make one
     * scope's name read as another's.
     */
    public String key() {
        StringBuilder key = new StringBuilder(tenant == null ? "*" : "t:" + tenant.length() + ":" + tenant);
        if (label != null) {
            key.append("|l:")
                    .append(label.getKey().length())
                    .append(':')
                    .append(label.getKey())
                    .append('=')
                    .append(label.getValue());
        }
        return key.toString();
    }

    /** Every scope that counts {@code op}. */
    public static List<CountScope> of(TrackedOperation op) {
        Map<String, String> labels = op.operation().labels();
        List<CountScope> scopes = new ArrayList<>(2 * (1 + labels.size()));
        for (String tenant : new String[] {null, op.tenant()}) {
            scopes.add(new CountScope(tenant, null));
            labels.entrySet().forEach(label -> scopes.add(new CountScope(tenant, label)));
        }
        return scopes;
    }
}
