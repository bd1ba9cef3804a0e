package io.opgate.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AliyunApiTest extends SimulatorTestSupport {

    /** Signs like a V3 client: host and every x-acs-* header, payload hashed. */
    private Http.Reply call(String body, String keyId, String secret) {
        String bodyHash = AcsSignature.sha256Hex(body.getBytes(StandardCharsets.UTF_8));
        Map<String, String> signed = new TreeMap<>();
        signed.put("host", "127.0.0.1:" + sim.port());
        signed.put("x-acs-action", "GetExecuteOperationResult");
        signed.put("x-acs-version", "2021-09-31");
        signed.put("x-acs-date", Instant.now().toString());
        signed.put("x-acs-signature-nonce", UUID.randomUUID().toString());
        signed.put("x-acs-content-sha256", bodyHash);
        List<String> names = new ArrayList<>(signed.keySet());
        String canonical = AcsSignature.canonicalRequest("POST", "/aliyun/", Map.of(), signed::get, names, bodyHash);
        String signature = AcsSignature.signature(secret, AcsSignature.stringToSign(canonical));
        Map<String, String> headers = new TreeMap<>(signed);
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        headers.put(
                "Authorization",
                "ACS3-HMAC-SHA256 Credential=" + keyId + ",SignedHeaders=" + String.join(";", names) + ",Signature="
                        + signature);
        return Http.post(sim.aliyunUrl() + "/", headers, body);
    }

    private JsonNode result(String operationId) {
        Http.Reply reply = call(
                "OperationId=" + operationId + "&ResourceGroupId=rg-acfm2ab",
                credentials().aliyunAccessKeyId(),
                credentials().aliyunAccessKeySecret());
        assertThat(reply.status()).isEqualTo(200);
        JsonNode answer = reply.json();
        assertThat(answer.get("Code").asString()).isEqualTo("200");
        assertThat(answer.get("RequestId").asString()).isNotBlank();
        return answer;
    }

    @Test
    void acceptsACorrectlySignedRequestAndGoesThroughTheStatuses() {
        String id = sim.create(
                Vendor.ALIYUN_BPSTUDIO,
                Script.builder()
                        .queued(Duration.ofSeconds(2))
                        .running(Duration.ofSeconds(10))
                        .succeeds());
        assertThat(id).matches("op_[a-z0-9]{22}");

        assertThat(result(id).at("/Data/Status").asString()).isEqualTo("INIT");

        clock.advance(Duration.ofSeconds(7));
        JsonNode running = result(id).get("Data");
        assertThat(running.get("Status").asString()).isEqualTo("RUNNING");
        assertThat(running.get("OperationId").asString()).isEqualTo(id);
        JsonNode arguments = Json.MAPPER.readTree(running.get("Arguments").asString());
        assertThat(arguments.get("progress").asInt()).isEqualTo(50);

        clock.advance(Duration.ofSeconds(5));
        JsonNode done = result(id);
        assertThat(done.propertyNames()).containsExactly("RequestId", "Code", "Message", "Data");
        assertThat(done.get("Message").asString()).isEqualTo("Success");
        assertThat(done.at("/Data/Status").asString()).isEqualTo("SUCCESS");
        JsonNode message = Json.MAPPER.readTree(done.at("/Data/Message").asString());
        assertThat(message.isString())
                .as("JSON quoted again inside the string, as in the reference")
                .isTrue();
        assertThat(Json.MAPPER.readTree(message.asString()).isArray()).isTrue();
    }

    @Test
    void sendsCodeSometimesAsANumberAndSometimesAsAString() {
        String id = sim.create(Vendor.ALIYUN_BPSTUDIO, Script.builder().succeeds());
        List<Boolean> numeric = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            numeric.add(result(id).get("Code").isNumber());
        }
        assertThat(numeric).contains(true, false);
    }

    @Test
    void failureIsReportedWithJsonInTheMessage() {
        String id = sim.create(
                Vendor.ALIYUN_BPSTUDIO,
                Script.builder().running(Duration.ofSeconds(1)).fails("QuotaExceeded", "ECS quota exceeded"));
        clock.advance(Duration.ofSeconds(1));

        JsonNode data = result(id).get("Data");

        assertThat(data.get("Status").asString()).isEqualTo("FAILURE");
        JsonNode message = Json.MAPPER.readTree(data.get("Message").asString());
        assertThat(message.get("code").asString()).isEqualTo("QuotaExceeded");
        assertThat(message.get("message").asString()).isEqualTo("ECS quota exceeded");
    }

    @Test
    void unknownExpiredAndVanishedOperationsAnswerWithoutData() {
        assertThat(result("op_doesnotexist0000000000").has("Data")).isFalse();

        String expiring = sim.create(Vendor.ALIYUN_BPSTUDIO, Script.builder().succeeds());
        String vanishing = sim.create(
                Vendor.ALIYUN_BPSTUDIO,
                Script.builder().running(Duration.ofSeconds(5)).vanishes());
        assertThat(result(expiring).has("Data")).isTrue();
        assertThat(result(vanishing).has("Data")).isTrue();

        clock.advance(Duration.ofSeconds(5));
        assertThat(result(vanishing).has("Data")).isFalse();
        clock.advance(Duration.ofHours(1));
        assertThat(result(expiring).has("Data")).isFalse();
    }

    @Test
    void anUnknownAccessKeyIs404() {
        Http.Reply reply = call("OperationId=op_x", "LTAIunknown", credentials().aliyunAccessKeySecret());

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().get("Code").asString()).isEqualTo("InvalidAccessKeyId.NotFound");
    }

    @Test
    void aWrongSignatureIsSignatureDoesNotMatchWithoutTheSecret() {
        String id = sim.create(Vendor.ALIYUN_BPSTUDIO, Script.builder().succeeds());

        Http.Reply reply = call("OperationId=" + id, credentials().aliyunAccessKeyId(), "not-the-secret");

        assertThat(reply.status()).isEqualTo(400);
        JsonNode body = reply.json();
        assertThat(body.propertyNames()).contains("RequestId", "HostId", "Code", "Message");
        assertThat(body.get("Code").asString()).isEqualTo("SignatureDoesNotMatch");
        assertThat(body.get("Message").asString())
                .startsWith("The request signature does not conform to Aliyun standards. server string to sign is:"
                        + "ACS3-HMAC-SHA256\n");
        assertThat(reply.body()).doesNotContain(credentials().aliyunAccessKeySecret());
    }

    @Test
    void aBodyThatDoesNotMatchItsHashIsRejected() {
        String id = sim.create(Vendor.ALIYUN_BPSTUDIO, Script.builder().succeeds());
        String body = "OperationId=" + id;
        Map<String, String> headers = new TreeMap<>();
        headers.put("x-acs-action", "GetExecuteOperationResult");
        headers.put("x-acs-version", "2021-09-31");
        headers.put(
                "x-acs-content-sha256", AcsSignature.sha256Hex("OperationId=other".getBytes(StandardCharsets.UTF_8)));
        headers.put(
                "Authorization",
                "ACS3-HMAC-SHA256 Credential=" + credentials().aliyunAccessKeyId()
                        + ",SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-version,Signature=00");

        Http.Reply reply = Http.post(sim.aliyunUrl() + "/", headers, body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("Code").asString()).isEqualTo("SignatureDoesNotMatch");
    }
}
