package io.opgate.adapter.huaweicloudtest;

import io.opgate.contracts.spi.AdapterContext;
import io.opgate.contracts.spi.BackendAdapter;
import io.opgate.contracts.spi.BackendAdapterFactory;
import io.opgate.contracts.spi.BackendConfig;
import java.util.List;

/** Creates {@link HuaweiCloudTestAdapter}s for backends of type {@code huawei-cloudtest}. */
public final class HuaweiCloudTestAdapterFactory implements BackendAdapterFactory {

    public static final String TYPE = "huawei-cloudtest";

    public HuaweiCloudTestAdapterFactory() {}

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<String> validate(BackendConfig config) {
        return HuaweiCloudTestConfig.of(config).validate();
    }

    @Override
    public BackendAdapter create(BackendConfig config, AdapterContext context) {
        return new HuaweiCloudTestAdapter(HuaweiCloudTestConfig.of(config), context);
    }
}
