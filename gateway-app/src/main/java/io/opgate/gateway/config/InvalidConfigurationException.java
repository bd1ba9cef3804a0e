package io.opgate.gateway.config;

import java.util.List;

/** The configuration has mistakes; each problem is a sentence that names its key. */
public final class InvalidConfigurationException extends RuntimeException {

    private final List<String> problems;

    public InvalidConfigurationException(List<String> problems) {
        super("opgate is misconfigured:\n - " + String.join("\n - ", problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
