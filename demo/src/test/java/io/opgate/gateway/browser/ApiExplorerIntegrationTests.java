package io.opgate.gateway.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.gateway.support.PackagedGateway;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The API's description and its explorer on the packaged gateway in api-key mode ({@code java -jar
 * target/opgate.jar}): the document served is the contract document of the repository, byte for byte, and the
 * explorer works in Chromium under the gateway's Content-Security-Policy. Mode {@code none} (open to all) is run by
 * {@code ReadmeTryItIntegrationTests}, whose README section fetches the document; every mode's access rules are swept
 * by {@code ApiKeyAccessSweepIntegrationTests} and {@code JwtAccessSweepIntegrationTests}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiExplorerIntegrationTests {

    /** The contract document as the repository holds it (contracts module), not as some jar copied it. */
    static final Path CONTRACT = Path.of("..", "contracts", "src", "main", "resources", "openapi", "opgate.yaml");

    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private PackagedGateway gateway;

    @BeforeAll
    void start() {
        gateway = PackagedGateway.demoWithApiKey("explorer", "opgate.demo.operations-per-minute=6");
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void theDocumentServedIsTheContractDocumentItself() throws Exception {
        byte[] contract = Files.readAllBytes(CONTRACT);

        HttpResponse<byte[]> json = get("/v3/api-docs", PackagedGateway.API_KEY);
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode served = JsonMapper.builder().build().readTree(json.body());
        assertThat(served).isEqualTo(new YAMLMapper().readTree(contract));

        HttpResponse<byte[]> yaml = get("/v3/api-docs.yaml", PackagedGateway.API_KEY);
        assertThat(yaml.statusCode()).isEqualTo(200);
        assertThat(yaml.body()).isEqualTo(contract);
    }

    @Test
    void withoutAKeyTheDocumentAndTheExplorerAreRefused() throws Exception {
        for (String path : List.of(
                "/v3/api-docs",
                "/v3/api-docs.yaml",
                "/v3/api-docs/swagger-config",
                "/swagger-ui.html",
                "/swagger-ui/index.html",
                "/swagger-ui/swagger-ui-bundle.js")) {
            assertThat(get(path, null).statusCode()).as(path).isEqualTo(401);
            assertThat(get(path, "not-the-key").statusCode()).as(path).isEqualTo(401);
        }
    }

    @Test
    void theExplorerAndItsFilesLoadWithAKey() throws Exception {
        HttpResponse<byte[]> welcome = get("/swagger-ui.html", PackagedGateway.API_KEY);
        assertThat(welcome.statusCode()).isEqualTo(302);
        assertThat(welcome.headers().firstValue("Location")).hasValue("/swagger-ui/index.html");
        for (String path : List.of(
                "/swagger-ui/index.html",
                "/swagger-ui/swagger-initializer.js",
                "/swagger-ui/swagger-ui-bundle.js",
                "/swagger-ui/swagger-ui-standalone-preset.js",
                "/swagger-ui/swagger-ui.css",
                "/swagger-ui/index.css",
                "/v3/api-docs/swagger-config")) {
            HttpResponse<byte[]> answer = get(path, PackagedGateway.API_KEY);
            assertThat(answer.statusCode()).as(path).isEqualTo(200);
            assertThat(answer.body()).as(path).isNotEmpty();
        }
        String config = new String(
                get("/v3/api-docs/swagger-config", PackagedGateway.API_KEY).body());
        assertThat(JsonMapper.builder().build().readTree(config).path("url").asString())
                .as("the explorer reads our document: " + config)
                .isEqualTo("/v3/api-docs");
    }

    /** {@code dashboard-e2e/explorer.test.mjs}: what it asserts is listed at its top. */
    @Test
    void theExplorerShowsEveryOperationOfTheContractInChromium() throws IOException {
        NodeScript.run(
                Duration.ofSeconds(300),
                command -> {
                    throw new IllegalArgumentException("unknown command " + command);
                },
                "explorer.test.mjs",
                gateway.url(),
                PackagedGateway.API_KEY,
                Integer.toString(operations(new YAMLMapper().readTree(Files.readAllBytes(CONTRACT)))),
                Path.of("target", "dashboard-e2e-explorer-failure.png")
                        .toAbsolutePath()
                        .toString());
    }

    static int operations(JsonNode document) {
        int count = 0;
        for (JsonNode path : document.get("paths")) {
            for (String key : path.propertyNames()) {
                if (METHODS.contains(key)) {
                    count++;
                }
            }
        }
        return count;
    }

    private HttpResponse<byte[]> get(String path, String key) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url() + path))
                .timeout(Duration.ofSeconds(30))
                .GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
