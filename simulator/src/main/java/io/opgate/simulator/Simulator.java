package io.opgate.simulator;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * One loopback HTTP server that speaks the wire formats of SolidFire, ONTAP, Huawei CloudTest and
 * Alibaba BPStudio, with operations that advance on {@link SimulatorOptions#clock()} and injectable
 * {@link Faults}. Thread-safe; requests are answered without blocking.
 *
 * <pre>{@code
 * try (Simulator sim = Simulator.start(SimulatorOptions.defaults())) {
 *     String job = sim.create(Vendor.ONTAP, Script.builder().running(Duration.ofSeconds(5)).succeeds());
 *     // GET {sim.ontapUrl()}/api/cluster/jobs/{job} with basic auth
 * }
 * }</pre>
 *
 * <p>Besides the vendor APIs the server answers a control API under {@code /_sim} (create
 * operations, set faults, read statistics) for callers outside this JVM.
 */
public final class Simulator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Simulator.class);
    /** The Element API version in {@link #solidFireUrl()}; the simulator answers any version. */
    private static final String SOLIDFIRE_VERSION = "12.3";
    /** The request header block the simulated backends accept, room for CloudTest's 100,000-character token. */
    static final int MAX_REQUEST_HEADERS = 128 * 1024;

    private final SimulatorOptions options;
    private final Map<Vendor, VendorApi> apis = new EnumMap<>(Vendor.class);
    private final Map<Vendor, Faults> faults = new EnumMap<>(Vendor.class);
    private final HuaweiIam iam;
    private final RequestDispatcher dispatcher;
    private final DisposableServer server;

    private Simulator(SimulatorOptions options) {
        this.options = options;
        this.iam = new HuaweiIam(options);
        for (Vendor vendor : Vendor.values()) {
            faults.put(vendor, new Faults());
        }
        register(new SolidFireApi(options.clock(), options.credentials(), faults.get(Vendor.SOLIDFIRE)));
        register(new OntapApi(options));
        register(new HuaweiApi(options, iam, faults.get(Vendor.HUAWEI_CLOUDTEST)));
        register(new AliyunApi(options));
        Map<String, VendorApi> byPrefix = new LinkedHashMap<>();
        apis.values().forEach(api -> byPrefix.put(api.pathPrefix(), api));
        this.dispatcher = new RequestDispatcher(byPrefix, faults, iam, new ControlApi(this), options.clock());
        // Binding is the one blocking step, done once by the caller of start(), never on an event loop.
        this.server = HttpServer.create()
                .host("127.0.0.1")
                .port(options.port())
                // CloudTest takes an X-Auth-Token of up to 100,000 characters; IAM's tokens are ~9,100.
                .httpRequestDecoder(spec -> spec.maxHeaderSize(MAX_REQUEST_HEADERS))
                .handle(dispatcher)
                .bindNow(Duration.ofSeconds(10));
    }

    /** Binds {@code 127.0.0.1} on {@code options.port()} (0 picks a free port) and starts answering. */
    public static Simulator start(SimulatorOptions options) {
        Simulator sim = new Simulator(Objects.requireNonNull(options, "options"));
        log.info("simulated backends listening on {}", sim.baseUrl());
        return sim;
    }

    private void register(VendorApi api) {
        apis.put(api.vendor(), api);
    }

    public int port() {
        return server.port();
    }

    /** {@code http://127.0.0.1:PORT}, where the control API lives under {@code /_sim}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** The whole SolidFire JSON-RPC endpoint, e.g. {@code http://127.0.0.1:P/solidfire/json-rpc/12.3}. */
    public String solidFireUrl() {
        return baseUrl() + "/" + SolidFireApi.PREFIX + "/json-rpc/" + SOLIDFIRE_VERSION;
    }

    /** ONTAP's base URL; jobs are at {@code {ontapUrl}/api/cluster/jobs/{uuid}}. */
    public String ontapUrl() {
        return baseUrl() + "/" + OntapApi.PREFIX;
    }

    /** CloudTest's base URL; progress is at {@code {huaweiUrl}/GT3KServer/v4/progress/{operation_uri}}. */
    public String huaweiUrl() {
        return baseUrl() + "/" + HuaweiApi.PREFIX;
    }

    /** Huawei IAM's base URL; tokens are issued at {@code {huaweiIamUrl}/v3/auth/tokens}. */
    public String huaweiIamUrl() {
        return baseUrl() + "/" + HuaweiIam.PREFIX;
    }

    /** BPStudio's base URL; requests go to {@code POST {aliyunUrl}/}. */
    public String aliyunUrl() {
        return baseUrl() + "/" + AliyunApi.PREFIX;
    }

    public SimulatorOptions options() {
        return options;
    }

    /**
     * Creates an operation that starts now (by the simulator's clock) and follows the script.
     *
     * @return the vendor's handle: a SolidFire {@code asyncHandle} (an integer, as a string), an
     *     ONTAP job uuid, a Huawei {@code operation_uri} or an Alibaba {@code OperationId}
     */
    public String create(Vendor vendor, Script script) {
        Objects.requireNonNull(script, "script");
        return apis.get(vendor).store().create(options.clock().millis(), script).handle();
    }

    /** The live fault settings of one vendor's API; changes apply to the next request. */
    public Faults faults(Vendor vendor) {
        return faults.get(vendor);
    }

    /** Requests received by one vendor's API (polls and cancels, faulty or not; not IAM). */
    public long requestCount(Vendor vendor) {
        return dispatcher.requestCount(vendor);
    }

    /** Tokens issued by the Huawei IAM endpoint. */
    public long tokensIssued() {
        return iam.tokensIssued();
    }

    /** Operations one vendor still holds (purged and expired ones are dropped when next read). */
    public int operationCount(Vendor vendor) {
        return apis.get(vendor).store().size();
    }

    /** Stops listening and closes open connections. */
    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }
}
