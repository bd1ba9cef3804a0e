package io.opgate.simulator;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Alibaba Cloud's "V3 request structure and signature" (ACS3-HMAC-SHA256), computed from the
 * server's side: the canonical request, the string to sign and the expected signature. Written
 * from Alibaba's specification, independently of the gateway's signer, so that each checks the other.
 */
final class AcsSignature {
    static final String ALGORITHM = "ACS3-HMAC-SHA256";

    private AcsSignature() {}

    /** The parts of an {@code Authorization: ACS3-HMAC-SHA256 Credential=..,SignedHeaders=..,Signature=..} header. */
    record Authorization(String accessKeyId, List<String> signedHeaders, String signature) {

        static @Nullable Authorization parse(@Nullable String header) {
            if (header == null || !header.startsWith(ALGORITHM + " ")) {
                return null;
            }
            String credential = null;
            String signedHeaders = null;
            String signature = null;
            for (String part : header.substring(ALGORITHM.length() + 1).split(",")) {
                int eq = part.indexOf('=');
                if (eq < 0) {
                    return null;
                }
                String key = part.substring(0, eq).trim();
                String value = part.substring(eq + 1).trim();
                switch (key) {
                    case "Credential" -> credential = value;
                    case "SignedHeaders" -> signedHeaders = value;
                    case "Signature" -> signature = value;
                    default -> {
                        return null;
                    }
                }
            }
            if (credential == null || credential.isEmpty() || signedHeaders == null || signature == null) {
                return null;
            }
            return new Authorization(credential, List.of(signedHeaders.split(";")), signature);
        }
    }

    /**
     * {@code METHOD\nCanonicalURI\nCanonicalQueryString\nCanonicalHeaders\nSignedHeaders\nHashedPayload},
     * where each canonical header line ends with its own newline.
     *
     * @param rawPath the path as sent (already percent-encoded); empty means {@code /}
     * @param query decoded query parameters; they are encoded again as the specification says
     * @param header looks a request header up by its lower-case name
     */
    static String canonicalRequest(
            String method,
            String rawPath,
            Map<String, List<String>> query,
            Function<String, @Nullable String> header,
            List<String> signedHeaders,
            String hashedPayload) {
        List<String> names = new ArrayList<>();
        for (String h : signedHeaders) {
            names.add(h.trim().toLowerCase(Locale.ROOT));
        }
        names.sort(null);
        StringBuilder headers = new StringBuilder();
        for (String name : names) {
            String value = header.apply(name);
            headers.append(name)
                    .append(':')
                    .append(value == null ? "" : value.trim())
                    .append('\n');
        }
        return method + "\n" + (rawPath.isEmpty() ? "/" : rawPath) + "\n" + canonicalQuery(query) + "\n" + headers
                + "\n" + String.join(";", names) + "\n" + hashedPayload;
    }

    static String canonicalQuery(Map<String, List<String>> query) {
        List<String> pairs = new ArrayList<>();
        query.forEach((name, values) -> {
            for (String value : values) {
                pairs.add(percentEncode(name) + "=" + percentEncode(value));
            }
        });
        pairs.sort(null);
        return String.join("&", pairs);
    }

    static String stringToSign(String canonicalRequest) {
        return ALGORITHM + "\n" + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    static String signature(String secret, String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }

    static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** RFC 3986 encoding as Alibaba specifies it: space as %20, {@code *} as %2A, {@code ~} kept. */
    static String percentEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("*", "%2A")
                .replace("%7E", "~");
    }

    static boolean sameSignature(String expected, String given) {
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII),
                given.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }
}
