package io.opgate.adapter.support;

import io.opgate.contracts.spi.BackendConfig;
import io.opgate.contracts.spi.Secret;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The settings of a backend reached with HTTP basic auth: {@code base-url}, {@code username} and {@code password}. */
public interface BasicAuthSettings extends BackendConfig {

    /** The account name for HTTP basic auth; empty when not configured. */
    default String username() {
        String username = get("username");
        return username == null ? "" : username;
    }

    /** The account's password; null when not configured. */
    default @Nullable Secret password() {
        return secret("password");
    }

    /** Every backend's checks, and {@code base-url}, {@code username} and {@code password} required. */
    @Override
    default List<String> validate() {
        List<String> problems = new ArrayList<>(BackendConfig.super.validate());
        require("base-url", problems);
        require("username", problems);
        require("password", problems);
        return problems;
    }
}
