package io.opgate.simulator;

/**
 * Runs the simulator on its own: {@code java -cp ... io.opgate.simulator.SimulatorMain [port]}
 * (default 8089), printing the URLs and the credentials the simulated backends accept.
 */
public final class SimulatorMain {
    private SimulatorMain() {}

    public static void main(String[] args) throws InterruptedException {
        // Reactor Netty 1.3.7 can stop reading a keep-alive connection whose next request comes promptly
        // (reactor/reactor-netty#4361); the gateway sets the same (see its ReactorNettyWorkarounds).
        if (System.getProperty("reactor.netty.http.server.lastFlushWhenNoRead") == null) {
            System.setProperty("reactor.netty.http.server.lastFlushWhenNoRead", "true");
        }
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8089;
        Simulator sim = Simulator.start(SimulatorOptions.defaults().withPort(port));
        Runtime.getRuntime().addShutdownHook(new Thread(sim::close, "simulator-shutdown"));
        Credentials c = sim.options().credentials();
        // These are the simulator's own, well-known test credentials: printing them is the point.
        System.out.println("opgate simulated backends on " + sim.baseUrl());
        System.out.println("  solidfire  " + sim.solidFireUrl() + "  basic " + c.username() + " / " + c.password());
        System.out.println("  ontap      " + sim.ontapUrl() + "  basic " + c.username() + " / " + c.password());
        System.out.println("  huawei     " + sim.huaweiUrl() + "  X-Auth-Token " + c.huaweiToken());
        System.out.println("  huawei-iam " + sim.huaweiIamUrl() + "  domain " + c.iamDomain() + ", user "
                + c.iamUsername() + " / " + c.iamPassword() + ", project " + c.iamProject());
        System.out.println("  aliyun     " + sim.aliyunUrl() + "  AccessKey " + c.aliyunAccessKeyId() + " / "
                + c.aliyunAccessKeySecret());
        System.out.println("  control    " + sim.baseUrl() + "/_sim/operations, /_sim/faults/{vendor}, /_sim/stats");
        Thread.currentThread().join();
    }
}
