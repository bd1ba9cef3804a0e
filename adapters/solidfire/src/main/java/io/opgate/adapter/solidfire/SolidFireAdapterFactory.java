package io.opgate.adapter.solidfire;

import io.opgate.adapter.support.ValidatingAdapterFactory;

/** Creates adapters for backends of type {@code solidfire}: NetApp SolidFire Element {@code GetAsyncResult}. */
public final class SolidFireAdapterFactory extends ValidatingAdapterFactory<SolidFireConfig> {

    public SolidFireAdapterFactory() {
        super("solidfire", SolidFireConfig.class, SolidFireAdapter::new);
    }
}
