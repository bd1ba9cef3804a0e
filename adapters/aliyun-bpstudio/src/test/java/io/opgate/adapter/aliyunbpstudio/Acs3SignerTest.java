package io.opgate.adapter.aliyunbpstudio;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.contracts.spi.Secret;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Acs3SignerTest {

    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private final Acs3Signer signer = new Acs3Signer("YourAccessKeyId", Secret.of("YourAccessKeySecret"));

    private static Map<String, String> publishedQuery() {
        return Map.of(
                "ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd",
                "RegionId", "cn-shanghai");
    }

    private static Map<String, String> publishedHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", "ecs.cn-shanghai.aliyuncs.com");
        headers.put("x-acs-action", "RunInstances");
        headers.put("x-acs-version", "2014-05-26");
        headers.put("x-acs-date", "2023-10-26T10:22:32Z");
        headers.put("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d");
        headers.put("x-acs-content-sha256", EMPTY_SHA256);
        return headers;
    }

    @Test
    void reproducesAlibabaCloudsPublishedExample() {
        String authorization = signer.authorization("POST", "/", publishedQuery(), publishedHeaders(), new byte[0]);

        assertThat(authorization)
                .isEqualTo("ACS3-HMAC-SHA256 Credential=YourAccessKeyId,"
                        + "SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;"
                        + "x-acs-version,"
                        + "Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0");
    }

    @Test
    void canonicalRequestOfThePublishedExample() {
        assertThat(Acs3Signer.canonicalRequest("POST", "/", publishedQuery(), publishedHeaders(), EMPTY_SHA256))
                .isEqualTo(
                        """
                        POST
                        /
                        ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai
                        host:ecs.cn-shanghai.aliyuncs.com
                        x-acs-action:RunInstances
                        x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                        x-acs-date:2023-10-26T10:22:32Z
                        x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d
                        x-acs-version:2014-05-26

                        host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version
                        e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855""");
        assertThat(Acs3Signer.sha256Hex(new byte[0])).isEqualTo(EMPTY_SHA256);
    }

    @Test
    void headerNamesAreLowerCasedSortedAndOnlyHostContentTypeAndAcsOnesAreSigned() {
        Map<String, String> headers = new LinkedHashMap<>(publishedHeaders());
        headers.remove("host");
        headers.put("Host", "bpstudio.aliyuncs.com");
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        headers.put("Accept", "application/json");
        headers.put("User-Agent", "opgate");

        assertThat(Acs3Signer.signedHeaders(headers))
                .isEqualTo("content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;"
                        + "x-acs-version");
    }

    @Test
    void theBodyAndEveryPartAreSigned() {
        byte[] body = "OperationId=op_1".getBytes(StandardCharsets.UTF_8);
        String base = signer.signature("POST", "/", Map.of(), publishedHeaders(), body);

        Map<String, String> otherNonce = new LinkedHashMap<>(publishedHeaders());
        otherNonce.put("x-acs-signature-nonce", "another");

        assertThat(signer.signature("POST", "/", Map.of(), publishedHeaders(), "OperationId=op_2".getBytes()))
                .isNotEqualTo(base);
        assertThat(signer.signature("POST", "/", Map.of(), otherNonce, body)).isNotEqualTo(base);
        assertThat(signer.signature("GET", "/", Map.of(), publishedHeaders(), body))
                .isNotEqualTo(base);
        assertThat(new Acs3Signer("YourAccessKeyId", Secret.of("other"))
                        .signature("POST", "/", Map.of(), publishedHeaders(), body))
                .isNotEqualTo(base);
    }

    @Test
    void queryIsPercentEncodedTheAlibabaWay() {
        assertThat(Acs3Signer.canonicalQuery(Map.of("b", "a b*c~d", "a", "x/y", "c", "")))
                .isEqualTo("a=x%2Fy&b=a%20b%2Ac~d&c=");
    }

    @Test
    void toStringShowsNoCredential() {
        assertThat(signer.toString()).doesNotContain("YourAccessKeySecret").doesNotContain("YourAccessKeyId");
    }
}
