package io.opgate.gateway.support;

import io.opgate.contracts.spi.AdapterContext;
import io.opgate.contracts.spi.BackendAdapter;
import io.opgate.contracts.spi.BackendAdapterFactory;
import io.opgate.contracts.spi.BackendConfig;
import io.opgate.contracts.spi.SettingKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Backend type {@code scripted} for the gateway's own tests: one {@link ScriptedAdapter} per backend name. */
public final class ScriptedAdapterFactory implements BackendAdapterFactory {

    private static final Map<String, ScriptedAdapter> ADAPTERS = new ConcurrentHashMap<>();

    /** The adapter of the backend named {@code name}, shared with the running gateway. */
    public static ScriptedAdapter adapter(String name) {
        return ADAPTERS.computeIfAbsent(name, n -> new ScriptedAdapter());
    }

    @Override
    public String type() {
        return "scripted";
    }

    @Override
    public List<SettingKey> settings() {
        return List.of();
    }

    @Override
    public List<String> validate(BackendConfig config) {
        return config.validate();
    }

    @Override
    public BackendAdapter create(BackendConfig config, AdapterContext context) {
        return adapter(config.name());
    }
}
