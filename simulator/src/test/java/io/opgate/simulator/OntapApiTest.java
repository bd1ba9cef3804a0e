package io.opgate.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OntapApiTest extends SimulatorTestSupport {

    private Map<String, String> auth() {
        return Map.of(
                "Authorization",
                Http.basic(credentials().username(), credentials().password()));
    }

    private String jobUrl(String uuid) {
        return sim.ontapUrl() + "/api/cluster/jobs/" + uuid;
    }

    private Http.Reply get(String uuid) {
        return Http.get(jobUrl(uuid), auth());
    }

    private JsonNode job(String uuid) {
        Http.Reply reply = get(uuid);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers().get("Content-Type")).isEqualTo("application/hal+json");
        return reply.json();
    }

    private Http.Reply cancel(String uuid) {
        return Http.request(HttpMethod.PATCH, jobUrl(uuid) + "?action=cancel", auth(), "{}");
    }

    @Test
    void rejectsMissingOrWrongCredentials() {
        String uuid = sim.create(Vendor.ONTAP, Script.builder().succeeds());

        assertThat(Http.get(jobUrl(uuid), Map.of()).status()).isEqualTo(401);
        assertThat(Http.get(jobUrl(uuid), Map.of("Authorization", Http.basic("admin", "wrong")))
                        .status())
                .isEqualTo(401);
    }

    @Test
    void goesThroughQueuedRunningPausedAndSuccess() {
        String uuid = sim.create(
                Vendor.ONTAP,
                Script.builder()
                        .queued(Duration.ofSeconds(4))
                        .running(Duration.ofSeconds(10))
                        .pausedFor(Duration.ofSeconds(20))
                        .running(Duration.ofSeconds(10))
                        .type("PATCH /api/storage/volumes/e8b2b4a0")
                        .succeeds());

        JsonNode queued = job(uuid);
        assertThat(queued.get("uuid").asString()).isEqualTo(uuid);
        assertThat(queued.get("state").asString()).isEqualTo("queued");
        assertThat(queued.has("start_time")).isFalse();

        clock.advance(Duration.ofSeconds(9));
        JsonNode running = job(uuid);
        assertThat(running.get("state").asString()).isEqualTo("running");
        assertThat(running.get("message").asString()).contains("25%");
        assertThat(running.get("start_time").asString()).isEqualTo("2025-01-12T22:57:00-08:00");

        clock.advance(Duration.ofSeconds(10));
        assertThat(job(uuid).get("state").asString()).isEqualTo("paused");

        clock.advance(Duration.ofSeconds(30));
        JsonNode done = job(uuid);
        assertThat(done.propertyNames())
                .containsExactly("uuid", "description", "state", "message", "code", "start_time", "end_time", "_links");
        assertThat(done.get("state").asString()).isEqualTo("success");
        assertThat(done.get("description").asString()).isEqualTo("PATCH /api/storage/volumes/e8b2b4a0");
        assertThat(done.get("code").asInt()).isZero();
        assertThat(done.get("end_time").asString()).isEqualTo("2025-01-12T22:57:40-08:00");
        assertThat(done.at("/_links/self/href").asString()).isEqualTo("/api/cluster/jobs/" + uuid);
    }

    @Test
    void failureCarriesTheCodeAndTheNineNineErrorObject() {
        String uuid = sim.create(
                Vendor.ONTAP,
                Script.builder().running(Duration.ofSeconds(1)).fails("917536", "Volume \"vol1\" is offline."));
        clock.advance(Duration.ofSeconds(1));

        JsonNode failed = job(uuid);
        assertThat(failed.get("state").asString()).isEqualTo("failure");
        assertThat(failed.get("code").isIntegralNumber()).isTrue();
        assertThat(failed.get("code").asInt()).isEqualTo(917536);
        assertThat(failed.get("message").asString()).isEqualTo("Volume \"vol1\" is offline.");
        assertThat(failed.at("/error/code").isString()).isTrue();
        assertThat(failed.at("/error/code").asString()).isEqualTo("917536");
        assertThat(failed.at("/error/message").asString()).isEqualTo("Volume \"vol1\" is offline.");
        assertThat(failed.at("/error/arguments").isArray()).isTrue();
    }

    @Test
    void unknownAndVanishedJobsAre404WithOntapsErrorBody() {
        Http.Reply unknown = get("4ea7a442-86d1-11e0-ae1c-123478563412");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body())
                .isEqualTo("{\"error\":{\"message\":\"entry doesn't exist\",\"code\":\"4\",\"target\":\"uuid\"}}");

        String uuid = sim.create(
                Vendor.ONTAP, Script.builder().running(Duration.ofSeconds(3)).vanishes());
        assertThat(get(uuid).status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(3));
        assertThat(get(uuid).status()).isEqualTo(404);
    }

    @Test
    void aFinishedJobIsPurgedAfterOntapPurgeAfter() {
        String uuid = sim.create(
                Vendor.ONTAP, Script.builder().running(Duration.ofSeconds(10)).succeeds());
        clock.advance(Duration.ofSeconds(10 + 299));
        assertThat(job(uuid).get("state").asString()).isEqualTo("success");

        clock.advance(Duration.ofSeconds(1));
        assertThat(get(uuid).status()).isEqualTo(404);
    }

    @Test
    void returnTimeoutAbove120IsError262197() {
        String uuid = sim.create(Vendor.ONTAP, Script.builder().succeeds());

        Http.Reply reply = Http.get(jobUrl(uuid) + "?return_timeout=121", auth());

        assertThat(reply.status()).isEqualTo(400);
        JsonNode error = reply.json().get("error");
        assertThat(error.get("code").asString()).isEqualTo("262197");
        assertThat(error.get("target").asString()).isEqualTo("return_timeout");
        assertThat(error.get("message").asString()).contains("return_timeout");
    }

    @Test
    void returnTimeoutHoldsTheAnswerUntilTheJobEnds() throws Exception {
        String uuid = sim.create(
                Vendor.ONTAP, Script.builder().running(Duration.ofSeconds(30)).succeeds());

        long requests = sim.requestCount(Vendor.ONTAP);
        CompletableFuture<Http.Reply> held = Http.send(
                        HttpMethod.GET, jobUrl(uuid) + "?return_timeout=60", auth(), null)
                .toFuture();
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.requestCount(Vendor.ONTAP) > requests);
        // Arrived, and held: no answer for a while, until the job's time passes.
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> !held.isDone());

        clock.advance(Duration.ofSeconds(30));
        Http.Reply reply = held.get(5, TimeUnit.SECONDS);
        assertThat(reply.json().get("state").asString()).isEqualTo("success");
    }

    @Test
    void returnTimeoutAnswersTheRunningJobWhenItPasses() {
        String uuid = sim.create(
                Vendor.ONTAP, Script.builder().running(Duration.ofHours(1)).succeeds());

        long started = System.nanoTime();
        Http.Reply reply = Http.get(jobUrl(uuid) + "?return_timeout=1", auth());

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(reply.json().get("state").asString()).isEqualTo("running");
    }

    @Test
    void cancelEndsARunningJobInFailure() {
        String uuid = sim.create(
                Vendor.ONTAP, Script.builder().running(Duration.ofSeconds(60)).succeeds());
        clock.advance(Duration.ofSeconds(6));

        assertThat(cancel(uuid).status()).isEqualTo(200);

        JsonNode cancelled = job(uuid);
        assertThat(cancelled.get("state").asString()).isEqualTo("failure");
        assertThat(cancelled.get("end_time").asString()).isEqualTo("2025-01-12T22:57:02-08:00");
        assertThat(cancelled.get("message").asString()).containsIgnoringCase("cancel");
        clock.advance(Duration.ofSeconds(60));
        assertThat(job(uuid).get("state").asString()).isEqualTo("failure");
    }

    @Test
    void cancelOfANonCancellableJobIsRefusedWith458784() {
        String uuid = sim.create(
                Vendor.ONTAP,
                Script.builder()
                        .running(Duration.ofSeconds(60))
                        .cancellable(false)
                        .succeeds());

        Http.Reply reply = cancel(uuid);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body())
                .isEqualTo("{\"error\":{\"message\":\"Job does not support cancel\",\"code\":\"458784\"}}");
        assertThat(job(uuid).get("state").asString()).isEqualTo("running");
    }

    @Test
    void timesUseTheConfiguredOffset() {
        sim.close();
        sim = Simulator.start(options().withOntapZoneOffset(java.time.ZoneOffset.ofHoursMinutes(5, 30)));
        String uuid = sim.create(Vendor.ONTAP, Script.builder().succeeds());

        assertThat(job(uuid).get("end_time").asString()).isEqualTo("2025-01-13T12:26:56+05:30");
    }

    @Test
    void theJobCollectionFiltersOnStateUuidAndEndTimeAndPages() {
        String a = sim.create(
                Vendor.ONTAP, Script.builder().running(Duration.ofMinutes(5)).succeeds());
        String b = sim.create(
                Vendor.ONTAP, Script.builder().running(Duration.ofMinutes(5)).succeeds());
        String c = sim.create(
                Vendor.ONTAP, Script.builder().running(Duration.ofSeconds(1)).succeeds());
        clock.advance(Duration.ofSeconds(2));
        String collection = sim.ontapUrl() + "/api/cluster/jobs";

        JsonNode first = Http.get(collection + "?state=queued%7Crunning%7Cpaused&max_records=1", auth())
                .json();
        assertThat(first.get("num_records").asInt()).isEqualTo(1);
        String next = first.at("/_links/next/href").asString();
        assertThat(next).startsWith("/api/cluster/jobs?").contains("start.uuid=");
        JsonNode second = Http.get(sim.ontapUrl() + next, auth()).json();
        assertThat(second.get("records")).hasSize(1);
        assertThat(second.at("/_links/next").isMissingNode()).isTrue();
        assertThat(java.util.List.of(
                        first.at("/records/0/uuid").asString(),
                        second.at("/records/0/uuid").asString()))
                .containsExactlyInAnyOrder(a, b);

        JsonNode ended = Http.get(
                        collection + "?state=success%7Cfailure&end_time=%3E%3D2000-01-01T00%3A00%3A00%2B00%3A00",
                        auth())
                .json();
        assertThat(ended.get("records")).hasSize(1);
        assertThat(ended.at("/records/0/uuid").asString()).isEqualTo(c);
        assertThat(ended.at("/records/0/state").asString()).isEqualTo("success");

        JsonNode some = Http.get(collection + "?uuid=" + a + "%7C" + c + "%7Cnot-a-job&fields=uuid,state", auth())
                .json();
        assertThat(some.get("records")).hasSize(2);
        assertThat(Http.get(collection, Map.of()).status()).isEqualTo(401);
    }

    @Test
    void aUuidQueryListsTheNamedJobsInUuidOrderAndPagesThem() {
        java.util.List<String> jobs = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            jobs.add(sim.create(
                    Vendor.ONTAP,
                    Script.builder().running(Duration.ofMinutes(5)).succeeds()));
        }
        java.util.List<String> named = jobs.subList(0, 3).stream().sorted().toList();
        String query = "?uuid=" + String.join("%7C", jobs.subList(0, 3)) + "%7Cnot-a-job&max_records=2";

        JsonNode first =
                Http.get(sim.ontapUrl() + "/api/cluster/jobs" + query, auth()).json();
        assertThat(first.findValuesAsString("uuid")).containsExactly(named.get(0), named.get(1));
        String next = first.at("/_links/next/href").asString();
        assertThat(next).endsWith("&start.uuid=" + named.get(2));
        JsonNode second = Http.get(sim.ontapUrl() + next, auth()).json();
        assertThat(second.findValuesAsString("uuid")).containsExactly(named.get(2));
        assertThat(second.at("/_links/next").isMissingNode()).isTrue();
    }
}
