package io.opgate.gateway.api;

import io.opgate.contracts.model.Operation;
import java.util.function.Function;

/**
 * What is made from an operation (its JSON, for instance), made once per change however many clients ask for it
 * ({@link InstanceMemo}; operations are immutable, so the same instance always makes the same thing).
 *
 * @param <T> what is made
 */
final class OperationMemo<T> {

    private final InstanceMemo<Operation, T> memo;

    OperationMemo(Function<Operation, T> make) {
        this.memo = new InstanceMemo<>(Operation::id, make);
    }

    T get(Operation operation) {
        return memo.get(operation);
    }
}
