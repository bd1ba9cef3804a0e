package io.opgate.gateway.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OperationIdsTest {

    @Test
    void theSameTenantBackendAndHandleAlwaysGiveTheSameOpaqueId() {
        String id = OperationIds.of("t1", "lab", "job-42");
        assertThat(id)
                .isEqualTo(OperationIds.of("t1", "lab", "job-42"))
                .hasSize(24)
                .doesNotContain("job");
        assertThat(OperationIds.isWellFormed(id)).isTrue();
    }

    @Test
    void eachPartChangesTheIdAndNoShiftBetweenPartsCollides() {
        String id = OperationIds.of("t1", "lab", "job");
        assertThat(OperationIds.of("t2", "lab", "job")).isNotEqualTo(id);
        assertThat(OperationIds.of("t1", "lab2", "job")).isNotEqualTo(id);
        assertThat(OperationIds.of("t1", "lab", "job2")).isNotEqualTo(id);
        // The same characters split differently between the parts are another operation.
        assertThat(OperationIds.of("t1l", "ab", "job")).isNotEqualTo(id);
        assertThat(OperationIds.of("t1", "la", "bjob")).isNotEqualTo(id);
    }

    @Test
    void aWellFormedIdIsOneToHundredTwentyEightUrlSafeCharacters() {
        assertThat(OperationIds.isWellFormed("")).isFalse();
        assertThat(OperationIds.isWellFormed("a")).isTrue();
        assertThat(OperationIds.isWellFormed("x".repeat(128))).isTrue();
        assertThat(OperationIds.isWellFormed("x".repeat(129))).isFalse();
        for (String ok : new String[] {"A", "Z", "a", "z", "0", "9", "_", "-", "AZaz09_-"}) {
            assertThat(OperationIds.isWellFormed(ok)).as(ok).isTrue();
        }
        // The neighbours of every accepted range, and what a path or a query would make of an id.
        for (String bad : new String[] {"@", "[", "`", "{", "/", ":", ".", " ", "a/b", "a?b", "%2F", "é", "a b"}) {
            assertThat(OperationIds.isWellFormed(bad)).as(bad).isFalse();
        }
    }
}
