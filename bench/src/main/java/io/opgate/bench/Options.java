package io.opgate.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** {@code --name value} command-line options, each with a default. */
public final class Options {

    private final Map<String, String> values = new HashMap<>();

    private Options() {}

    public static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got: " + args[i]);
            }
            o.values.put(args[i].substring(2), args[++i]);
        }
        return o;
    }

    public String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public String required(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }

    public int integer(String name, int fallback) {
        String v = values.get(name);
        return v == null ? fallback : Integer.parseInt(v);
    }

    public long number(String name, long fallback) {
        String v = values.get(name);
        return v == null ? fallback : Long.parseLong(v);
    }

    public Duration seconds(String name, long fallback) {
        return Duration.ofSeconds(number(name, fallback));
    }
}
