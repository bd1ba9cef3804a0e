package io.opgate.contracts.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.contracts.SeededCases;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A secret shows its value only through {@link Secret#reveal()}. */
@ExtendWith(SeededCases.NameTheCase.class)
class SecretTest {

    static final long SEED = 4096006L;
    static final String CASE = "seed " + SEED + " [{index}] {arguments}";
    static final String PRINTABLE = SeededCases.chars(' ', '~') + SeededCases.chars('à', 'ÿ');
    static final List<String> EDGE_VALUES = List.of(
            "",
            " ",
            "a",
            "aA",
            "secret",
            "Secret",
            "******",
            "p@ss:w0rd/\\\"'",
            "pässwörd",
            "é",
            "e\u0301",
            "密码",
            "🔑",
            "\u0000",
            "a".repeat(1_000));

    @ParameterizedTest(name = CASE)
    @MethodSource("values")
    void nothingButRevealShowsTheValue(String value) {
        Secret secret = Secret.of(value);
        assertThat(secret.toString()).isEqualTo("******");
        assertThat(String.format("%s", secret)).isEqualTo("******");
        assertThat(secret.reveal()).isEqualTo(value);
    }

    @ParameterizedTest(name = CASE)
    @MethodSource("pairsOfValues")
    void secretsAreEqualExactlyWhenTheirValuesAre(String a, String b) {
        assertThat(Secret.of(a).equals(Secret.of(b))).isEqualTo(a.equals(b));
        assertThat(Secret.of(a).hashCode()).isEqualTo(Secret.of(b).hashCode());
    }

    static Stream<Arguments> values() {
        return Stream.concat(
                EDGE_VALUES.stream().map(Arguments::of), SeededCases.draw(SEED, r -> Arguments.of(value(r))));
    }

    /** Every pair of edge values, then random pairs. */
    static Stream<Arguments> pairsOfValues() {
        Stream<Arguments> edges =
                EDGE_VALUES.stream().flatMap(a -> EDGE_VALUES.stream().map(b -> Arguments.of(a, b)));
        return Stream.concat(edges, SeededCases.draw(SEED, r -> Arguments.of(value(r), value(r))));
    }

    /**
     * Printable text of the kinds credentials are made of; half the time from a two-letter alphabet, so that equal
     * pairs and pairs that differ only in case come up.
     */
    private static String value(SplittableRandom random) {
        return random.nextBoolean()
                ? SeededCases.string(random, "aA", 0, 3)
                : SeededCases.string(random, PRINTABLE, 0, 40);
    }
}
