package io.opgate.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.gateway.support.Api;
import io.opgate.gateway.support.ApiKeyGatewayTest;
import io.opgate.gateway.support.ScriptedAdapter;
import io.opgate.gateway.support.ScriptedAdapterFactory;
import io.opgate.gateway.support.TestKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;

/**
 * The answers {@link OpenApiContractIntegrationTests} cannot provoke in mode none: every documented 401, 403 and 429,
 * provoked here in mode api-key and checked against {@code openapi/opgate.yaml}.
 */
@ApiKeyGatewayTest
class SecurityContractIntegrationTests {

    Api api;

    @Autowired
    void api(WebTestClient http) {
        this.api = new Api(http);
    }

    @Test
    void everyDocumentedRefusalIsProvokedAndAnswersAsDocumented() {
        Set<String> provoked = new TreeSet<>();
        for (String answer : OpenApiContractIntegrationTests.documentedAnswers(
                OpenApiContractIntegrationTests.SECURITY_STATUSES::contains)) {
            String[] parts = answer.split(" ");
            String method = parts[0];
            String path = parts[1];
            int status = Integer.parseInt(parts[2]);
            // A stream of an operation is counted once the operation is found: the 429 needs one of team-c's.
            String id = status == 429 ? limitedTenantsOperation() : "abc123";
            Api.Answer answered = provoke(method, path.replace("{id}", id), status);
            assertThat(answered.status()).as(answer + ": " + answered.text()).isEqualTo(status);
            OpenApiContractIntegrationTests.checkProblem(method, path, status, answered.headers(), answered.body());
            provoked.add(answer);
        }
        assertThat(provoked).contains("GET /v1/events 401", "POST /v1/operations 429", "GET /v1/events 429");
    }

    Api.Answer provoke(String method, String uri, int status) {
        String body = !method.equals("POST")
                ? null
                : uri.equals("/v1/operations")
                        ? "{}"
                        : uri.equals("/v1/stream-tokens") ? "{\"path\":\"/v1/events\"}" : null;
        HttpMethod http = HttpMethod.valueOf(method);
        return switch (status) {
            case 401 -> api.call(http, uri, (String) null, body);
            case 403 -> api.call(http, uri, lacking(method, uri), body);
            case 429 -> uri.endsWith("events") ? tooManyStreams(uri) : tooManyRegistrations();
            default -> throw new IllegalArgumentException("no way to provoke " + status);
        };
    }

    String limitedTenantsOperation() {
        String handle = Api.unique("contract");
        ScriptedAdapterFactory.adapter("lab").answer(handle, ScriptedAdapter.running(1));
        return api.registered(TestKeys.LIMITS_C, "lab", handle, "{}");
    }

    /** A key that is valid but lacks the role the call needs. */
    static String lacking(String method, String uri) {
        boolean reads = method.equals("GET") || uri.equals("/v1/stream-tokens");
        return reads ? TestKeys.WRITE_ONLY_A : TestKeys.READER_A;
    }

    Api.Answer tooManyRegistrations() {
        for (int i = 0; i < 80; i++) {
            Api.Answer answer = api.call(HttpMethod.POST, "/v1/operations", TestKeys.RATE_R, "{}");
            if (answer.status() == 429) {
                return answer;
            }
        }
        throw new AssertionError("the registration rate was never exceeded");
    }

    Api.Answer tooManyStreams(String uri) {
        List<Disposable> open = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                var stream = api.open("/v1/events", Api.bearer(TestKeys.LIMITS_C));
                if (stream.getStatus().value() != 200) {
                    return api.get(uri, TestKeys.LIMITS_C);
                }
                open.add(stream.getResponseBody().subscribe());
            }
            throw new AssertionError("the stream limit was never reached");
        } finally {
            open.forEach(Disposable::dispose);
        }
    }
}
