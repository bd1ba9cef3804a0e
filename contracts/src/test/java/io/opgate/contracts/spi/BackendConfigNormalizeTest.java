package io.opgate.contracts.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Per-backend keys are read in any of Spring's relaxed forms ({@code max-concurrency}, {@code maxConcurrency},
 * {@code MAX_CONCURRENCY}): {@link BackendConfig#normalize} maps them all to one, and only them.
 */
class BackendConfigNormalizeTest {

    @Property
    void normalizingTwiceIsNormalizingOnce(@ForAll("keys") String key) {
        String once = BackendConfig.normalize(key);
        assertThat(BackendConfig.normalize(once)).isEqualTo(once);
    }

    @Property
    void aNormalKeyIsLowerCaseWithoutDashesOrUnderscoresAndKeepsItsSegments(@ForAll("keys") String key) {
        String normal = BackendConfig.normalize(key);
        assertThat(normal).doesNotContain("-", "_").isEqualTo(normal.toLowerCase(Locale.ROOT));
        assertThat(normal.split("\\.")).hasSameSizeAs(key.split("\\."));
    }

    @Property
    void everyRelaxedFormOfAKeyIsTheSameKey(@ForAll("relaxedPairs") List<String> pair) {
        assertThat(BackendConfig.normalize(pair.get(0))).isEqualTo(BackendConfig.normalize(pair.get(1)));
    }

    @Property
    void aSettingIsFoundUnderAnyRelaxedFormOfItsKey(@ForAll("relaxedPairs") List<String> pair) {
        BackendConfig config = BackendConfig.of("lab", Map.of(pair.get(0), "42"));
        assertThat(config.get(pair.get(1))).isEqualTo("42");
    }

    @Property
    void differentWordsAreDifferentKeys(@ForAll("words") String a, @ForAll("words") String b) {
        if (!a.equalsIgnoreCase(b)) {
            assertThat(BackendConfig.normalize("polling." + a)).isNotEqualTo(BackendConfig.normalize("polling." + b));
        }
    }

    @Example
    void theFormsSpringAccepts() {
        assertThat(List.of("max-concurrency", "maxConcurrency", "MAX_CONCURRENCY", "max_concurrency"))
                .extracting(BackendConfig::normalize)
                .containsOnly("maxconcurrency");
        assertThat(BackendConfig.normalize("Discovery.Batch-Size")).isEqualTo("discovery.batchsize");
    }

    @Example
    void aBlankValueIsNoSetting() {
        BackendConfig config = BackendConfig.of("lab", Map.of("base-url", " "));
        assertThat(config.get("baseUrl")).isNull();
    }

    @Provide
    Arbitrary<String> words() {
        return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8);
    }

    @Provide
    Arbitrary<String> keys() {
        Arbitrary<String> segment = Arbitraries.strings()
                .withCharRange('a', 'z')
                .withCharRange('A', 'Z')
                .withCharRange('0', '9')
                .withChars('-', '_')
                .ofMinLength(1)
                .ofMaxLength(10)
                .filter(s -> s.chars().anyMatch(Character::isLetterOrDigit));
        return segment.list().ofMinSize(1).ofMaxSize(4).map(parts -> String.join(".", parts));
    }

    /** A key of words in kebab case, and the same key in another relaxed form. */
    @Provide
    Arbitrary<List<String>> relaxedPairs() {
        Arbitrary<List<List<String>>> segments =
                words().list().ofMinSize(1).ofMaxSize(3).list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<Integer> form = Arbitraries.integers().between(0, 3);
        return Combinators.combine(segments, form).as((words, f) -> List.of(render(words, 0), render(words, f)));
    }

    private static String render(List<List<String>> segments, int form) {
        return String.join(
                ".",
                segments.stream()
                        .map(words -> switch (form) {
                            case 0 -> String.join("-", words);
                            case 1 -> camel(words);
                            case 2 -> String.join("_", words).toUpperCase(Locale.ROOT);
                            default -> String.join("_", words);
                        })
                        .toList());
    }

    private static String camel(List<String> words) {
        StringBuilder out = new StringBuilder(words.get(0));
        words.stream().skip(1).forEach(w -> out.append(Character.toUpperCase(w.charAt(0)))
                .append(w.substring(1)));
        return out.toString();
    }
}
