package io.opgate.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** How the simulated backends answer each way real ones were found to behave in the field (issue 16). */
class FieldBehaviourTest extends SimulatorTestSupport {

    private Http.Reply solidFire(String body) {
        Credentials c = credentials();
        return Http.post(
                sim.solidFireUrl(),
                Map.of("Authorization", Http.basic(c.username(), c.password()), "Content-Type", "application/json"),
                body);
    }

    private Http.Reply ontapJob(String uuid) {
        Credentials c = credentials();
        return Http.get(
                sim.ontapUrl() + "/api/cluster/jobs/" + uuid,
                Map.of("Authorization", Http.basic(c.username(), c.password())));
    }

    private Http.Reply cloudTest(String uri, String token) {
        return Http.get(sim.huaweiUrl() + "/GT3KServer/v4/progress/" + uri, Map.of("X-Auth-Token", token));
    }

    private String iamBody() {
        Credentials c = credentials();
        return "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\""
                + c.iamUsername() + "\",\"password\":\"" + c.iamPassword() + "\",\"domain\":{\"name\":\""
                + c.iamDomain() + "\"}}}},\"scope\":{\"project\":{\"name\":\"" + c.iamProject() + "\"}}}}";
    }

    @Test
    void solidFireAnswersAnUnknownHandleAsALiveClusterWhenAsked() {
        String call = "{\"method\":\"GetAsyncResult\",\"params\":{\"asyncHandle\":999999999},\"id\":1}";
        assertThat(solidFire(call).json().path("error").path("name").asString()).isEqualTo("xDBNoSuchPath");

        sim.faults(Vendor.SOLIDFIRE).asyncHandleDoesNotExist(true);
        JsonNode error = solidFire(call).json().path("error");

        assertThat(error.path("name").asString()).isEqualTo("xAsyncHandleDoesNotExist");
        assertThat(error.path("message").asString()).isEqualTo("Async handle 999999999 does not exist.");
        assertThat(error.path("code").asInt()).isEqualTo(500);
    }

    @Test
    void eachVendorThrottlesItsOwnWay() {
        sim.faults(Vendor.ONTAP).throttleRate(1.0).retryAfter(Duration.ofSeconds(3));
        Http.Reply ontap = ontapJob("b89bc5dd-94a3-11e8-a7a3-0050568edf84");
        assertThat(ontap.status()).isEqualTo(429);
        assertThat(ontap.headers().get("Retry-After")).isEqualTo("3");

        sim.faults(Vendor.ALIYUN_BPSTUDIO).throttleRate(1.0);
        Http.Reply alibaba = Http.post(sim.aliyunUrl() + "/", Map.of(), "OperationId=op_1");
        assertThat(alibaba.status()).isEqualTo(400);
        assertThat(alibaba.json().path("Code").asString()).isEqualTo("Throttling.User");
        assertThat(alibaba.headers().get("Retry-After")).isNull();

        sim.faults(Vendor.HUAWEI_CLOUDTEST).throttleRate(1.0);
        Http.Reply huawei = cloudTest("abc", credentials().huaweiToken());
        assertThat(huawei.status()).isEqualTo(429);
        assertThat(huawei.json().path("error_code").asString()).isEqualTo("APIG.0308");

        sim.faults(Vendor.SOLIDFIRE).throttleRate(0.5);
        assertThat(solidFire("{}").status()).isEqualTo(200);
        assertThat(solidFire("{}").status()).isEqualTo(429);
    }

    @Test
    void aForeign404IsAnNginxPage() {
        sim.faults(Vendor.ONTAP).foreign404Rate(1.0);

        Http.Reply reply = ontapJob("b89bc5dd-94a3-11e8-a7a3-0050568edf84");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.headers().get("Content-Type")).startsWith("text/html");
        assertThat(reply.body()).contains("<center>nginx</center>");
    }

    @Test
    void cloudTestRejectsExpiredTokensWithApig0301AndAnswersErrorStatusWithoutAValue() {
        String uri = sim.create(
                Vendor.HUAWEI_CLOUDTEST,
                Script.builder().running(Duration.ofMinutes(1)).succeeds());
        String token = credentials().huaweiToken();

        sim.faults(Vendor.HUAWEI_CLOUDTEST).errorAnswerRate(1.0);
        Http.Reply error = cloudTest(uri, token);
        assertThat(error.status()).isEqualTo(200);
        assertThat(error.json().path("status").asString()).isEqualTo("error");
        assertThat(error.json().path("result").path("value").isMissingNode()).isTrue();
        assertThat(error.json().path("error").path("code").asString()).isEqualTo("CLOUDTEST.00000500");

        sim.faults(Vendor.HUAWEI_CLOUDTEST).clear().rejectTokens(true);
        Http.Reply expired = cloudTest(uri, token);
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.json().path("error_code").asString()).isEqualTo("APIG.0301");

        sim.faults(Vendor.HUAWEI_CLOUDTEST).clear();
        assertThat(cloudTest(uri, token).status()).isEqualTo(200);
        // A path that is no API is answered by the API gateway, not by CloudTest.
        Http.Reply noApi = Http.get(sim.huaweiUrl() + "/GT3KServer/v9/nothing", Map.of("X-Auth-Token", token));
        assertThat(noApi.status()).isEqualTo(404);
        assertThat(noApi.json().path("error_code").asString()).isEqualTo("APIG.0101");
    }

    @Test
    void iamTokensAreAsLongAsRealOnesAndAreAcceptedBack() {
        Http.Reply issued = Http.post(
                sim.huaweiIamUrl() + "/v3/auth/tokens", Map.of("Content-Type", "application/json"), iamBody());
        String token = issued.headers().get("X-Subject-Token");

        assertThat(issued.status()).isEqualTo(201);
        assertThat(token).startsWith("MII").hasSizeBetween(9_000, 9_200);
        String uri = sim.create(Vendor.HUAWEI_CLOUDTEST, Script.builder().succeeds());
        assertThat(cloudTest(uri, token).status()).isEqualTo(200);
    }

    @Test
    void requestBodiesWithoutALengthAreRefusedLikeAnApplianceDoes() {
        Credentials c = credentials();
        String call = "{\"method\":\"GetAsyncResult\",\"params\":{\"asyncHandle\":1},\"id\":1}";

        Http.Reply chunked = Http.sendChunked(
                HttpMethod.POST,
                sim.solidFireUrl(),
                Map.of("Authorization", Http.basic(c.username(), c.password())),
                call);
        Http.Reply iam = Http.sendChunked(HttpMethod.POST, sim.huaweiIamUrl() + "/v3/auth/tokens", Map.of(), iamBody());

        assertThat(chunked.status()).isEqualTo(411);
        assertThat(iam.status()).isEqualTo(411);
        assertThat(solidFire(call).status()).isEqualTo(200);
    }
}
