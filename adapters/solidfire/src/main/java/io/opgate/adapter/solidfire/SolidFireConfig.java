package io.opgate.adapter.solidfire;

import io.opgate.adapter.support.BasicAuthSettings;
import io.opgate.adapter.support.SettingsView;
import io.opgate.contracts.spi.BackendConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The settings of a SolidFire Element backend ({@code opgate.backends.<name>.*} with {@code type: solidfire}).
 *
 * <ul>
 *   <li>{@code base-url} (required): the whole JSON-RPC endpoint, e.g. {@code https://mvip/json-rpc/12.3}.
 *   <li>{@code username}, {@code password} (required): the cluster admin account, sent with HTTP basic auth.
 *   <li>{@code release-handles} (default {@code false}): release an async handle ({@code keepResult: false}) once
 *       the gateway has stored its terminal result.
 * </ul>
 */
public interface SolidFireConfig extends BasicAuthSettings {

    /** The SolidFire view of {@code settings}. */
    static SolidFireConfig of(BackendConfig settings) {
        final class View extends SettingsView implements SolidFireConfig {
            View() {
                super(settings, "SolidFireConfig");
            }
        }
        return settings instanceof SolidFireConfig config ? config : new View();
    }

    /**
     * Whether to release a handle after its terminal result is stored. Off by default: releasing destroys the result
     * for every other client of the cluster that may still want it.
     */
    default boolean releaseHandles() {
        return booleanValue("release-handles", false);
    }

    @Override
    default List<String> validate() {
        List<String> problems = new ArrayList<>(BasicAuthSettings.super.validate());
        String release = get("release-handles");
        if (release != null) {
            String value = release.trim().toLowerCase(Locale.ROOT);
            if (!value.equals("true") && !value.equals("false")) {
                problems.add(
                        "opgate.backends." + name() + ".release-handles must be true or false, was '" + release + "'");
            }
        }
        return problems;
    }
}
