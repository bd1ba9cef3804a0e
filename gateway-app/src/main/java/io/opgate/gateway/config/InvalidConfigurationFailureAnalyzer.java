package io.opgate.gateway.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints configuration mistakes as a list instead of a stack trace. */
class InvalidConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
        return new FailureAnalysis(
                "opgate's configuration has " + cause.problems().size() + " problem(s):\n - "
                        + String.join("\n - ", cause.problems()),
                "Correct the settings above (see the Configuration section of README.md).",
                cause);
    }
}
