package io.opgate.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AcsSignatureTest {

    @Test
    void reproducesAlibabasPublishedExample() {
        String emptyBodyHash = AcsSignature.sha256Hex(new byte[0]);
        Map<String, String> headers = Map.of(
                "host", "ecs.cn-shanghai.aliyuncs.com",
                "x-acs-action", "RunInstances",
                "x-acs-version", "2014-05-26",
                "x-acs-date", "2023-10-26T10:22:32Z",
                "x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d",
                "x-acs-content-sha256", emptyBodyHash);
        Map<String, List<String>> query = Map.of(
                "ImageId", List.of("win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"),
                "RegionId", List.of("cn-shanghai"));

        String canonical = AcsSignature.canonicalRequest(
                "POST", "/", query, headers::get, List.copyOf(headers.keySet()), emptyBodyHash);
        String signature = AcsSignature.signature("YourAccessKeySecret", AcsSignature.stringToSign(canonical));

        assertThat(canonical)
                .startsWith(
                        "POST\n/\nImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai\n"
                                + "host:ecs.cn-shanghai.aliyuncs.com\nx-acs-action:RunInstances\n")
                .endsWith("\n\nhost;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version\n"
                        + emptyBodyHash);
        assertThat(signature).isEqualTo("06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0");
    }

    @Test
    void parsesTheAuthorizationHeader() {
        AcsSignature.Authorization auth = AcsSignature.Authorization.parse(
                "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action,Signature=abc123");

        assertThat(auth).isNotNull();
        assertThat(auth.accessKeyId()).isEqualTo("YourAccessKeyId");
        assertThat(auth.signedHeaders()).containsExactly("host", "x-acs-action");
        assertThat(auth.signature()).isEqualTo("abc123");
        assertThat(AcsSignature.Authorization.parse("HMAC-SHA1 Credential=x")).isNull();
        assertThat(AcsSignature.Authorization.parse(null)).isNull();
    }

    @Test
    void encodesAsRfc3986WithAlibabasExceptions() {
        assertThat(AcsSignature.percentEncode("a b*c~d/é")).isEqualTo("a%20b%2Ac~d%2F%C3%A9");
        assertThat(AcsSignature.sha256Hex("".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
