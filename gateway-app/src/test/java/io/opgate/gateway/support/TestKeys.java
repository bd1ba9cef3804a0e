package io.opgate.gateway.support;

/**
 * The API keys of {@link ApiKeyGatewayTest} and their SHA-256 digests (as {@code printf %s KEY | sha256sum} gives
 * them), and its stream-token signing keys.
 */
public final class TestKeys {

    public static final String READER_A = "opgate-test-reader-a-7f3c1e";
    public static final String READER_A_SHA256 = "0b6c43089db06b14daec3ab9ea18dc9ff62189c43cceeb0a2525c47b448f16bf";
    public static final String WRITER_A = "opgate-test-writer-a-2b9d44";
    public static final String WRITER_A_SHA256 = "a0feb55f79d87da9bcf4f0da0ceafd1637cc8b6c81b570e4393276fab905ff68";
    public static final String WRITE_ONLY_A = "opgate-test-writeonly-a-5e8a0f";
    public static final String WRITE_ONLY_A_SHA256 = "eb2836b00bfc45cbc4e9c13fdb94c5f969657ac212766914c833cf76b680c20c";
    public static final String RW_B = "opgate-test-rw-b-91c4d2";
    public static final String RW_B_SHA256 = "d26482de82a833195b2994d65409b82778100480f78250bca5150084f2c22c56";
    public static final String ADMIN = "opgate-test-admin-0a6b3c";
    public static final String ADMIN_SHA256 = "15d442b1374169fa62f77af94048ad27025a10acd680f5b3e449d79f1c3a0e76";
    public static final String LIMITS_C = "opgate-test-limits-c-4d1e9a";
    public static final String LIMITS_C_SHA256 = "f9ffbc110597862360eb559b043bf6bb9d0d9d8022e5c44f43a7cbc51041fabc";
    public static final String RATE_R = "opgate-test-rate-r-8c2f7b";
    public static final String RATE_R_SHA256 = "76a3e547a50e1993e641368067dc73841cb2e7696d071e143f74ed924010b981";

    public static final String STREAM_TOKEN_KEY = "stream-token-key-current-5b0e7d91c2a4f8e3";
    public static final String OLD_STREAM_TOKEN_KEY = "stream-token-key-previous-0c7a2e54b9d1f6a8";

    private TestKeys() {}
}
