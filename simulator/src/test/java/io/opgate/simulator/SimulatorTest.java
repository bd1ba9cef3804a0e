package io.opgate.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatorTest extends SimulatorTestSupport {

    @Test
    void publishesEachVendorsUrlOnTheLoopbackPort() {
        String base = "http://127.0.0.1:" + sim.port();

        assertThat(sim.port()).isPositive();
        assertThat(sim.solidFireUrl()).isEqualTo(base + "/solidfire/json-rpc/12.3");
        assertThat(sim.ontapUrl()).isEqualTo(base + "/ontap");
        assertThat(sim.huaweiUrl()).isEqualTo(base + "/huawei");
        assertThat(sim.huaweiIamUrl()).isEqualTo(base + "/huawei-iam");
        assertThat(sim.aliyunUrl()).isEqualTo(base + "/aliyun");
        assertThat(Http.get(base + "/elsewhere", Map.of()).status()).isEqualTo(404);
    }

    @Test
    void optionsCopyWithOneChange() {
        SimulatorOptions defaults = SimulatorOptions.defaults();

        assertThat(defaults.ontapPurgeAfter()).isEqualTo(Duration.ofSeconds(300));
        assertThat(defaults.iamTokenLife()).isEqualTo(Duration.ofHours(24));
        assertThat(defaults.withPort(9000).port()).isEqualTo(9000);
        assertThat(defaults.withPort(9000).credentials()).isEqualTo(defaults.credentials());
        assertThatThrownBy(() -> defaults.withOntapPurgeAfter(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void credentialsNeverPrintTheirSecrets() {
        Credentials c = Credentials.defaults();

        assertThat(c.toString())
                .doesNotContain(c.password(), c.huaweiToken(), c.iamPassword(), c.aliyunAccessKeySecret());
    }

    @Test
    void vendorNamesAreReadInTheirUsualForms() {
        assertThat(Vendor.fromName("huawei-cloudtest")).isEqualTo(Vendor.HUAWEI_CLOUDTEST);
        assertThat(Vendor.fromName("HUAWEI_CLOUDTEST")).isEqualTo(Vendor.HUAWEI_CLOUDTEST);
        assertThat(Vendor.fromName("aliyun")).isEqualTo(Vendor.ALIYUN_BPSTUDIO);
        assertThatThrownBy(() -> Vendor.fromName("vmware")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void requestsAreCountedPerVendor() {
        String uuid = sim.create(Vendor.ONTAP, Script.builder().succeeds());
        Map<String, String> auth = Map.of("Authorization", Http.basic("admin", "sim-password"));

        Http.get(sim.ontapUrl() + "/api/cluster/jobs/" + uuid, auth);
        Http.get(sim.ontapUrl() + "/api/cluster/jobs/" + uuid, auth);

        assertThat(sim.requestCount(Vendor.ONTAP)).isEqualTo(2);
        assertThat(sim.requestCount(Vendor.SOLIDFIRE)).isZero();
    }
}
