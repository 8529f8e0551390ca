package io.sluice.components.processors;

import io.sluice.core.component.Processor;
import io.sluice.core.message.Batch;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.sluice.components.processors.Harness.flatTexts;
import static io.sluice.components.processors.Harness.run;
import static io.sluice.testkit.TestKit.await;
import static org.assertj.core.api.Assertions.assertThat;

class ForEachAndParallelProcessorsTest {
    private final Harness h = new Harness();

    @Test
    void forEachFeedsEachMessageToItsProcessorsAsABatchOfOne() throws Exception {
        Processor p = h.processor("for_each:\n  - record: {}");
        run(p, Batch.ofTexts("a", "b", "c"));
        assertThat(h.recorder.batches).containsExactly(List.of("a"), List.of("b"), List.of("c"));
    }

    @Test
    void forEachGathersResultsIntoOneBatchInOrder() throws Exception {
        Processor p = h.processor("for_each:\n  - explode: {}\n  - drop_if: { contains: \"-\" }");
        List<Batch> out = run(p, Batch.ofTexts("a,b", "-", "c"));
        assertThat(out).hasSize(1);
        assertThat(flatTexts(out)).containsExactly("a", "b", "c");
    }

    @Test
    void forEachDropsTheBatchWhenNothingIsLeft() throws Exception {
        assertThat(run(h.processor("for_each:\n  - drop_if: {}"), Batch.ofTexts("a", "b"))).isEmpty();
    }

    @Test
    void parallelProcessesMessagesConcurrentlyAndKeepsTheirOrder() throws Exception {
        // Each call waits until all six run at once: one after another, the first would never see that.
        Processor p = h.processor("parallel:\n  processors:\n    - record: { await_in_flight: 6 }\n    - append: { suffix: \"!\" }");
        List<Batch> out = run(p, Batch.ofTexts("a", "b", "c", "d", "e", "f"));
        assertThat(flatTexts(out)).containsExactly("a!", "b!", "c!", "d!", "e!", "f!");
        assertThat(h.recorder.maxInFlight.get()).isEqualTo(6);
    }

    @Test
    void parallelCapLimitsHowManyRunAtOnce() throws Exception {
        Processor p = h.processor("parallel:\n  cap: 2\n  processors:\n    - record: { await_in_flight: 2, millis: 20 }");
        run(p, Batch.ofTexts("a", "b", "c", "d", "e"));
        assertThat(h.recorder.maxInFlight.get()).as("two at once, never more").isEqualTo(2);
        assertThat(h.recorder.batches).hasSize(5).allSatisfy(b -> assertThat(b).hasSize(1));
    }

    @Test
    void parallelStopsWaitingWhenInterrupted() throws Exception {
        Processor p = h.processor("parallel:\n  processors:\n    - sleep: { duration: 1h }");
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                p.process(Batch.ofTexts("a", "b"));
            } catch (InterruptedException expected) {
                // the test interrupts this call
            }
        });
        await("the call to wait for its children", Duration.ofSeconds(10),
                () -> caller.getState() == Thread.State.WAITING || caller.getState() == Thread.State.TIMED_WAITING);
        caller.interrupt();
        caller.join(2000);
        assertThat(caller.isAlive()).isFalse();
    }
}
