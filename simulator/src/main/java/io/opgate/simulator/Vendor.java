package io.opgate.simulator;

import java.util.Locale;

/** The backend APIs the simulator speaks, each under its own path prefix. */
public enum Vendor {
    /** NetApp SolidFire Element JSON-RPC {@code GetAsyncResult}. */
    SOLIDFIRE("solidfire"),
    /** NetApp ONTAP REST {@code /api/cluster/jobs}. */
    ONTAP("ontap"),
    /** Huawei Cloud CloudTest {@code /GT3KServer/v4/progress}, with an IAM token endpoint. */
    HUAWEI_CLOUDTEST("huawei-cloudtest"),
    /** Alibaba Cloud BPStudio {@code GetExecuteOperationResult}, signed with ACS3-HMAC-SHA256. */
    ALIYUN_BPSTUDIO("aliyun-bpstudio");

    private final String wireName;

    Vendor(String wireName) {
        this.wireName = wireName;
    }

    /** The name used by the control API and in statistics, e.g. {@code huawei-cloudtest}. */
    public String wireName() {
        return wireName;
    }

    /**
     * Reads a vendor name as the control API accepts it: the wire name, the enum name, or the short
     * forms {@code huawei} and {@code aliyun}.
     *
     * @throws IllegalArgumentException for any other name
     */
    public static Vendor fromName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Vendor v : values()) {
            if (v.wireName.equals(n)
                    || v.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(n)) {
                return v;
            }
        }
        return switch (n) {
            case "huawei" -> HUAWEI_CLOUDTEST;
            case "aliyun", "alibaba" -> ALIYUN_BPSTUDIO;
            default -> throw new IllegalArgumentException("unknown vendor: " + name);
        };
    }
}
