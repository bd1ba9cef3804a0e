package io.opgate.contracts.spi;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A secret shows its value only through {@link Secret#reveal()}. */
class SecretTest {

    @Property
    void nothingButRevealShowsTheValue(@ForAll("values") String value) {
        Secret secret = Secret.of(value);
        assertThat(secret.toString()).isEqualTo("******");
        assertThat(String.format("%s", secret)).isEqualTo("******");
        assertThat(secret.reveal()).isEqualTo(value);
    }

    @Property
    void secretsAreEqualExactlyWhenTheirValuesAre(@ForAll("values") String a, @ForAll("values") String b) {
        assertThat(Secret.of(a).equals(Secret.of(b))).isEqualTo(a.equals(b));
        assertThat(Secret.of(a).hashCode()).isEqualTo(Secret.of(b).hashCode());
    }

    /** Printable text of the kinds credentials are made of; a short alphabet makes equal pairs likely. */
    @Provide
    Arbitrary<String> values() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("ab").ofMaxLength(3),
                Arbitraries.strings()
                        .withCharRange(' ', '~')
                        .withCharRange('à', 'ÿ')
                        .ofMaxLength(40));
    }
}
