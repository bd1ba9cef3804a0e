package io.opgate.adapter.support;

import io.opgate.contracts.spi.BackendConfig;
import io.opgate.contracts.spi.Secret;
import io.opgate.contracts.spi.SettingKey;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** The settings of a backend reached with HTTP basic auth: {@code username} and {@code password}, both required. */
public interface BasicAuthSettings extends BackendConfig {

    /** The keys of basic auth; a view adds them to its own. */
    List<SettingKey> BASIC_AUTH_KEYS = List.of(
            SettingKey.of("username", SettingKey.Form.TEXT, "The account name, sent with HTTP basic auth.")
                    .asRequired(),
            SettingKey.of("password", SettingKey.Form.SECRET, "The account's password, sent with HTTP basic auth.")
                    .asRequired());

    /** {@code keys}, then {@link #BASIC_AUTH_KEYS}. */
    static List<SettingKey> withBasicAuth(SettingKey... keys) {
        return Stream.concat(Stream.of(keys), BASIC_AUTH_KEYS.stream()).toList();
    }

    /** The account name for HTTP basic auth; empty when not configured. */
    default String username() {
        String username = get("username");
        return username == null ? "" : username;
    }

    /** The account's password; null when not configured. */
    default @Nullable Secret password() {
        return secret("password");
    }
}
