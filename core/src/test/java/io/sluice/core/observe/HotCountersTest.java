package io.sluice.core.observe;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

class HotCountersTest {

    @Test
    void theFirstThreadOwnsThePlainSlotsAndOthersStillCountExactly() throws Exception {
        HotCounters counts = new HotCounters(2);
        assertThat(counts.owns()).isTrue();
        counts.add(true, 0, 5);
        counts.add(true, 1, 1);

        int threads = 4;
        int perThread = 100_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> others = new ArrayList<>();
        List<Boolean> owned = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            others.add(Thread.ofPlatform().start(() -> {
                await(start);
                boolean owner = counts.owns();
                synchronized (owned) {
                    owned.add(owner);
                }
                for (int i = 0; i < perThread; i++) counts.add(owner, 0, 1);
            }));
        }
        // the owner keeps counting while the others do
        start.countDown();
        for (int i = 0; i < perThread; i++) counts.add(counts.owns(), 0, 1);
        for (Thread t : others) t.join();

        assertThat(owned).containsOnly(false);
        assertThat(counts.sum(0)).isEqualTo(5 + (long) (threads + 1) * perThread);
        assertThat(counts.sum(1)).isEqualTo(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
