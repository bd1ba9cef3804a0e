package io.opgate.adapter.aliyunbpstudio;

import io.opgate.contracts.spi.AdapterContext;
import io.opgate.contracts.spi.BackendAdapter;
import io.opgate.contracts.spi.BackendAdapterFactory;
import io.opgate.contracts.spi.BackendConfig;
import java.util.List;

/** Creates {@link AliyunBpstudioAdapter}s for backends of type {@code aliyun-bpstudio}. */
public final class AliyunBpstudioAdapterFactory implements BackendAdapterFactory {

    public static final String TYPE = "aliyun-bpstudio";

    public AliyunBpstudioAdapterFactory() {}

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<String> validate(BackendConfig config) {
        return AliyunBpstudioConfig.of(config).validate();
    }

    @Override
    public BackendAdapter create(BackendConfig config, AdapterContext context) {
        return new AliyunBpstudioAdapter(AliyunBpstudioConfig.of(config), context, AliyunBpstudioAdapter::randomNonce);
    }
}
