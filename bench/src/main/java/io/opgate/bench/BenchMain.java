package io.opgate.bench;

import io.opgate.bench.bare.BarePollServer;
import io.opgate.bench.bare.BareSseServer;
import io.opgate.bench.load.PollManyBench;
import io.opgate.bench.load.Registrar;
import io.opgate.bench.load.SseLoadClient;
import io.opgate.bench.load.Watchers;
import io.opgate.simulator.SimulatorMain;
import java.util.Arrays;

/**
 * One jar, one command per part of a benchmark; the scripts in {@code bench/scripts} start each part as its own
 * process so that load clients and servers never share a JVM.
 */
public final class BenchMain {

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println(
                    "usage: opgate-bench.jar simulator|bare-poll|bare-sse|register|sse-clients|watchers|poll-many ...");
            System.exit(2);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "simulator" -> SimulatorMain.main(rest);
            case "bare-poll" -> BarePollServer.main(rest);
            case "bare-sse" -> BareSseServer.main(rest);
            case "register" -> Registrar.main(rest);
            case "sse-clients" -> SseLoadClient.main(rest);
            case "watchers" -> Watchers.main(rest);
            case "poll-many" -> PollManyBench.main(rest);
            default -> {
                System.err.println("unknown command: " + args[0]);
                System.exit(2);
            }
        }
    }
}
