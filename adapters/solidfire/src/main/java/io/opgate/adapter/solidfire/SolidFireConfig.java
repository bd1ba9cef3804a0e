package io.opgate.adapter.solidfire;

import io.opgate.adapter.support.BasicAuthSettings;
import io.opgate.adapter.support.SettingsView;
import io.opgate.contracts.spi.BackendConfig;
import io.opgate.contracts.spi.SettingKey;
import java.util.List;

/**
 * The settings of a SolidFire Element backend ({@code opgate.backends.<name>.*} with {@code type: solidfire}):
 * {@link #KEYS}.
 */
public interface SolidFireConfig extends BasicAuthSettings {

    List<SettingKey> KEYS = BasicAuthSettings.withBasicAuth(
            SettingKey.of(
                            "base-url",
                            SettingKey.Form.URL,
                            "The whole JSON-RPC endpoint, e.g. https://mvip/json-rpc/12.3; the account is the"
                                    + " cluster admin.")
                    .asRequired(),
            SettingKey.of(
                            "release-handles",
                            SettingKey.Form.FLAG,
                            "Release an async handle (keepResult: false) once the gateway has stored its terminal"
                                    + " result; off because releasing destroys the result for every other client of"
                                    + " the cluster.")
                    .orElse("false"));

    /** The SolidFire view of {@code settings}. */
    static SolidFireConfig of(BackendConfig settings) {
        return SettingsView.of(SolidFireConfig.class, settings);
    }

    @Override
    default List<SettingKey> keys() {
        return KEYS;
    }

    /** Whether to release a handle after its terminal result is stored. */
    default boolean releaseHandles() {
        return booleanValue("release-handles", false);
    }
}
