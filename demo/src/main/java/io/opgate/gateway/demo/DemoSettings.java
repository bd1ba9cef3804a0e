package io.opgate.gateway.demo;

import io.opgate.gateway.config.SettingsExtension;
import org.springframework.core.env.Environment;

/** Makes {@code opgate.demo.*} known to the gateway's settings check; with the demo on, its backends are in code. */
public final class DemoSettings implements SettingsExtension {

    @Override
    public String prefix() {
        return "opgate.demo";
    }

    @Override
    public Class<? extends Record> settings() {
        return DemoProperties.class;
    }

    @Override
    public boolean configuresBackends(Environment environment) {
        return environment.getProperty("opgate.demo.enabled", Boolean.class, false);
    }
}
