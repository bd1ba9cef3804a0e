package io.opgate.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InstanceMemoTest {

    record Change(String id, int version) {}

    @Test
    void clientsAskingAtTheSameMomentOnManyThreadsGetOneMaking() throws Exception {
        AtomicInteger makings = new AtomicInteger();
        InstanceMemo<Change, String> memo = new InstanceMemo<>(Change::id, change -> {
            makings.incrementAndGet();
            return change.id() + "@" + change.version();
        });
        Change change = new Change("op", 1);
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                answers.add(clients.submit(() -> {
                    go.await();
                    return memo.get(change);
                }));
            }
            go.countDown();
            for (Future<String> answer : answers) {
                assertThat(answer.get()).isEqualTo("op@1");
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(makings).hasValue(1);
        // An equal but other instance is another change: made again.
        assertThat(memo.get(new Change("op", 1))).isEqualTo("op@1");
        assertThat(makings).hasValue(2);
    }
}
