package io.opgate.adapter.huaweicloudtest;

import org.jspecify.annotations.Nullable;

/** A backend's HTTP answer, read whole. */
record HttpAnswer(int status, @Nullable String retryAfter, String body) {

    boolean ok() {
        return status / 100 == 2;
    }
}
