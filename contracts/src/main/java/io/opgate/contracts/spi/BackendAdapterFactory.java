package io.opgate.contracts.spi;

import java.util.List;

/**
 * Creates adapters for one backend type. Implementations are found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.opgate.contracts.spi.BackendAdapterFactory}) and must have a public no-argument
 * constructor.
 */
public interface BackendAdapterFactory {

    /** The backend type this factory serves, as written in {@code opgate.backends.<name>.type}, e.g. {@code ontap}. */
    String type();

    /**
     * The problems with a backend's settings, each a sentence that names the key; empty when they are valid. Called
     * at start-up, before {@link #create}; the gateway refuses to start while any backend has a problem.
     */
    List<String> validate(BackendConfig config);

    /** Creates the adapter for one configured backend, whose settings passed {@link #validate}. */
    BackendAdapter create(BackendConfig config, AdapterContext context);
}
