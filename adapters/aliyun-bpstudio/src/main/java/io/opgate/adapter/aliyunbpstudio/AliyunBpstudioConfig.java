package io.opgate.adapter.aliyunbpstudio;

import io.opgate.adapter.support.SettingsView;
import io.opgate.contracts.spi.BackendConfig;
import io.opgate.contracts.spi.Secret;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The settings of an {@code aliyun-bpstudio} backend: {@code base-url} (default {@value #DEFAULT_BASE_URL}), the
 * AccessKey pair {@code access-key-id} and {@code access-key-secret} (both required) and the default
 * {@code resource-group-id}.
 */
public interface AliyunBpstudioConfig extends BackendConfig {

    String DEFAULT_BASE_URL = "https://bpstudio.aliyuncs.com";

    /** A view of {@code settings} as BPStudio settings. */
    static AliyunBpstudioConfig of(BackendConfig settings) {
        final class View extends SettingsView implements AliyunBpstudioConfig {
            View() {
                super(settings, "AliyunBpstudioConfig");
            }
        }
        return settings instanceof AliyunBpstudioConfig config ? config : new View();
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

    @Override
    default List<String> validate() {
        List<String> problems = BackendConfig.super.validate();
        require("access-key-id", problems);
        require("access-key-secret", problems);
        return problems;
    }
}
