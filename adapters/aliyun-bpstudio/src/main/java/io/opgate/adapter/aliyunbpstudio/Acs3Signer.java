package io.opgate.adapter.aliyunbpstudio;

import io.opgate.contracts.spi.Secret;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs Alibaba Cloud API requests with {@code ACS3-HMAC-SHA256}, as Alibaba Cloud's "V3 request structure and
 * signature" specifies:
 *
 * <pre>
 * CanonicalRequest = method \n canonical URI \n canonical query string \n canonical headers \n signed headers \n
 *                    hex(SHA-256(body))
 * StringToSign     = "ACS3-HMAC-SHA256" \n hex(SHA-256(CanonicalRequest))
 * Signature        = hex(HMAC-SHA256(AccessKeySecret, StringToSign))
 * Authorization    = ACS3-HMAC-SHA256 Credential=AccessKeyId,SignedHeaders=h1;h2;...,Signature=...
 * </pre>
 *
 * <p>The signed headers are {@code host}, {@code content-type} and every {@code x-acs-*} header given, by lower-case
 * name in sorted order. The caller supplies every header it will send, including {@code x-acs-date},
 * {@code x-acs-signature-nonce} and {@code x-acs-content-sha256} (see {@link #sha256Hex}). The static methods let a
 * server recompute a received request's signature.
 */
public final class Acs3Signer {

    public static final String ALGORITHM = "ACS3-HMAC-SHA256";

    private final String accessKeyId;
    private final Secret accessKeySecret;

    public Acs3Signer(String accessKeyId, Secret accessKeySecret) {
        this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
        this.accessKeySecret = Objects.requireNonNull(accessKeySecret, "accessKeySecret");
    }

    /**
     * The {@code Authorization} header value for a request.
     *
     * @param method the HTTP method, e.g. {@code POST}
     * @param path the request path, not yet percent-encoded, e.g. {@code /}
     * @param query the query parameters, not yet percent-encoded
     * @param headers every header the request carries (names in any case)
     * @param body the request body, empty when none
     */
    public String authorization(
            String method, String path, Map<String, String> query, Map<String, String> headers, byte[] body) {
        return ALGORITHM + " Credential=" + accessKeyId + ",SignedHeaders=" + signedHeaders(headers) + ",Signature="
                + signature(method, path, query, headers, body);
    }

    /** The hex signature of a request; the arguments are as for {@link #authorization}. */
    public String signature(
            String method, String path, Map<String, String> query, Map<String, String> headers, byte[] body) {
        String stringToSign = stringToSign(canonicalRequest(method, path, query, headers, sha256Hex(body)));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(accessKeySecret.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** The canonical request, with {@code hashedPayload} the hex SHA-256 of the body. */
    public static String canonicalRequest(
            String method, String path, Map<String, String> query, Map<String, String> headers, String hashedPayload) {
        StringBuilder canonical = new StringBuilder()
                .append(method.toUpperCase(Locale.ROOT))
                .append('\n')
                .append(canonicalUri(path))
                .append('\n')
                .append(canonicalQuery(query))
                .append('\n');
        signed(headers)
                .forEach((name, value) ->
                        canonical.append(name).append(':').append(value.trim()).append('\n'));
        return canonical
                .append('\n')
                .append(signedHeaders(headers))
                .append('\n')
                .append(hashedPayload)
                .toString();
    }

    public static String stringToSign(String canonicalRequest) {
        return ALGORITHM + "\n" + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    /** The names of the headers that are signed, lower case, sorted, joined by {@code ;}. */
    public static String signedHeaders(Map<String, String> headers) {
        return String.join(";", signed(headers).keySet());
    }

    public static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** RFC 3986 percent-encoding as Alibaba Cloud uses it: space as {@code %20}, {@code *} encoded, {@code ~} not. */
    public static String percentEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("*", "%2A")
                .replace("%7E", "~");
    }

    /** {@code k1=v1&k2=v2}, percent-encoded and sorted by name: the canonical query string, also a form body. */
    public static String canonicalQuery(Map<String, String> parameters) {
        TreeMap<String, String> sorted = new TreeMap<>();
        parameters.forEach((name, value) -> sorted.put(percentEncode(name), percentEncode(value == null ? "" : value)));
        StringJoiner query = new StringJoiner("&");
        sorted.forEach((name, value) -> query.add(name + "=" + value));
        return query.toString();
    }

    private static String canonicalUri(String path) {
        if (path.isEmpty()) {
            return "/";
        }
        StringJoiner uri = new StringJoiner("/");
        for (String segment : path.split("/", -1)) {
            uri.add(percentEncode(segment));
        }
        return uri.toString();
    }

    private static TreeMap<String, String> signed(Map<String, String> headers) {
        TreeMap<String, String> signed = new TreeMap<>();
        headers.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT).trim();
            if (lower.equals("host") || lower.equals("content-type") || lower.startsWith("x-acs-")) {
                signed.put(lower, value == null ? "" : value);
            }
        });
        return signed;
    }

    @Override
    public String toString() {
        return "Acs3Signer[" + ALGORITHM + "]";
    }
}
