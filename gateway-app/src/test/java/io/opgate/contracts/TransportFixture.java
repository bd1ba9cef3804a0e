package io.opgate.contracts;

import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Transport types in contracts on purpose, for {@code ArchitectureTest.transportTypesInContractsAreNamed}; never used.
 * Its {@code JsonNode} is allowed and must not be named.
 */
public record TransportFixture(HttpClient http, ObjectMapper json, JsonNode raw) {}
