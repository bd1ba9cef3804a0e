package io.opgate.gateway.api;

import io.opgate.gateway.tracking.OperationProblem;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A validated registration body: {@code {"backend", "handle", "params"?, "labels"?}}. Every rule has its own message,
 * so a client learns exactly what to fix.
 */
record RegisterCommand(String backend, String handle, Map<String, String> params, Map<String, String> labels) {

    static final int MAX_HANDLE = 512;
    static final int MAX_NAME = 128;
    static final int MAX_LABELS = 64;
    static final int MAX_LABEL_KEY = 128;
    static final int MAX_LABEL_VALUE = 512;
    static final int MAX_PARAMS = 32;
    private static final Set<String> FIELDS = Set.of("backend", "handle", "params", "labels");

    static RegisterCommand from(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw OperationProblem.invalid("the body must be a JSON object");
        }
        for (String field : body.propertyNames()) {
            if (!FIELDS.contains(field)) {
                throw OperationProblem.invalid(
                        "unknown field '" + clip(field) + "'; expected backend, handle, params, labels");
            }
        }
        String backend = text(body, "backend", MAX_NAME);
        String handle = text(body, "handle", MAX_HANDLE);
        return new RegisterCommand(
                backend,
                handle,
                stringMap(body.get("params"), "params", MAX_PARAMS, MAX_NAME, MAX_HANDLE),
                stringMap(body.get("labels"), "labels", MAX_LABELS, MAX_LABEL_KEY, MAX_LABEL_VALUE));
    }

    private static String text(JsonNode body, String field, int max) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            throw OperationProblem.invalid("'" + field + "' is required");
        }
        if (!node.isString()) {
            throw OperationProblem.invalid("'" + field + "' must be a string");
        }
        String value = node.asString();
        checkText(field, value, max);
        return value;
    }

    private static Map<String, String> stringMap(
            JsonNode node, String field, int maxEntries, int maxKey, int maxValue) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw OperationProblem.invalid("'" + field + "' must be an object of strings");
        }
        if (node.size() > maxEntries) {
            throw OperationProblem.invalid("'" + field + "' has " + node.size() + " entries; at most " + maxEntries);
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String key = entry.getKey();
            checkText(field + " key", key, maxKey);
            if (key.indexOf(':') >= 0 && field.equals("labels")) {
                throw OperationProblem.invalid("label keys cannot contain ':' (the list filter is label=key:value)");
            }
            JsonNode value = entry.getValue();
            if (!value.isString()) {
                throw OperationProblem.invalid("'" + field + "." + clip(key) + "' must be a string");
            }
            checkText(field + "." + clip(key), value.asString(), maxValue);
            map.put(key, value.asString());
        }
        return map;
    }

    private static void checkText(String what, String value, int max) {
        if (value.isBlank()) {
            throw OperationProblem.invalid("'" + what + "' must not be blank");
        }
        if (value.length() > max) {
            throw OperationProblem.invalid("'" + what + "' is longer than " + max + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw OperationProblem.invalid("'" + what + "' contains a control character");
            }
        }
    }

    private static String clip(String s) {
        String printable = s.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 40 ? printable.substring(0, 40) + "..." : printable;
    }
}
