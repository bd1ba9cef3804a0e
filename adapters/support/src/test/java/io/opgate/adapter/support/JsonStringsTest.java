package io.opgate.adapter.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.StringNode;

class JsonStringsTest {

    private final ObjectMapper json = JsonMapper.builder().build();

    private JsonNode decode(String text) {
        return JsonStrings.decode(json, StringNode.valueOf(text));
    }

    @Test
    void jsonInsideAStringIsDecoded() {
        assertThat(decode("{\"a\": 1}")).isEqualTo(json.readTree("{\"a\": 1}"));
        assertThat(decode(" [1, 2] ")).isEqualTo(json.readTree("[1, 2]"));
    }

    @Test
    void jsonEncodedTwiceOrWrappedInQuotesIsDecoded() {
        assertThat(decode("\"{\\\"a\\\": 1}\"")).isEqualTo(json.readTree("{\"a\": 1}"));
        assertThat(decode("\"{\"a\": 1}\"")).isEqualTo(json.readTree("{\"a\": 1}"));
    }

    @Test
    void scalarsAndBrokenJsonStayStrings() {
        assertThat(decode("0123")).isEqualTo(StringNode.valueOf("0123"));
        assertThat(decode("true")).isEqualTo(StringNode.valueOf("true"));
        assertThat(decode("{\"truncated\": [1")).isEqualTo(StringNode.valueOf("{\"truncated\": [1"));
        assertThat(decode("[1] and more")).isEqualTo(StringNode.valueOf("[1] and more"));
    }

    @Test
    void nonStringsAreKept() {
        JsonNode object = json.readTree("{\"a\": \"{}\"}");
        assertThat(JsonStrings.decode(json, object)).isSameAs(object);
    }

    @Test
    void parseIsNullForBlankOrNonJson() {
        assertThat(JsonStrings.parse(json, "")).isNull();
        assertThat(JsonStrings.parse(json, "<html>")).isNull();
        assertThat(JsonStrings.parse(json, "{\"a\":1}")).isEqualTo(json.readTree("{\"a\":1}"));
    }

    @Test
    void textIsANonBlankScalar() {
        JsonNode node = json.readTree("{\"s\": \"x\", \"n\": 7, \"b\": \" \", \"o\": {}, \"z\": null}");
        assertThat(JsonStrings.text(node, "s")).isEqualTo("x");
        assertThat(JsonStrings.text(node, "n")).isEqualTo("7");
        assertThat(JsonStrings.text(node, "b")).isNull();
        assertThat(JsonStrings.text(node, "o")).isNull();
        assertThat(JsonStrings.text(node, "z")).isNull();
        assertThat(JsonStrings.text(node, "missing")).isNull();
    }

    @Test
    void instantsWithAnyOffsetOrNone() {
        Instant expected = Instant.parse("2019-01-14T17:21:53Z");
        assertThat(JsonStrings.instant("2019-01-14T09:21:53-08:00")).isEqualTo(expected);
        assertThat(JsonStrings.instant("2019-01-14T09:21:53-0800")).isEqualTo(expected);
        assertThat(JsonStrings.instant("2019-01-14T17:21:53")).isEqualTo(expected);
        assertThat(JsonStrings.instant("yesterday")).isNull();
        assertThat(JsonStrings.instant(null)).isNull();
    }
}
