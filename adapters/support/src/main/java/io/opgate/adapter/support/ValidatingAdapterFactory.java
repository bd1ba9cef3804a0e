package io.opgate.adapter.support;

import io.opgate.contracts.spi.AdapterContext;
import io.opgate.contracts.spi.BackendAdapter;
import io.opgate.contracts.spi.BackendAdapterFactory;
import io.opgate.contracts.spi.BackendConfig;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A backend type's factory: its settings are validated through the adapter's own view of them, and an adapter is
 * created only from settings that pass, whoever calls {@link #create} (the SPI promises validated settings; this
 * keeps the promise for callers that skip {@link #validate}).
 *
 * @param <C> the adapter's view of its settings
 */
public abstract class ValidatingAdapterFactory<C extends BackendConfig> implements BackendAdapterFactory {

    private final String type;
    private final Function<BackendConfig, C> view;
    private final BiFunction<C, AdapterContext, BackendAdapter> adapter;

    protected ValidatingAdapterFactory(
            String type, Function<BackendConfig, C> view, BiFunction<C, AdapterContext, BackendAdapter> adapter) {
        this.type = type;
        this.view = view;
        this.adapter = adapter;
    }

    @Override
    public final String type() {
        return type;
    }

    @Override
    public final List<String> validate(BackendConfig config) {
        return view.apply(config).validate();
    }

    @Override
    public final BackendAdapter create(BackendConfig config, AdapterContext context) {
        C settings = view.apply(config);
        List<String> problems = settings.validate();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return adapter.apply(settings, context);
    }
}
