package io.sluice.core.connect;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OffloadTest {

    @Test
    void theWorkRunsOnAVirtualThreadAndTheResultIsHandedOverByTheFinisher() throws Exception {
        ExecutorService loop = Executors.newSingleThreadExecutor(r -> new Thread(r, "fake-event-loop"));
        try {
            List<String> finishedOn = new CopyOnWriteArrayList<>();
            Executor finisher = task -> loop.execute(() -> {
                finishedOn.add(Thread.currentThread().getName());
                task.run();
            });
            CompletableFuture<Boolean> ranVirtual = Offload.run("offload-test", () -> Thread.currentThread().isVirtual(), finisher);
            assertThat(ranVirtual.get(5, TimeUnit.SECONDS)).isTrue();
            assertThat(finishedOn).containsExactly("fake-event-loop");
        } finally {
            loop.shutdownNow();
        }
    }

    @Test
    void aFailureReachesTheCallerThroughTheFinisherToo() {
        List<String> finished = new CopyOnWriteArrayList<>();
        CompletableFuture<Object> f = Offload.run("offload-test", () -> {
            throw new IllegalStateException("disk on fire");
        }, task -> {
            finished.add("finisher");
            task.run();
        });
        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).hasRootCauseMessage("disk on fire");
        assertThat(finished).containsExactly("finisher");
    }
}
