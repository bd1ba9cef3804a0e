package io.opgate.adapter.huaweicloudtest;

import io.opgate.adapter.support.ValidatingAdapterFactory;

/** Creates {@link HuaweiCloudTestAdapter}s for backends of type {@code huawei-cloudtest}. */
public final class HuaweiCloudTestAdapterFactory extends ValidatingAdapterFactory<HuaweiCloudTestConfig> {

    public static final String TYPE = "huawei-cloudtest";

    public HuaweiCloudTestAdapterFactory() {
        super(TYPE, HuaweiCloudTestConfig.class, HuaweiCloudTestAdapter::new);
    }
}
