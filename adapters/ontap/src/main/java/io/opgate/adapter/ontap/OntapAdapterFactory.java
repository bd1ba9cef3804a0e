package io.opgate.adapter.ontap;

import io.opgate.adapter.support.ValidatingAdapterFactory;

/** Creates adapters for backends of type {@code ontap}: NetApp ONTAP REST jobs ({@code /api/cluster/jobs}). */
public final class OntapAdapterFactory extends ValidatingAdapterFactory<OntapConfig> {

    public OntapAdapterFactory() {
        super("ontap", OntapConfig.class, OntapAdapter::new);
    }
}
