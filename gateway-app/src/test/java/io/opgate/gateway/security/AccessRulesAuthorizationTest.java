package io.opgate.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.gateway.security.AccessRules.Need;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;

/** The table's rows as the one decision reads them; every cell against the running gateway: {@code AccessSweep}. */
class AccessRulesAuthorizationTest {

    final AccessRulesAuthorization rules = new AccessRulesAuthorization(AccessRules.RULES);

    Need need(String method, String path) {
        return rules.needOf(HttpMethod.valueOf(method), PathContainer.parsePath(path));
    }

    @Test
    void theFirstRowThatMatchesMethodAndPathDecides() {
        assertThat(need("GET", "/actuator/health/liveness")).isEqualTo(Need.OPEN);
        assertThat(need("HEAD", "/assets/dashboard.js")).isEqualTo(Need.OPEN);
        assertThat(need("GET", "/v1/operations/abc")).isEqualTo(Need.READ);
        assertThat(need("HEAD", "/v1/events")).isEqualTo(Need.READ);
        assertThat(need("POST", "/v1/stream-tokens")).isEqualTo(Need.READ);
        assertThat(need("POST", "/v1/operations")).isEqualTo(Need.WRITE);
        assertThat(need("POST", "/v1/operations/abc/cancel")).isEqualTo(Need.WRITE);
        assertThat(need("DELETE", "/v1/operations/abc")).isEqualTo(Need.WRITE);
        assertThat(need("GET", "/actuator/info")).isEqualTo(Need.ADMIN);
        assertThat(need("GET", "/swagger-ui/index.html")).isEqualTo(Need.READ);
    }

    @Test
    void whatNoRowListsIsRefused() {
        assertThat(need("PUT", "/v1/operations/abc")).isNull();
        assertThat(need("DELETE", "/v1/operations")).isNull();
        assertThat(need("POST", "/actuator/health")).isNull();
        assertThat(need("GET", "/application.yml")).isNull();
        assertThat(need("TRACE", "/")).isNull();
        assertThat(need("GET", "/v1/operations/abc/cancel/more")).isEqualTo(Need.READ);
    }
}
