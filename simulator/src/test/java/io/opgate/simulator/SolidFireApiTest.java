package io.opgate.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SolidFireApiTest extends SimulatorTestSupport {

    private Http.Reply call(String body, String authorization) {
        return Http.post(
                sim.solidFireUrl(),
                authorization == null
                        ? Map.of("Content-Type", "application/json-rpc")
                        : Map.of("Content-Type", "application/json-rpc", "Authorization", authorization),
                body);
    }

    private JsonNode poll(String handle, boolean keepResult) {
        Http.Reply reply = call(
                "{\"method\":\"GetAsyncResult\",\"params\":{\"asyncHandle\":" + handle + ",\"keepResult\":" + keepResult
                        + "},\"id\":7}",
                Http.basic(credentials().username(), credentials().password()));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers().get("Content-Type")).isEqualTo("application/json");
        return reply.json();
    }

    @Test
    void rejectsMissingOrWrongCredentials() {
        String handle = sim.create(Vendor.SOLIDFIRE, Script.builder().succeeds());
        String body = "{\"method\":\"GetAsyncResult\",\"params\":{\"asyncHandle\":" + handle + "},\"id\":1}";

        assertThat(call(body, null).status()).isEqualTo(401);
        Http.Reply wrong = call(body, Http.basic(credentials().username(), "nope"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.headers().get("WWW-Authenticate")).startsWith("Basic");
    }

    @Test
    void runsThenCompletesWithTheResultInTheDocumentedShape() {
        String handle = sim.create(
                Vendor.SOLIDFIRE,
                Script.builder()
                        .queued(Duration.ofSeconds(2))
                        .running(Duration.ofSeconds(10))
                        .succeeds());
        assertThat(handle).containsOnlyDigits();

        JsonNode queued = poll(handle, true);
        assertThat(queued.get("id").asInt()).isEqualTo(7);
        assertThat(queued.at("/result/status").asString()).isEqualTo("running");
        assertThat(queued.at("/result/details/percentComplete").asInt()).isZero();

        clock.advance(Duration.ofSeconds(7));
        JsonNode running = poll(handle, true).get("result");
        assertThat(running.propertyNames())
                .containsExactly("createTime", "details", "lastUpdateTime", "resultType", "status");
        assertThat(running.get("createTime").asString()).isEqualTo("2025-01-13T06:56:56Z");
        assertThat(running.get("lastUpdateTime").asString()).isEqualTo("2025-01-13T06:57:03Z");
        assertThat(running.get("resultType").asString()).isEqualTo("Clone");
        assertThat(running.at("/details/percentComplete").asInt()).isEqualTo(50);

        clock.advance(Duration.ofSeconds(10));
        JsonNode done = poll(handle, true);
        assertThat(done.propertyNames()).containsExactly("id", "result");
        JsonNode result = done.get("result");
        assertThat(result.propertyNames())
                .containsExactly("createTime", "lastUpdateTime", "result", "resultType", "status");
        assertThat(result.get("status").asString()).isEqualTo("complete");
        assertThat(result.get("lastUpdateTime").asString()).isEqualTo("2025-01-13T06:57:08Z");
        assertThat(result.at("/result/message").asString()).isEqualTo("Clone complete.");
        assertThat(result.at("/result/cloneID").isIntegralNumber()).isTrue();
    }

    @Test
    void completesWithTheTaskErrorObject() {
        String handle = sim.create(
                Vendor.SOLIDFIRE,
                Script.builder().running(Duration.ofSeconds(1)).fails("xSliceNotRegistered", "Slice not registered"));
        clock.advance(Duration.ofSeconds(2));

        JsonNode result = poll(handle, true).get("result");
        assertThat(result.propertyNames())
                .containsExactly("createTime", "error", "lastUpdateTime", "resultType", "status");
        assertThat(result.get("status").asString()).isEqualTo("complete");
        assertThat(result.at("/error/name").asString()).isEqualTo("xSliceNotRegistered");
        assertThat(result.at("/error/message").asString()).isEqualTo("Slice not registered");
    }

    @Test
    void unknownHandleIsTheTopLevelNoSuchPathError() {
        JsonNode answer = poll("4242", true);

        assertThat(answer.propertyNames()).containsExactly("error", "id");
        assertThat(answer.at("/error/code").asInt()).isEqualTo(500);
        assertThat(answer.at("/error/name").asString()).isEqualTo("xDBNoSuchPath");
        assertThat(answer.at("/error/message").asString()).contains("/asyncresults/4242");
        assertThat(answer.get("id").asInt()).isEqualTo(7);
    }

    @Test
    void aCompleteResultReadWithoutKeepResultIsPurged() {
        String handle = sim.create(Vendor.SOLIDFIRE, Script.builder().succeeds());

        assertThat(poll(handle, true).at("/result/status").asString()).isEqualTo("complete");
        assertThat(poll(handle, true).at("/result/status").asString()).isEqualTo("complete");
        assertThat(poll(handle, false).at("/result/status").asString()).isEqualTo("complete");
        assertThat(poll(handle, true).at("/error/name").asString()).isEqualTo("xDBNoSuchPath");
    }

    @Test
    void aRunningResultIsNotPurgedWithoutKeepResult() {
        String handle = sim.create(
                Vendor.SOLIDFIRE,
                Script.builder().running(Duration.ofSeconds(5)).succeeds());

        assertThat(poll(handle, false).at("/result/status").asString()).isEqualTo("running");
        assertThat(poll(handle, false).at("/result/status").asString()).isEqualTo("running");
    }

    @Test
    void aVanishedHandleIsNoSuchPath() {
        String handle = sim.create(
                Vendor.SOLIDFIRE,
                Script.builder().running(Duration.ofSeconds(5)).vanishes());
        assertThat(poll(handle, true).at("/result/status").asString()).isEqualTo("running");

        clock.advance(Duration.ofSeconds(5));
        assertThat(poll(handle, true).at("/error/name").asString()).isEqualTo("xDBNoSuchPath");
    }

    @Test
    void otherMethodsAreJsonRpcErrors() {
        Http.Reply reply = call(
                "{\"method\":\"ListVolumes\",\"params\":{},\"id\":3}",
                Http.basic(credentials().username(), credentials().password()));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().at("/error/name").asString()).isEqualTo("xUnknownAPIMethod");
        assertThat(reply.json().get("id").asInt()).isEqualTo(3);
    }

    @Test
    void listAsyncResultsListsRunningAndCompleteResultsWithoutReleasingThem() {
        String done =
                sim.create(Vendor.SOLIDFIRE, Script.builder().type("Clone").succeeds());
        String running = sim.create(
                Vendor.SOLIDFIRE,
                Script.builder()
                        .running(Duration.ofMinutes(5))
                        .type("BulkVolume")
                        .succeeds());
        String auth = Http.basic(credentials().username(), credentials().password());

        JsonNode all = call("{\"method\":\"ListAsyncResults\",\"params\":{},\"id\":7}", auth)
                .json();
        assertThat(all.get("id").asInt()).isEqualTo(7);
        JsonNode handles = all.at("/result/asyncHandles");
        assertThat(handles).hasSize(2);
        JsonNode first = handles.get(0);
        assertThat(first.get("asyncResultID").asString()).isEqualTo(done);
        assertThat(first.get("completed").asBoolean()).isTrue();
        assertThat(first.get("success").asBoolean()).isTrue();
        assertThat(first.at("/data/message").asString()).isEqualTo("Clone complete.");
        assertThat(handles.get(1).get("completed").asBoolean()).isFalse();
        assertThat(handles.get(1).has("data")).isTrue();

        JsonNode bulk = call(
                        "{\"method\":\"ListAsyncResults\",\"params\":{\"asyncResultTypes\":[\"BulkVolume\"]},\"id\":8}",
                        auth)
                .json();
        assertThat(bulk.at("/result/asyncHandles")).hasSize(1);
        assertThat(bulk.at("/result/asyncHandles/0/asyncResultID").asString()).isEqualTo(running);
        // Listing released nothing: the complete result is still there for GetAsyncResult.
        assertThat(poll(done, true).at("/result/status").asString()).isEqualTo("complete");
    }
}
