package io.opgate.contracts.spi;

import java.util.List;

/**
 * Creates adapters for one backend type. Implementations are found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.opgate.contracts.spi.BackendAdapterFactory}) and must have a public no-argument
 * constructor.
 *
 * <p>At start-up the gateway asks every factory for {@link #settings()}, binds those keys of each backend of the
 * type (relaxed, from files, arguments and environment variables alike), then calls {@link #validate} with them, and
 * {@link #create} only once no backend has a problem.
 */
public interface BackendAdapterFactory {

    /** The backend type this factory serves, as written in {@code opgate.backends.<name>.type}, e.g. {@code ontap}. */
    String type();

    /**
     * The keys the type's adapters read under {@code opgate.backends.<name>}, besides the gateway's own. Only these
     * reach {@link #validate} and {@link #create}; any other key of a backend that the gateway does not read itself
     * stops the start as unknown.
     */
    List<SettingKey> settings();

    /**
     * The problems with a backend's settings, each a sentence that names the key; empty when they are valid. Called
     * at start-up, before {@link #create}; the gateway refuses to start while any backend has a problem.
     */
    List<String> validate(BackendConfig config);

    /** Creates the adapter for one configured backend, whose settings passed {@link #validate}. */
    BackendAdapter create(BackendConfig config, AdapterContext context);
}
