package io.opgate.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultsTest extends SimulatorTestSupport {

    private String job;

    private Http.Reply pollOntap() {
        if (job == null) {
            job = sim.create(
                    Vendor.ONTAP,
                    Script.builder().running(Duration.ofMinutes(5)).succeeds());
        }
        return Http.get(
                sim.ontapUrl() + "/api/cluster/jobs/" + job,
                Map.of(
                        "Authorization",
                        Http.basic(credentials().username(), credentials().password())));
    }

    @Test
    void latencyDelaysEveryAnswer() {
        sim.faults(Vendor.ONTAP).latency(Duration.ofMillis(400));

        long started = System.nanoTime();
        Http.Reply reply = pollOntap();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(reply.status()).isEqualTo(200);
    }

    @Test
    void errorsAlternate503WithRetryAfterAnd500() {
        sim.faults(Vendor.ONTAP).errorRate(1.0).retryAfter(Duration.ofSeconds(7));

        Http.Reply first = pollOntap();
        Http.Reply second = pollOntap();

        assertThat(first.status()).isEqualTo(503);
        assertThat(first.headers().get("Retry-After")).isEqualTo("7");
        assertThat(second.status()).isEqualTo(500);
    }

    @Test
    void aRateHitsThatExactShareOfRequests() {
        sim.faults(Vendor.ONTAP).errorRate(0.25);

        int errors = 0;
        for (int i = 0; i < 8; i++) {
            if (pollOntap().status() >= 500) {
                errors++;
            }
        }

        assertThat(errors).isEqualTo(2);
        assertThat(sim.requestCount(Vendor.ONTAP)).isEqualTo(8);
    }

    @Test
    void garbageAlternatesTruncatedJsonAndAnHtmlPage() {
        sim.faults(Vendor.ONTAP).garbageRate(1.0);

        Http.Reply truncated = pollOntap();
        Http.Reply html = pollOntap();

        assertThat(truncated.status()).isEqualTo(200);
        assertThat(truncated.headers().get("Content-Type")).isEqualTo("application/hal+json");
        assertThat(truncated.body()).startsWith("{\"uuid\":\"" + job);
        assertThat(Json.parse(truncated.body().getBytes())).isNull();
        assertThat(html.headers().get("Content-Type")).isEqualTo("text/html");
        assertThat(html.body()).contains("<html>");
    }

    @Test
    void resetsCloseTheConnectionAbruptly() {
        sim.faults(Vendor.ONTAP).resetRate(0.5);

        assertThat(pollOntap().status()).isEqualTo(200);
        assertThatThrownBy(this::pollOntap).hasMessageContaining("onnection");
        assertThat(pollOntap().status()).isEqualTo(200);
    }

    @Test
    void downResetsEveryRequestUntilCleared() {
        sim.faults(Vendor.ONTAP).down(true);

        assertThatThrownBy(this::pollOntap).isNotNull();
        assertThatThrownBy(this::pollOntap).isNotNull();

        sim.faults(Vendor.ONTAP).clear();
        assertThat(pollOntap().status()).isEqualTo(200);
    }

    @Test
    void faultsOfOneVendorLeaveTheOthersAlone() {
        sim.faults(Vendor.SOLIDFIRE).down(true);

        assertThat(pollOntap().status()).isEqualTo(200);
    }

    @Test
    void ratesOutsideZeroToOneAreRefused() {
        assertThatThrownBy(() -> sim.faults(Vendor.ONTAP).errorRate(1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
