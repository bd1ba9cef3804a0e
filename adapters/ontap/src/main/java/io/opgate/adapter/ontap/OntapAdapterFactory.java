package io.opgate.adapter.ontap;

import io.opgate.contracts.spi.AdapterContext;
import io.opgate.contracts.spi.BackendAdapter;
import io.opgate.contracts.spi.BackendAdapterFactory;
import io.opgate.contracts.spi.BackendConfig;
import java.util.List;

/** Creates adapters for backends of type {@code ontap}: NetApp ONTAP REST jobs ({@code /api/cluster/jobs}). */
public final class OntapAdapterFactory implements BackendAdapterFactory {

    @Override
    public String type() {
        return "ontap";
    }

    @Override
    public List<String> validate(BackendConfig config) {
        return OntapConfig.of(config).validate();
    }

    @Override
    public BackendAdapter create(BackendConfig config, AdapterContext context) {
        OntapConfig settings = OntapConfig.of(config);
        List<String> problems = settings.validate();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new OntapAdapter(settings, context);
    }
}
