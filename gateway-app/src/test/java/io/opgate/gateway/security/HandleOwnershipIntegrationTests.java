package io.opgate.gateway.security;

import static io.opgate.gateway.support.ScriptedAdapter.running;
import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.gateway.support.Api;
import io.opgate.gateway.support.ApiKeyGatewayTest;
import io.opgate.gateway.support.ScriptedAdapterFactory;
import io.opgate.gateway.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Handle ownership over HTTP: a handle belongs to the first tenant that tracks it, backend scope parameters only
 * where the backend lists them. Backend {@code shared} shares handles; {@code scoped} allows {@code projectUuid}.
 */
@ApiKeyGatewayTest
@TestPropertySource(
        properties = {
            "opgate.backends.shared.type=scripted",
            "opgate.backends.shared.shared-handles=true",
            "opgate.backends.scoped.type=scripted",
            "opgate.backends.scoped.allowed-params[0]=projectUuid"
        })
class HandleOwnershipIntegrationTests {

    Api api;

    @Autowired
    void api(WebTestClient http) {
        this.api = new Api(http);
    }

    Api.Answer register(String key, String backend, String handle, String params) {
        return api.call(
                HttpMethod.POST,
                "/v1/operations",
                key,
                "{\"backend\":\"" + backend + "\",\"handle\":\"" + handle + "\",\"params\":" + params + "}");
    }

    @Test
    void aHandleAnotherTenantTracksAnswersExactlyAsAnUnknownHandle() {
        String tracked = Api.unique("owned");
        String unknown = Api.unique("owned");
        ScriptedAdapterFactory.adapter("lab").answer(tracked, running(10));
        String id = api.registered(TestKeys.WRITER_A, "lab", tracked, "{}");

        JsonNode theirs =
                register(TestKeys.RW_B, "lab", tracked, "{}").problem(404).json();
        JsonNode nobodys =
                register(TestKeys.RW_B, "lab", unknown, "{}").problem(404).json();
        // Field for field the same answer, but for the handle itself: no oracle for what another tenant tracks.
        assertThat(theirs.toString().replace(tracked, "<handle>"))
                .isEqualTo(nobodys.toString().replace(unknown, "<handle>"));
        assertThat(theirs.toString()).doesNotContain(id, "team-a");
        // B has nothing; A still has its operation, and registering again answers it.
        assertThat(api.get("/v1/operations?backend=lab&pageSize=500", TestKeys.RW_B)
                        .text())
                .doesNotContain(tracked);
        assertThat(register(TestKeys.WRITER_A, "lab", tracked, "{}").status()).isEqualTo(200);

        // Once A deletes it, the handle is anyone's.
        assertThat(api.call(HttpMethod.DELETE, "/v1/operations/" + id, TestKeys.WRITER_A, null)
                        .status())
                .isEqualTo(204);
        assertThat(register(TestKeys.RW_B, "lab", tracked, "{}").status()).isEqualTo(201);
    }

    @Test
    void aBackendThatSharesHandlesGivesEachTenantAnOperationOfItsOwn() {
        String handle = Api.unique("shared");
        ScriptedAdapterFactory.adapter("shared").answer(handle, running(10));
        String a = api.registered(TestKeys.WRITER_A, "shared", handle, "{}");
        String b = api.registered(TestKeys.RW_B, "shared", handle, "{}");
        assertThat(b).isNotEqualTo(a);
        api.get("/v1/operations/" + a, TestKeys.RW_B).problem(404);
    }

    @Test
    void scopeParametersAreAcceptedOnlyWhereTheBackendListsThem() {
        String handle = Api.unique("scope");
        ScriptedAdapterFactory.adapter("lab").answer(handle, running(10));
        ScriptedAdapterFactory.adapter("scoped").answer(handle, running(10));

        String refused = register(TestKeys.WRITER_A, "lab", handle, "{\"projectUuid\":\"other-project\"}")
                .problem(400)
                .json()
                .get("detail")
                .asString();
        assertThat(refused)
                .contains("params.projectUuid", "'lab'", "allowed-params")
                .doesNotContain("other-project");
        register(TestKeys.WRITER_A, "scoped", handle, "{\"resourceGroupId\":\"rg-1\"}")
                .problem(400);
        JsonNode created = register(TestKeys.WRITER_A, "scoped", handle, "{\"projectUuid\":\"p-1\"}")
                .json();
        assertThat(created.get("id").asString()).isNotBlank();
    }
}
