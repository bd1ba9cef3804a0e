package io.opgate.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.gateway.support.BoundSettings;
import io.opgate.gateway.support.ScriptedAdapter;
import io.opgate.gateway.tracking.Backend;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackendViewTest {

    @Test
    void aBackendNeverPolledIsNeitherReachableNorUnreachable() {
        Backend fresh = new Backend("lab", BoundSettings.of(Map.of("type", "scripted")), new ScriptedAdapter());
        BackendsController.BackendView view = BackendsController.BackendView.of(fresh, 0, java.time.Instant.now());
        assertThat(view.reachable()).isNull();
        assertThat(view.lastPollAt()).isNull();
        assertThat(view.circuit()).isEqualTo("closed");
    }
}
