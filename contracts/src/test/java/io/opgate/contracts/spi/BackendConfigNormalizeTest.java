package io.opgate.contracts.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.contracts.SeededCases;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Per-backend keys are read in any of Spring's relaxed forms ({@code max-concurrency}, {@code maxConcurrency},
 * {@code MAX_CONCURRENCY}): {@link BackendConfig#normalize} maps them all to one, and only them.
 */
@ExtendWith(SeededCases.NameTheCase.class)
class BackendConfigNormalizeTest {

    static final long SEED = 4096004L;
    static final String CASE = "seed " + SEED + " [{index}] {arguments}";
    static final String LOWER = SeededCases.chars('a', 'z');
    static final String KEY_CHARS = LOWER + SeededCases.chars('A', 'Z') + SeededCases.chars('0', '9') + "-_";
    static final int FORMS = 4;

    @ParameterizedTest(name = CASE)
    @MethodSource("keys")
    void normalizingTwiceIsNormalizingOnce(String key) {
        String once = BackendConfig.normalize(key);
        assertThat(BackendConfig.normalize(once)).isEqualTo(once);
    }

    @ParameterizedTest(name = CASE)
    @MethodSource("keys")
    void aNormalKeyIsLowerCaseWithoutDashesOrUnderscoresAndKeepsItsSegments(String key) {
        String normal = BackendConfig.normalize(key);
        assertThat(normal).doesNotContain("-", "_").isEqualTo(normal.toLowerCase(Locale.ROOT));
        assertThat(normal.split("\\.")).hasSameSizeAs(key.split("\\."));
    }

    @ParameterizedTest(name = CASE)
    @MethodSource("relaxedPairs")
    void everyRelaxedFormOfAKeyIsTheSameKey(String key, String sameKey) {
        assertThat(BackendConfig.normalize(key)).isEqualTo(BackendConfig.normalize(sameKey));
    }

    @ParameterizedTest(name = CASE)
    @MethodSource("relaxedPairs")
    void aSettingIsFoundUnderAnyRelaxedFormOfItsKey(String key, String sameKey) {
        BackendConfig config = BackendConfig.of("lab", Map.of(key, "42"));
        assertThat(config.get(sameKey)).isEqualTo("42");
    }

    @ParameterizedTest(name = CASE)
    @MethodSource("differentWords")
    void differentWordsAreDifferentKeys(String a, String b) {
        assertThat(BackendConfig.normalize("polling." + a)).isNotEqualTo(BackendConfig.normalize("polling." + b));
    }

    @Test
    void theFormsSpringAccepts() {
        assertThat(List.of("max-concurrency", "maxConcurrency", "MAX_CONCURRENCY", "max_concurrency"))
                .extracting(BackendConfig::normalize)
                .containsOnly("maxconcurrency");
        assertThat(BackendConfig.normalize("Discovery.Batch-Size")).isEqualTo("discovery.batchsize");
    }

    @Test
    void aBlankValueIsNoSetting() {
        BackendConfig config = BackendConfig.of("lab", Map.of("base-url", " "));
        assertThat(config.get("baseUrl")).isNull();
    }

    /** Dot-separated segments of letters, digits, dashes and underscores, each with at least one letter or digit. */
    static Stream<Arguments> keys() {
        Stream<String> edges = Stream.of(
                "a",
                "Z",
                "0",
                "-a",
                "a-",
                "_a_",
                "--9--",
                "MAX_CONCURRENCY",
                "a.b.c.d",
                "A-_-B.c__D.e--F.G",
                "Größe.Maß-Einheit",
                "İ_KEY");
        return Stream.concat(edges.map(Arguments::of), SeededCases.draw(SEED, r -> Arguments.of(key(r))));
    }

    /**
     * A key of words, written in two relaxed forms: first every pair of forms of a few fixed keys, then random keys in
     * random forms.
     */
    static Stream<Arguments> relaxedPairs() {
        List<List<List<String>>> fixed = List.of(
                List.of(List.of("a")),
                List.of(List.of("max", "concurrency")),
                List.of(List.of("discovery"), List.of("batch", "size")),
                List.of(List.of("iam", "auth"), List.of("x"), List.of("token", "url", "v")));
        List<Arguments> edges = new ArrayList<>();
        for (List<List<String>> words : fixed) {
            for (int f = 0; f < FORMS; f++) {
                for (int g = 0; g < FORMS; g++) {
                    edges.add(Arguments.of(render(words, f), render(words, g)));
                }
            }
        }
        return Stream.concat(edges.stream(), SeededCases.draw(SEED, r -> {
            List<List<String>> words = segmentsOfWords(r);
            return Arguments.of(render(words, r.nextInt(FORMS)), render(words, r.nextInt(FORMS)));
        }));
    }

    static Stream<Arguments> differentWords() {
        Stream<Arguments> edges = Stream.of(
                Arguments.of("a", "b"),
                Arguments.of("a", "aa"),
                Arguments.of("ab", "ba"),
                Arguments.of("z", "zzzzzzzz"));
        return Stream.concat(edges, SeededCases.draw(SEED, r -> {
            String a = word(r);
            String b;
            do {
                b = word(r);
            } while (b.equals(a));
            return Arguments.of(a, b);
        }));
    }

    private static String word(SplittableRandom random) {
        return SeededCases.string(random, LOWER, 1, 8);
    }

    private static String key(SplittableRandom random) {
        int count = random.nextInt(1, 5);
        List<String> segments = new ArrayList<>();
        while (segments.size() < count) {
            String segment = SeededCases.string(random, KEY_CHARS, 1, 10);
            if (segment.chars().anyMatch(Character::isLetterOrDigit)) {
                segments.add(segment);
            }
        }
        return String.join(".", segments);
    }

    /** One to three segments of one to three words each. */
    private static List<List<String>> segmentsOfWords(SplittableRandom random) {
        List<List<String>> segments = new ArrayList<>();
        int count = random.nextInt(1, 4);
        while (segments.size() < count) {
            segments.add(Stream.generate(() -> word(random))
                    .limit(random.nextInt(1, 4))
                    .toList());
        }
        return segments;
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
