package io.opgate.gateway.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The figures of one backend fault scenario, written as a Markdown table row for RELIABILITY.md. */
final class FaultReport {

    final String fault;
    final Duration injectedFor;
    final int operations;
    long eventsDelivered;
    int violations;
    double requestsPerSecondBefore;
    double requestsPerSecondDuring;
    final Set<String> circuitStates = new LinkedHashSet<>();
    Duration healthyStalenessBefore;
    Duration healthyStalenessDuring;
    long healthyGetP50Before;
    long healthyGetP50During;
    long healthyGetMaxDuring;
    Duration backendRecovered;
    Duration allDone;
    int regressionsRefused;
    String lastErrorSeen;

    FaultReport(String fault, Duration injectedFor, int operations) {
        this.fault = fault;
        this.injectedFor = injectedFor;
        this.operations = operations;
    }

    String row() {
        return String.format(
                Locale.ROOT,
                "| %s | %.1f s | %d | %d | 0 | %d | %.1f → %.1f | %s | %s | %d / %d ms (max %d) | %.1f / %.1f s | %s | %.1f s |",
                fault,
                injectedFor.toMillis() / 1000.0,
                operations,
                eventsDelivered,
                violations,
                requestsPerSecondBefore,
                requestsPerSecondDuring,
                circuitStates.isEmpty() ? "closed" : String.join(", ", circuitStates),
                lastErrorSeen == null ? "—" : "`" + lastErrorSeen + "`",
                healthyGetP50Before,
                healthyGetP50During,
                healthyGetMaxDuring,
                healthyStalenessBefore.toMillis() / 1000.0,
                healthyStalenessDuring.toMillis() / 1000.0,
                backendRecovered == null
                        ? "—"
                        : String.format(Locale.ROOT, "%.1f s", backendRecovered.toMillis() / 1000.0),
                allDone.toMillis() / 1000.0);
    }

    static final String HEADER =
            "| fault | injected for | operations | firehose events | terminal missed | wrong states "
                    + "| sick backend requests/s before → during | circuit seen | operation's lastError | healthy GET p50 before / "
                    + "during (max) | healthy staleness max before / during | backend back after fault | all done after fault |\n"
                    + "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";

    static void write(String file, List<FaultReport> reports) {
        StringBuilder out = new StringBuilder();
        out.append("Load average at the end: ")
                .append(String.format(
                        Locale.ROOT,
                        "%.2f",
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()))
                .append(", processors: ")
                .append(Runtime.getRuntime().availableProcessors())
                .append("\n\n")
                .append(HEADER);
        reports.forEach(r -> out.append(r.row()).append('\n'));
        write(file, out.toString());
    }

    static void write(String file, String text) {
        try {
            Path dir = Path.of("target", "reliability");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(file), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
