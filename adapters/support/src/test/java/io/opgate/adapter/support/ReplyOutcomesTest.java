package io.opgate.adapter.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.contracts.spi.PollOutcome;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

class ReplyOutcomesTest {

    private final JsonNode answer = JsonNodeFactory.instance.objectNode().put("state", "running");

    @Test
    void aMappedAnswerIsWhatTheMapperMakesOfIt() {
        PollOutcome notFound = new PollOutcome.NotFound("gone", answer);

        assertThat(ReplyOutcomes.mapped(answer, a -> notFound)).isSameAs(notFound);
    }

    @Test
    void anAnswerTheMapperTripsOverIsAFailedPollNamingOnlyTheKindOfError() {
        PollOutcome outcome = ReplyOutcomes.mapped(answer, a -> {
            throw new ClassCastException("secret-looking detail");
        });

        assertThat(outcome).isEqualTo(PollOutcome.Failed.of("unexpected answer (ClassCastException)"));
    }
}
