package io.opgate.contracts;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Random inputs for the property tests, drawn from a fixed seed: every run tries the same cases, so a case that fails
 * once fails again on the next run (and under the same index) until it is fixed. A test class that draws cases
 * registers {@link NameTheCase}, so that a failure names its seed and inputs.
 */
public final class SeededCases {

    /** Random cases per property; each test adds the edge cases of its own input space. */
    public static final int COUNT = 300;

    private SeededCases() {}

    /** {@link #COUNT} cases, drawn one after another from one random source started at {@code seed}. */
    public static Stream<Arguments> draw(long seed, Function<SplittableRandom, Arguments> oneCase) {
        SplittableRandom random = new SplittableRandom(seed);
        return Stream.generate(() -> oneCase.apply(random)).limit(COUNT);
    }

    /** A string of {@code minLength} to {@code maxLength} characters, each one of {@code alphabet}. */
    public static String string(SplittableRandom random, String alphabet, int minLength, int maxLength) {
        int length = random.nextInt(minLength, maxLength + 1);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    /** The characters from {@code first} to {@code last}, both included: a part of an alphabet. */
    public static String chars(char first, char last) {
        StringBuilder out = new StringBuilder();
        for (char c = first; c <= last; c++) {
            out.append(c);
        }
        return out.toString();
    }

    public static <T> T oneOf(SplittableRandom random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** Null one time in five, else {@code value}: often enough that every nullable input meets null many times. */
    public static <T> @Nullable T orNull(SplittableRandom random, T value) {
        return random.nextInt(5) == 0 ? null : value;
    }

    /**
     * Starts a failure's message with the name of the case that failed (its seed, index and inputs, as the test's
     * {@code name} pattern gives them): a build log names a parameterized case by its index alone.
     */
    public static final class NameTheCase implements TestExecutionExceptionHandler {
        @Override
        public void handleTestExecutionException(ExtensionContext context, Throwable failure) {
            String name = context.getDisplayName();
            // An unexpected exception stays the cause, so that its type shows.
            AssertionError named = failure instanceof AssertionError
                    ? new AssertionError(name + ": " + failure.getMessage())
                    : new AssertionError(name, failure);
            named.setStackTrace(failure.getStackTrace());
            throw named;
        }
    }
}
