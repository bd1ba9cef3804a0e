package io.opgate.adapter.huaweicloudtest;

import io.opgate.adapter.support.SettingsView;
import io.opgate.contracts.spi.BackendConfig;
import io.opgate.contracts.spi.Secret;
import io.opgate.contracts.spi.SettingKey;
import io.opgate.contracts.spi.SettingKey.Form;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a {@code huawei-cloudtest} backend ({@link #KEYS}): either a static {@code auth-token} or all of
 * the IAM password credentials {@code iam.*}.
 */
public interface HuaweiCloudTestConfig extends BackendConfig {

    /** The IAM keys; all of them are needed when any is set. */
    List<String> IAM_KEYS = List.of("iam.url", "iam.domain", "iam.username", "iam.password", "iam.project");

    List<SettingKey> KEYS = List.of(
            SettingKey.of("base-url", Form.URL, "The CloudTest endpoint; the adapter adds /GT3KServer/v4/progress/.")
                    .asRequired(),
            SettingKey.of("auth-token", Form.SECRET, "A static token sent as X-Auth-Token; or give iam.* instead."),
            SettingKey.of("iam.url", Form.URL, "The IAM endpoint, e.g. https://iam.cn-north-4.myhuaweicloud.com."),
            SettingKey.of("iam.domain", Form.TEXT, "The account (domain) name of the IAM user."),
            SettingKey.of("iam.username", Form.TEXT, "The IAM user."),
            SettingKey.of("iam.password", Form.SECRET, "The IAM user's password."),
            SettingKey.of("iam.project", Form.TEXT, "The project the token is scoped to, e.g. cn-north-4."),
            SettingKey.of(
                    "project-uuid",
                    Form.TEXT,
                    "The project_uuid used when an operation was registered without params.projectUuid."),
            SettingKey.of(
                            "time-zone",
                            Form.ZONE,
                            "The zone in which CloudTest's wall-clock times (submitted_time and the like) are read.")
                    .orElse("UTC"));

    /** A view of {@code settings} as CloudTest settings. */
    static HuaweiCloudTestConfig of(BackendConfig settings) {
        return SettingsView.of(HuaweiCloudTestConfig.class, settings);
    }

    @Override
    default List<SettingKey> keys() {
        return KEYS;
    }

    /** The static token sent as {@code X-Auth-Token}, or null when the token comes from IAM. */
    default @Nullable Secret authToken() {
        return secret("auth-token");
    }

    /** Whether tokens are fetched from IAM (and fetched again when CloudTest rejects one). */
    default boolean usesIam() {
        return IAM_KEYS.stream().anyMatch(key -> get(key) != null);
    }

    /** The IAM endpoint, e.g. {@code https://iam.cn-north-4.myhuaweicloud.com}, without a trailing slash. */
    default @Nullable String iamUrl() {
        String url = get("iam.url");
        return url == null ? null : url.trim().replaceAll("/+$", "");
    }

    default @Nullable String iamDomain() {
        return get("iam.domain");
    }

    default @Nullable String iamUsername() {
        return get("iam.username");
    }

    default @Nullable Secret iamPassword() {
        return secret("iam.password");
    }

    /** The project (e.g. the region name {@code cn-north-4}) the IAM token is scoped to. */
    default @Nullable String iamProject() {
        return get("iam.project");
    }

    /** The {@code project_uuid} used when an operation was registered without {@code params.projectUuid}. */
    default @Nullable String projectUuid() {
        return get("project-uuid");
    }

    /** The zone in which {@code submitted_time}, {@code begin_time} and {@code end_time} are read. */
    default ZoneId timeZone() {
        return zone("time-zone", ZoneOffset.UTC);
    }

    /** Every key's own checks, and the token or all of IAM, not both. */
    @Override
    default List<String> validate() {
        List<String> problems = new ArrayList<>(SettingKey.problems(this, KEYS));
        String prefix = "opgate.backends." + name() + ".";
        boolean token = get("auth-token") != null;
        if (token && usesIam()) {
            problems.add(prefix + "auth-token and " + prefix + "iam.* are exclusive: configure one of them");
        } else if (!token && !usesIam()) {
            problems.add(prefix + "auth-token or " + prefix + "iam.* (url, domain, username, password, project)"
                    + " is required for type huawei-cloudtest");
        } else if (usesIam()) {
            for (String key : IAM_KEYS) {
                if (get(key) == null) {
                    problems.add(prefix + key + " is required when any iam.* setting is given");
                }
            }
        }
        return problems;
    }
}
