package io.opgate.gateway.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The API's description: the hand-written contract document ({@code openapi/opgate.yaml} of the contracts module)
 * itself, as JSON at {@code /v3/api-docs} (where springdoc's explorer, {@code /swagger-ui.html}, reads it) and as
 * written at {@code /v3/api-docs.yaml}. Never a document generated from the code: that one would describe the
 * controllers' Java types, not the contract, and drift from it.
 */
@RestController
class ApiDocumentController {

    /** Where the contract document is on the class path. */
    static final String DOCUMENT = "openapi/opgate.yaml";

    static final MediaType YAML = MediaType.parseMediaType("application/yaml");

    private final byte[] yaml;
    private final byte[] json;

    ApiDocumentController(JsonMapper jsonMapper) {
        try (InputStream in = new ClassPathResource(DOCUMENT).getInputStream()) {
            this.yaml = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("the contract document " + DOCUMENT + " is not on the class path", e);
        }
        // Read once at start: a request only copies bytes.
        this.json = jsonMapper.writeValueAsBytes(new YAMLMapper().readTree(yaml));
    }

    @GetMapping(path = "/v3/api-docs", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> json() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json);
    }

    @GetMapping(path = "/v3/api-docs.yaml")
    ResponseEntity<byte[]> yaml() {
        return ResponseEntity.ok().contentType(YAML).body(yaml);
    }
}
