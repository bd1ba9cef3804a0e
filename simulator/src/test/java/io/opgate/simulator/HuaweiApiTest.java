package io.opgate.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class HuaweiApiTest extends SimulatorTestSupport {
    private static final String PROJECT = "0123456789abcdef0123456789ABCDEF";

    @Override
    SimulatorOptions options() {
        return super.options().withHuaweiZone(ZoneId.of("Asia/Shanghai"));
    }

    private Http.Reply progress(String uri, String token) {
        return Http.get(
                sim.huaweiUrl() + "/GT3KServer/v4/progress/" + uri + "?project_uuid=" + PROJECT,
                token == null ? Map.of() : Map.of("X-Auth-Token", token));
    }

    private JsonNode progress(String uri) {
        Http.Reply reply = progress(uri, credentials().huaweiToken());
        assertThat(reply.status()).isEqualTo(200);
        return reply.json();
    }

    private Http.Reply issueToken(String password) {
        Credentials c = credentials();
        String body = "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\""
                + c.iamUsername() + "\",\"password\":\"" + password + "\",\"domain\":{\"name\":\"" + c.iamDomain()
                + "\"}}}},\"scope\":{\"project\":{\"name\":\"" + c.iamProject() + "\"}}}}";
        return Http.post(sim.huaweiIamUrl() + "/v3/auth/tokens", Map.of("Content-Type", "application/json"), body);
    }

    @Test
    void rejectsMissingOrUnknownTokens() {
        String uri = sim.create(Vendor.HUAWEI_CLOUDTEST, Script.builder().succeeds());

        assertThat(progress(uri, null).status()).isEqualTo(401);
        Http.Reply wrong = progress(uri, "not-a-token");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("error_code").asString()).isEqualTo("APIGW.0301");
        assertThat(wrong.json().get("error_msg").asString()).contains("Incorrect IAM authentication information");
    }

    @Test
    void goesFromQueuedToRunningToCompletedInTheFlatShape() {
        String uri = sim.create(
                Vendor.HUAWEI_CLOUDTEST,
                Script.builder()
                        .queued(Duration.ofSeconds(3))
                        .running(Duration.ofSeconds(10))
                        .succeeds());
        assertThat(uri).matches("[0-9a-f]{32}");

        JsonNode queued = progress(uri);
        assertThat(queued.get("line_up_num").asInt()).isPositive();
        assertThat(queued.get("begin_time").isNull()).isTrue();
        assertThat(queued.get("completed").asBoolean()).isFalse();
        assertThat(queued.get("submitted_time").asString()).isEqualTo("2025-01-13 14:56:56");

        clock.advance(Duration.ofSeconds(8));
        JsonNode running = progress(uri);
        assertThat(running.get("line_up_num").asInt()).isZero();
        assertThat(running.get("begin_time").asString()).isEqualTo("2025-01-13 14:56:59");
        assertThat(running.get("finished_percent").asInt()).isEqualTo(50);
        assertThat(running.get("finished_count").asInt()).isEqualTo(5);
        assertThat(running.get("is_ended").asBoolean()).isFalse();

        clock.advance(Duration.ofSeconds(5));
        JsonNode done = progress(uri);
        assertThat(done.propertyNames())
                .contains(
                        "uri",
                        "name",
                        "total",
                        "completed",
                        "cancelled",
                        "is_ended",
                        "informations",
                        "code",
                        "reason",
                        "exception_message",
                        "submitted_time",
                        "begin_time",
                        "end_time",
                        "last_modified_time",
                        "finished_count",
                        "return_value",
                        "line_up_num",
                        "finished_percent");
        assertThat(done.get("uri").asString()).isEqualTo(uri);
        assertThat(done.get("name").asString()).isEqualTo("BatchCopyMindmap");
        assertThat(done.get("completed").asBoolean()).isTrue();
        assertThat(done.get("is_ended").asBoolean()).isTrue();
        assertThat(done.get("cancelled").asBoolean()).isFalse();
        assertThat(done.get("code").isNull()).isTrue();
        assertThat(done.get("finished_percent").asInt()).isEqualTo(100);
        assertThat(done.get("end_time").asString()).isEqualTo("2025-01-13 14:57:09");
        assertThat(done.get("last_modified_time").asLong())
                .isEqualTo(START.plusSeconds(13).toEpochMilli());
        assertThat(done.get("return_value").isObject()).isTrue();
    }

    @Test
    void failureAndCancellationAreReported() {
        String failed = sim.create(
                Vendor.HUAWEI_CLOUDTEST,
                Script.builder().running(Duration.ofSeconds(1)).fails("CLOUDTEST.00030002", "Mind map is locked"));
        String cancelled = sim.create(
                Vendor.HUAWEI_CLOUDTEST,
                Script.builder().running(Duration.ofSeconds(1)).cancelled());
        clock.advance(Duration.ofSeconds(1));

        JsonNode f = progress(failed);
        assertThat(f.get("completed").asBoolean()).isTrue();
        assertThat(f.get("code").asString()).isEqualTo("CLOUDTEST.00030002");
        assertThat(f.get("reason").asString()).isEqualTo("Mind map is locked");
        assertThat(f.get("exception_message").asString()).contains("Mind map is locked");

        JsonNode c = progress(cancelled);
        assertThat(c.get("cancelled").asBoolean()).isTrue();
        assertThat(c.get("is_ended").asBoolean()).isTrue();
        assertThat(c.get("code").isNull()).isTrue();
    }

    @Test
    void someOperationsAnswerInTheWrappedShape() {
        String uri = sim.create(
                Vendor.HUAWEI_CLOUDTEST, Script.builder().wrappedAnswer(true).succeeds());

        JsonNode answer = progress(uri);

        assertThat(answer.propertyNames()).containsExactly("status", "result", "error", "request_id");
        assertThat(answer.get("status").asString()).isEqualTo("success");
        assertThat(answer.get("error").isNull()).isTrue();
        assertThat(answer.at("/result/value/uri").asString()).isEqualTo(uri);
        assertThat(answer.at("/result/value/completed").asBoolean()).isTrue();
    }

    @Test
    void unknownAndVanishedOperationsAre404() {
        assertThat(progress("79d49383043f4f84818569b38b38dcf4", credentials().huaweiToken())
                        .status())
                .isEqualTo(404);

        String uri = sim.create(
                Vendor.HUAWEI_CLOUDTEST,
                Script.builder().running(Duration.ofSeconds(2)).vanishes());
        clock.advance(Duration.ofSeconds(2));
        Http.Reply vanished = progress(uri, credentials().huaweiToken());
        assertThat(vanished.status()).isEqualTo(404);
        assertThat(vanished.json().has("code")).isTrue();
        assertThat(vanished.json().has("reason")).isTrue();
    }

    @Test
    void aMalformedProjectUuidIs400() {
        String uri = sim.create(Vendor.HUAWEI_CLOUDTEST, Script.builder().succeeds());

        Http.Reply reply = Http.get(
                sim.huaweiUrl() + "/GT3KServer/v4/progress/" + uri + "?project_uuid=short",
                Map.of("X-Auth-Token", credentials().huaweiToken()));

        assertThat(reply.status()).isEqualTo(400);
    }

    @Test
    void iamIssuesTokensThatExpire() {
        String uri = sim.create(Vendor.HUAWEI_CLOUDTEST, Script.builder().succeeds());

        Http.Reply refused = issueToken("wrong-password");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(sim.tokensIssued()).isZero();

        Http.Reply issued = issueToken(credentials().iamPassword());
        assertThat(issued.status()).isEqualTo(201);
        String token = issued.headers().get("X-Subject-Token");
        assertThat(token).isNotBlank();
        assertThat(issued.json().at("/token/expires_at").asString()).isEqualTo("2025-01-14T06:56:56.000000Z");
        assertThat(issued.json().at("/token/issued_at").asString()).isEqualTo("2025-01-13T06:56:56.000000Z");
        assertThat(sim.tokensIssued()).isEqualTo(1);

        assertThat(progress(uri, token).status()).isEqualTo(200);
        clock.advance(Duration.ofHours(24));
        assertThat(progress(uri, token).status()).isEqualTo(401);
        assertThat(progress(uri, credentials().huaweiToken()).status()).isEqualTo(200);
    }
}
