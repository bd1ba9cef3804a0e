package io.opgate.adapter.support;

import io.opgate.contracts.spi.AdapterContext;
import io.opgate.contracts.spi.BackendAdapter;
import io.opgate.contracts.spi.BackendAdapterFactory;
import io.opgate.contracts.spi.BackendConfig;
import io.opgate.contracts.spi.SettingKey;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A backend type's factory, all of it from the adapter's view of its settings: the keys it declares are the
 * factory's {@link #settings()}, its {@code validate()} is the factory's, and an adapter is created only from
 * settings that pass, whoever calls {@link #create} (the SPI promises validated settings; this keeps the promise for
 * callers that skip {@link #validate}).
 *
 * @param <C> the adapter's view of its settings, an interface of {@code default} methods (see {@link SettingsView})
 */
public abstract class ValidatingAdapterFactory<C extends BackendConfig> implements BackendAdapterFactory {

    private final String type;
    private final Class<C> view;
    private final BiFunction<C, AdapterContext, BackendAdapter> adapter;

    protected ValidatingAdapterFactory(
            String type, Class<C> view, BiFunction<C, AdapterContext, BackendAdapter> adapter) {
        this.type = type;
        this.view = view;
        this.adapter = adapter;
    }

    @Override
    public final String type() {
        return type;
    }

    @Override
    public final List<SettingKey> settings() {
        return SettingsView.of(view, BackendConfig.of(type, Map.of())).keys();
    }

    @Override
    public final List<String> validate(BackendConfig config) {
        return SettingsView.of(view, config).validate();
    }

    @Override
    public final BackendAdapter create(BackendConfig config, AdapterContext context) {
        C settings = SettingsView.of(view, config);
        List<String> problems = settings.validate();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return adapter.apply(settings, context);
    }
}
