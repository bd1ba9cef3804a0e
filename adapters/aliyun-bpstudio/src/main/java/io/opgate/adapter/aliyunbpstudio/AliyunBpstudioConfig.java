package io.opgate.adapter.aliyunbpstudio;

import io.opgate.adapter.support.SettingsView;
import io.opgate.contracts.spi.BackendConfig;
import io.opgate.contracts.spi.Secret;
import io.opgate.contracts.spi.SettingKey;
import io.opgate.contracts.spi.SettingKey.Form;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The settings of an {@code aliyun-bpstudio} backend: {@link #KEYS}. */
public interface AliyunBpstudioConfig extends BackendConfig {

    String DEFAULT_BASE_URL = "https://bpstudio.aliyuncs.com";

    List<SettingKey> KEYS = List.of(
            SettingKey.of("base-url", Form.URL, "The BPStudio endpoint.").orElse(DEFAULT_BASE_URL),
            SettingKey.of(
                            "access-key-id",
                            Form.SECRET,
                            "The AccessKey id; sent in every request's Authorization header, never logged.")
                    .asRequired(),
            SettingKey.of("access-key-secret", Form.SECRET, "The AccessKey secret that signs requests (ACS3).")
                    .asRequired(),
            SettingKey.of(
                    "resource-group-id",
                    Form.TEXT,
                    "The ResourceGroupId used when an operation was registered without params.resourceGroupId."));

    /** A view of {@code settings} as BPStudio settings. */
    static AliyunBpstudioConfig of(BackendConfig settings) {
        return SettingsView.of(AliyunBpstudioConfig.class, settings);
    }

    @Override
    default List<SettingKey> keys() {
        return KEYS;
    }

    /** The endpoint, without a trailing slash. */
    default String endpoint() {
        return baseUrlOr(DEFAULT_BASE_URL);
    }

    /** The AccessKey id; it is sent in every request's {@code Authorization} header, but never logged. */
    default Secret accessKeyId() {
        return Objects.requireNonNull(secret("access-key-id"), "access-key-id");
    }

    default Secret accessKeySecret() {
        return Objects.requireNonNull(secret("access-key-secret"), "access-key-secret");
    }

    /** The {@code ResourceGroupId} used when an operation was registered without {@code params.resourceGroupId}. */
    default @Nullable String resourceGroupId() {
        return get("resource-group-id");
    }
}
