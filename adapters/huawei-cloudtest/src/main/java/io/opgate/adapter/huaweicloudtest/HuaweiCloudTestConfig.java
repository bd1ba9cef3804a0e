package io.opgate.adapter.huaweicloudtest;

import io.opgate.adapter.support.SettingsView;
import io.opgate.contracts.spi.BackendConfig;
import io.opgate.contracts.spi.Secret;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a {@code huawei-cloudtest} backend: {@code base-url}, either a static {@code auth-token} or the IAM
 * password credentials {@code iam.url}, {@code iam.domain}, {@code iam.username}, {@code iam.password} and
 * {@code iam.project}, the default {@code project-uuid}, and the {@code time-zone} in which CloudTest's wall-clock
 * strings are read (default {@code UTC}).
 */
public interface HuaweiCloudTestConfig extends BackendConfig {

    /** The IAM keys; all of them are needed when any is set. */
    List<String> IAM_KEYS = List.of("iam.url", "iam.domain", "iam.username", "iam.password", "iam.project");

    /** A view of {@code settings} as CloudTest settings. */
    static HuaweiCloudTestConfig of(BackendConfig settings) {
        final class View extends SettingsView implements HuaweiCloudTestConfig {
            View() {
                super(settings, "HuaweiCloudTestConfig");
            }
        }
        return settings instanceof HuaweiCloudTestConfig config ? config : new View();
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

    @Override
    default List<String> validate() {
        List<String> problems = BackendConfig.super.validate();
        String prefix = "opgate.backends." + name() + ".";
        require("base-url", problems);
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
            String url = get("iam.url");
            if (url != null) {
                BackendConfig.checkUrl(prefix + "iam.url", url, problems);
            }
        }
        checkZone("time-zone", problems);
        return problems;
    }
}
