package io.opgate.adapter.solidfire;

import io.opgate.contracts.spi.AdapterContext;
import io.opgate.contracts.spi.BackendAdapter;
import io.opgate.contracts.spi.BackendAdapterFactory;
import io.opgate.contracts.spi.BackendConfig;
import java.util.List;

/** Creates adapters for backends of type {@code solidfire}: NetApp SolidFire Element {@code GetAsyncResult}. */
public final class SolidFireAdapterFactory implements BackendAdapterFactory {

    @Override
    public String type() {
        return "solidfire";
    }

    @Override
    public List<String> validate(BackendConfig config) {
        return SolidFireConfig.of(config).validate();
    }

    @Override
    public BackendAdapter create(BackendConfig config, AdapterContext context) {
        SolidFireConfig settings = SolidFireConfig.of(config);
        List<String> problems = settings.validate();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new SolidFireAdapter(settings, context);
    }
}
