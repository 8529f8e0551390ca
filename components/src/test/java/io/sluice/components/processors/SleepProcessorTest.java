package io.sluice.components.processors;

import io.sluice.core.component.Processor;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.sluice.components.processors.Harness.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SleepProcessorTest {
    private final Harness h = new Harness();

    @Test
    void sleepsTheDurationForEachMessage() throws Exception {
        Processor p = h.processor("sleep:\n  duration: 30ms");
        long start = System.nanoTime();
        Batch in = Batch.ofTexts("a", "b");
        assertThat(run(p, in)).containsExactly(in);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(60);
    }

    @Test
    void interpolatesTheDurationPerMessageAndSkipsOnesThatDoNotParse() throws Exception {
        Processor p = h.processor("sleep:\n  duration: '${! @delay }'");
        Batch in = Batch.of(Part.of("a").setMeta("delay", "not a duration"), Part.of("b").setMeta("delay", "1ms"));
        assertThat(run(p, in)).containsExactly(in);
    }

    @Test
    void rejectsAStaticDurationThatDoesNotParse() {
        assertThatThrownBy(() -> h.processor("sleep:\n  duration: soon"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("invalid duration 'soon'");
    }

    @Test
    void closingWakesASleeperAndAbortsItsBatch() throws Exception {
        Processor p = h.processor("sleep:\n  duration: 1h");
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                p.process(Batch.ofTexts("a"));
                return null;
            } catch (InterruptedException e) {
                return e;
            }
        });
        Thread.sleep(50);
        p.close();
        assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    }
}
