package io.opgate.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * How to start a {@link Simulator}. Immutable; the {@code with...} methods return copies.
 *
 * @param port the loopback port to bind, 0 for a free one
 * @param clock the clock every operation advances by; tests pass a clock they move by hand
 * @param credentials what the simulated backends accept
 * @param ontapPurgeAfter how long ONTAP keeps a finished job before answering 404 (300 s by default)
 * @param ontapZoneOffset the offset ONTAP writes in {@code start_time}/{@code end_time} (-08:00)
 * @param huaweiZone the zone of Huawei's wall-clock strings such as {@code begin_time} (UTC)
 * @param iamTokenLife how long a Huawei IAM token is accepted after it is issued (24 h)
 * @param aliyunOperationLife how long an Alibaba {@code OperationId} can be queried (1 h)
 */
public record SimulatorOptions(
        int port,
        Clock clock,
        Credentials credentials,
        Duration ontapPurgeAfter,
        ZoneOffset ontapZoneOffset,
        ZoneId huaweiZone,
        Duration iamTokenLife,
        Duration aliyunOperationLife) {

    public SimulatorOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(credentials, "credentials");
        requirePositive(ontapPurgeAfter, "ontapPurgeAfter");
        Objects.requireNonNull(ontapZoneOffset, "ontapZoneOffset");
        Objects.requireNonNull(huaweiZone, "huaweiZone");
        requirePositive(iamTokenLife, "iamTokenLife");
        requirePositive(aliyunOperationLife, "aliyunOperationLife");
    }

    /** The four essential settings; the vendor details take their defaults. */
    public SimulatorOptions(int port, Clock clock, Credentials credentials, Duration ontapPurgeAfter) {
        this(
                port,
                clock,
                credentials,
                ontapPurgeAfter,
                ZoneOffset.ofHours(-8),
                ZoneOffset.UTC,
                Duration.ofHours(24),
                Duration.ofHours(1));
    }

    /** A free port, the system clock, {@link Credentials#defaults()} and the vendors' usual timings. */
    public static SimulatorOptions defaults() {
        return new SimulatorOptions(0, Clock.systemUTC(), Credentials.defaults(), Duration.ofSeconds(300));
    }

    public SimulatorOptions withPort(int port) {
        return new SimulatorOptions(
                port,
                clock,
                credentials,
                ontapPurgeAfter,
                ontapZoneOffset,
                huaweiZone,
                iamTokenLife,
                aliyunOperationLife);
    }

    public SimulatorOptions withClock(Clock clock) {
        return new SimulatorOptions(
                port,
                clock,
                credentials,
                ontapPurgeAfter,
                ontapZoneOffset,
                huaweiZone,
                iamTokenLife,
                aliyunOperationLife);
    }

    public SimulatorOptions withCredentials(Credentials credentials) {
        return new SimulatorOptions(
                port,
                clock,
                credentials,
                ontapPurgeAfter,
                ontapZoneOffset,
                huaweiZone,
                iamTokenLife,
                aliyunOperationLife);
    }

    public SimulatorOptions withOntapPurgeAfter(Duration ontapPurgeAfter) {
        return new SimulatorOptions(
                port,
                clock,
                credentials,
                ontapPurgeAfter,
                ontapZoneOffset,
                huaweiZone,
                iamTokenLife,
                aliyunOperationLife);
    }

    public SimulatorOptions withOntapZoneOffset(ZoneOffset ontapZoneOffset) {
        return new SimulatorOptions(
                port,
                clock,
                credentials,
                ontapPurgeAfter,
                ontapZoneOffset,
                huaweiZone,
                iamTokenLife,
                aliyunOperationLife);
    }

    public SimulatorOptions withHuaweiZone(ZoneId huaweiZone) {
        return new SimulatorOptions(
                port,
                clock,
                credentials,
                ontapPurgeAfter,
                ontapZoneOffset,
                huaweiZone,
                iamTokenLife,
                aliyunOperationLife);
    }

    public SimulatorOptions withIamTokenLife(Duration iamTokenLife) {
        return new SimulatorOptions(
                port,
                clock,
                credentials,
                ontapPurgeAfter,
                ontapZoneOffset,
                huaweiZone,
                iamTokenLife,
                aliyunOperationLife);
    }

    public SimulatorOptions withAliyunOperationLife(Duration aliyunOperationLife) {
        return new SimulatorOptions(
                port,
                clock,
                credentials,
                ontapPurgeAfter,
                ontapZoneOffset,
                huaweiZone,
                iamTokenLife,
                aliyunOperationLife);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
