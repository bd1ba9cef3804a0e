package io.opgate.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ControlApiTest extends SimulatorTestSupport {
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    private JsonNode ontapJob(String uuid) {
        return Http.get(
                        sim.ontapUrl() + "/api/cluster/jobs/" + uuid,
                        Map.of(
                                "Authorization",
                                Http.basic(
                                        credentials().username(), credentials().password())))
                .json();
    }

    @Test
    void createsAnOperationThatFollowsItsScript() {
        Http.Reply reply = Http.post(
                sim.baseUrl() + "/_sim/operations",
                JSON,
                "{\"vendor\":\"ontap\",\"script\":{\"queuedMs\":1000,\"runningMs\":4000,\"outcome\":\"fail\"}}");

        assertThat(reply.status()).isEqualTo(201);
        String uuid = reply.json().get("handle").asString();
        assertThat(ontapJob(uuid).get("state").asString()).isEqualTo("queued");
        clock.advance(Duration.ofSeconds(2));
        assertThat(ontapJob(uuid).get("state").asString()).isEqualTo("running");
        clock.advance(Duration.ofSeconds(3));
        assertThat(ontapJob(uuid).get("state").asString()).isEqualTo("failure");
    }

    @Test
    void pauseOutcomePausesHalfWayThenSucceeds() {
        String uuid = Http.post(
                        sim.baseUrl() + "/_sim/operations",
                        JSON,
                        "{\"vendor\":\"ontap\",\"script\":{\"runningMs\":2000,\"pausedMs\":5000,\"outcome\":\"pause\"}}")
                .json()
                .get("handle")
                .asString();

        clock.advance(Duration.ofSeconds(2));
        assertThat(ontapJob(uuid).get("state").asString()).isEqualTo("paused");
        clock.advance(Duration.ofSeconds(5));
        assertThat(ontapJob(uuid).get("state").asString()).isEqualTo("success");
    }

    @Test
    void createsABatchForBenchmarks() {
        Http.Reply reply = Http.post(
                sim.baseUrl() + "/_sim/operations",
                JSON,
                "{\"vendor\":\"solidfire\",\"count\":3,\"script\":{\"random\":true,\"seed\":42}}");

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.json().get("handles")).hasSize(3);
        assertThat(sim.operationCount(Vendor.SOLIDFIRE)).isEqualTo(3);
    }

    @Test
    void setsFaultsAndReportsStats() {
        Http.Reply put = Http.request(
                HttpMethod.PUT,
                sim.baseUrl() + "/_sim/faults/huawei-cloudtest",
                JSON,
                "{\"latencyMs\":20,\"errorRate\":0.5,\"retryAfterSeconds\":3}");

        assertThat(put.status()).isEqualTo(200);
        Faults faults = sim.faults(Vendor.HUAWEI_CLOUDTEST);
        assertThat(faults.latency()).isEqualTo(Duration.ofMillis(20));
        assertThat(faults.errorRate()).isEqualTo(0.5);
        assertThat(faults.retryAfter()).isEqualTo(Duration.ofSeconds(3));

        sim.create(Vendor.ALIYUN_BPSTUDIO, Script.builder().succeeds());
        JsonNode stats = Http.get(sim.baseUrl() + "/_sim/stats", Map.of()).json();
        assertThat(stats.at("/vendors/aliyun-bpstudio/operations").asInt()).isEqualTo(1);
        assertThat(stats.at("/vendors/huawei-cloudtest/faults/errorRate").asDouble())
                .isEqualTo(0.5);
        assertThat(stats.get("tokensIssued").asInt()).isZero();
    }

    @Test
    void badRequestsAre400() {
        assertThat(Http.post(sim.baseUrl() + "/_sim/operations", JSON, "{\"vendor\":\"vmware\"}")
                        .status())
                .isEqualTo(400);
        assertThat(Http.post(
                                sim.baseUrl() + "/_sim/operations",
                                JSON,
                                "{\"vendor\":\"ontap\",\"script\":{\"outcome\":\"explode\"}}")
                        .status())
                .isEqualTo(400);
        assertThat(Http.request(HttpMethod.PUT, sim.baseUrl() + "/_sim/faults/ontap", JSON, "{\"errorRate\":2}")
                        .status())
                .isEqualTo(400);
    }
}
