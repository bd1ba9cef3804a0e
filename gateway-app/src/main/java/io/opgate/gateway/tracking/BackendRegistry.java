package io.opgate.gateway.tracking;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The configured backends by name. */
public final class BackendRegistry {

    private final Map<String, Backend> byName = new LinkedHashMap<>();

    public BackendRegistry(List<Backend> backends) {
        backends.forEach(b -> byName.put(b.name(), b));
    }

    public Optional<Backend> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Collection<Backend> all() {
        return byName.values();
    }
}
