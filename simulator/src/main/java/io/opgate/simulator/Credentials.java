package io.opgate.simulator;

/**
 * The credentials the simulated backends accept. The simulator checks them exactly as the real
 * backends would, so a gateway configured with other values sees authentication failures.
 *
 * @param username HTTP basic user for SolidFire and ONTAP
 * @param password HTTP basic password for SolidFire and ONTAP
 * @param huaweiToken a static {@code X-Auth-Token} accepted by Huawei CloudTest besides IAM tokens
 * @param iamDomain Huawei IAM account (domain) name
 * @param iamUsername Huawei IAM user name
 * @param iamPassword Huawei IAM password
 * @param iamProject Huawei IAM project name the token is scoped to
 * @param aliyunAccessKeyId Alibaba Cloud AccessKey id
 * @param aliyunAccessKeySecret Alibaba Cloud AccessKey secret
 */
public record Credentials(
        String username,
        String password,
        String huaweiToken,
        String iamDomain,
        String iamUsername,
        String iamPassword,
        String iamProject,
        String aliyunAccessKeyId,
        String aliyunAccessKeySecret) {

    /** Fixed, well-known values for tests and the demo; never use them against real systems. */
    public static Credentials defaults() {
        return new Credentials(
                "admin",
                "sim-password",
                "sim-static-token",
                "sim-domain",
                "sim-user",
                "sim-iam-password",
                "cn-north-4",
                "LTAI5tSimulatorKeyId",
                "sim-access-key-secret");
    }

    /** Secrets are masked so that logging the options never leaks them. */
    @Override
    public String toString() {
        return "Credentials[username=" + username + ", iamDomain=" + iamDomain + ", iamUsername=" + iamUsername
                + ", iamProject=" + iamProject + ", aliyunAccessKeyId=" + aliyunAccessKeyId + ", secrets=***]";
    }
}
