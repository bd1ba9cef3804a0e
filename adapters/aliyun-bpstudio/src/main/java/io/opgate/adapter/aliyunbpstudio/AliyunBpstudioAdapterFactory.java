package io.opgate.adapter.aliyunbpstudio;

import io.opgate.adapter.support.ValidatingAdapterFactory;

/** Creates {@link AliyunBpstudioAdapter}s for backends of type {@code aliyun-bpstudio}. */
public final class AliyunBpstudioAdapterFactory extends ValidatingAdapterFactory<AliyunBpstudioConfig> {

    public static final String TYPE = "aliyun-bpstudio";

    public AliyunBpstudioAdapterFactory() {
        super(
                TYPE,
                AliyunBpstudioConfig.class,
                (settings, context) ->
                        new AliyunBpstudioAdapter(settings, context, AliyunBpstudioAdapter::randomNonce));
    }
}
