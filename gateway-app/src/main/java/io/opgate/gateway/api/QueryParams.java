package io.opgate.gateway.api;

import io.opgate.contracts.model.OperationState;
import io.opgate.gateway.store.OperationFilter;
import io.opgate.gateway.tracking.OperationIds;
import io.opgate.gateway.tracking.OperationProblem;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.util.MultiValueMap;

/** Reads and checks query parameters, each mistake with its own 400 message. */
final class QueryParams {

    static final int MAX_WAIT_SECONDS = 120;
    static final int DEFAULT_PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE = 500;

    private QueryParams() {}

    static String id(String id) {
        if (!OperationIds.isWellFormed(id)) {
            throw OperationProblem.invalid("an operation id has 1 to 128 characters of A-Z, a-z, 0-9, '_' and '-'");
        }
        return id;
    }

    static Duration waitFor(@Nullable String wait) {
        if (wait == null) {
            return Duration.ZERO;
        }
        long seconds = wholeNumber("wait", wait);
        if (seconds < 0 || seconds > MAX_WAIT_SECONDS) {
            throw OperationProblem.invalid("wait must be between 0 and " + MAX_WAIT_SECONDS + " seconds");
        }
        return Duration.ofSeconds(seconds);
    }

    static @Nullable Long version(String name, @Nullable String value) {
        if (value == null) {
            return null;
        }
        long version = wholeNumber(name, value);
        if (version < 0) {
            throw OperationProblem.invalid(name + " must not be negative");
        }
        return version;
    }

    /**
     * The all-operations stream's resume cursor as given, or a cursor that is surely unknown (so the stream starts
     * with {@code event: reset}) when it is blank or longer than any cursor.
     */
    static @Nullable String cursor(@Nullable String lastEventId) {
        if (lastEventId != null && (lastEventId.isBlank() || lastEventId.length() > 64)) {
            return "invalid";
        }
        return lastEventId;
    }

    static boolean fullView(@Nullable String view) {
        if (view == null || view.equals("default")) {
            return false;
        }
        if (view.equals("full")) {
            return true;
        }
        throw OperationProblem.invalid("view must be 'full' or 'default'");
    }

    static int pageSize(@Nullable String value) {
        if (value == null) {
            return DEFAULT_PAGE_SIZE;
        }
        long size = wholeNumber("pageSize", value);
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw OperationProblem.invalid("pageSize must be between 1 and " + MAX_PAGE_SIZE);
        }
        return (int) size;
    }

    static @Nullable String pageToken(@Nullable String token) {
        if (token != null && (token.isEmpty() || token.length() > 400)) {
            throw OperationProblem.invalid("pageToken is not a token this gateway issued");
        }
        return token;
    }

    /** The list and stream filters: {@code backend}, {@code state} (repeatable), {@code done}, {@code label=k:v}. */
    static OperationFilter filter(MultiValueMap<String, String> query) {
        String backend = single(query, "backend");
        Set<OperationState> states = EnumSet.noneOf(OperationState.class);
        for (String state : query.getOrDefault("state", List.of())) {
            for (String each : state.split(",")) {
                try {
                    states.add(OperationState.valueOf(each.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw OperationProblem.invalid("state must be one of " + List.of(OperationState.values()));
                }
            }
        }
        String done = single(query, "done");
        Boolean doneFilter = null;
        if (done != null) {
            if (!done.equals("true") && !done.equals("false")) {
                throw OperationProblem.invalid("done must be true or false");
            }
            doneFilter = Boolean.valueOf(done);
        }
        Set<OperationState> narrowed = OperationFilter.statesWithDone(states, doneFilter);
        Map<String, String> labels = new LinkedHashMap<>();
        List<String> labelParams = query.getOrDefault("label", List.of());
        if (labelParams.size() > RegisterCommand.MAX_LABELS) {
            throw OperationProblem.invalid("at most " + RegisterCommand.MAX_LABELS + " label filters");
        }
        for (String label : labelParams) {
            int colon = label.indexOf(':');
            if (colon < 1) {
                throw OperationProblem.invalid("label filters are written label=key:value");
            }
            labels.put(label.substring(0, colon), label.substring(colon + 1));
        }
        // When state and done exclude each other nothing matches, which is an answer, not an error.
        return new OperationFilter(null, backend, narrowed, labels);
    }

    private static @Nullable String single(MultiValueMap<String, String> query, String name) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw OperationProblem.invalid(name + " may be given once");
        }
        return values.get(0);
    }

    private static long wholeNumber(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw OperationProblem.invalid(name + " must be a whole number");
        }
    }
}
