package io.opgate.adapter.aliyunbpstudio;

import io.opgate.adapter.kit.AdapterCompatibilityKit.Scenario;
import io.opgate.adapter.kit.FakeResponse;
import io.opgate.adapter.kit.RecordedRequest;
import io.opgate.adapter.kit.VendorPayloads;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A scripted BPStudio that checks each request as Alibaba Cloud's gateway does: it recomputes the ACS3-HMAC-SHA256
 * signature from what it received (with its own code, not {@link Acs3Signer}) and answers
 * {@code SignatureDoesNotMatch} when it differs.
 */
final class BpstudioFakeBackend {

    static final String ACCESS_KEY_ID = "LTAI5tKitAccessKeyId0001";
    static final String ACCESS_KEY_SECRET = "KitAccessKeySecret0123456789abcd";
    static final String OPERATION_ID = "op_3f2a9c1e8b7d4a60b1e2";
    static final String RESOURCE_GROUP_ID = "rg-acfmzkitgroup01";

    private static final Pattern AUTHORIZATION =
            Pattern.compile("ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})");
    /** The headers that a BPStudio request signs; the fake refuses one that leaves any of them unsigned. */
    static final List<String> SIGNED_HEADERS = List.of(
            "content-type",
            "host",
            "x-acs-action",
            "x-acs-content-sha256",
            "x-acs-date",
            "x-acs-signature-nonce",
            "x-acs-version");

    private final Clock clock;

    BpstudioFakeBackend(Clock clock) {
        this.clock = clock;
    }

    static String resource(String name) {
        return VendorPayloads.in("bpstudio").text(name);
    }

    static String answer(String status, String message, String arguments) {
        return """
                {"RequestId":"A3488F1D-6C1B-4F0E-9D8A-5374BA0F3562","Data":{"OperationId":"%s","Status":"%s",\
                "Message":%s,"Arguments":%s},"Code":200}"""
                .formatted(OPERATION_ID, status, message, arguments);
    }

    static String error(String code, String message) {
        return "{\"RequestId\":\"7C1A3C6E-2D8B-4E1F-A9B0-1F2E3D4C5B6A\",\"HostId\":\"bpstudio.aliyuncs.com\","
                + "\"Code\":\"" + code + "\",\"Message\":\"" + message + "\"}";
    }

    FakeResponse respond(Scenario scenario, RecordedRequest request) {
        FakeResponse refused = check(request);
        if (refused != null) {
            return refused;
        }
        return switch (scenario) {
            case RUNNING ->
                FakeResponse.json(
                        200, answer("RUNNING", "\"\"", "\"{\\\"tagMap\\\":{\\\"cadt\\\":[\\\"12xxxxxxx\\\"]}}\""));
            case SUCCEEDED -> FakeResponse.json(200, resource("success.json"));
            case FAILED -> FakeResponse.json(200, resource("failure.json"));
            case NOT_FOUND ->
                FakeResponse.json(
                        200,
                        "{\"RequestId\":\"5E2B9F0A-1C3D-4E5F-8A9B-0C1D2E3F4A5B\",\"Code\":\"200\",\"Success\":true}");
            case SERVER_ERROR ->
                FakeResponse.json(
                        500, error("InternalError", "The request processing has failed due to some unknown error."));
            case THROTTLED ->
                FakeResponse.json(400, error("Throttling.User", "Request was denied due to user flow control."));
        };
    }

    /** Why Alibaba Cloud would refuse {@code request}, or null when it is a well-formed, correctly signed call. */
    FakeResponse check(RecordedRequest request) {
        if (!request.method().equals("POST") || !request.path().equals("/")) {
            return FakeResponse.json(404, error("InvalidAction.NotFound", "Specified api is not found"));
        }
        String authorization = request.header("authorization");
        Matcher auth = authorization == null ? null : AUTHORIZATION.matcher(authorization);
        if (auth == null || !auth.matches()) {
            return FakeResponse.json(401, error("MissingAuthorization", "Authorization is mandatory"));
        }
        if (!auth.group(1).equals(ACCESS_KEY_ID)) {
            return FakeResponse.json(403, error("InvalidAccessKeyId.NotFound", "Specified access key is not found."));
        }
        List<String> signed = List.of(auth.group(2).split(";"));
        if (!signed.containsAll(SIGNED_HEADERS)) {
            return FakeResponse.json(403, error("SignatureDoesNotMatch", "Required headers are not signed."));
        }
        String hashedPayload = hex(sha256(request.body().getBytes(StandardCharsets.UTF_8)));
        if (!hashedPayload.equals(request.header("x-acs-content-sha256"))) {
            return FakeResponse.json(400, error("InvalidParameter.ContentSHA256", "x-acs-content-sha256 mismatch"));
        }
        if (!auth.group(3).equals(expectedSignature(request, signed, hashedPayload))) {
            return FakeResponse.json(
                    403,
                    error(
                            "SignatureDoesNotMatch",
                            "Specified signature is not matched with our calculation. server string to sign is:..."));
        }
        Instant date = Instant.parse(request.header("x-acs-date"));
        if (Duration.between(date, clock.instant()).abs().compareTo(Duration.ofMinutes(15)) > 0) {
            return FakeResponse.json(400, error("InvalidTimeStamp.Expired", "Specified time stamp is expired."));
        }
        if (!"GetExecuteOperationResult".equals(request.header("x-acs-action"))
                || !"2021-09-31".equals(request.header("x-acs-version"))) {
            return FakeResponse.json(400, error("InvalidAction.NotFound", "Specified api is not found"));
        }
        Map<String, String> form = form(request.body());
        if (!"application/x-www-form-urlencoded".equals(request.header("content-type"))
                || !OPERATION_ID.equals(form.get("OperationId"))
                || !RESOURCE_GROUP_ID.equals(form.get("ResourceGroupId"))) {
            return FakeResponse.json(400, error("InvalidParameter", "OperationId or ResourceGroupId is invalid"));
        }
        return null;
    }

    static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static String expectedSignature(RecordedRequest request, List<String> signed, String hashedPayload) {
        StringBuilder canonical = new StringBuilder("POST\n/\n");
        TreeMap<String, String> query = new TreeMap<>(form(request.query()));
        StringBuilder q = new StringBuilder();
        query.forEach((k, v) ->
                q.append(q.isEmpty() ? "" : "&").append(rfc3986(k)).append('=').append(rfc3986(v)));
        canonical.append(q).append('\n');
        for (String name : signed) {
            String value = request.header(name);
            canonical
                    .append(name)
                    .append(':')
                    .append(value == null ? "" : value.trim())
                    .append('\n');
        }
        canonical.append('\n').append(String.join(";", signed)).append('\n').append(hashedPayload);
        String stringToSign =
                "ACS3-HMAC-SHA256\n" + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(ACCESS_KEY_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return hex(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String rfc3986(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("*", "%2A")
                .replace("%7E", "~");
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] data) {
        return HexFormat.of().formatHex(data);
    }
}
