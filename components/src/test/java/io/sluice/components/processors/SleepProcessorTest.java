package io.sluice.components.processors;

import io.sluice.core.component.Processor;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.sluice.components.processors.Harness.run;
import static io.sluice.testkit.TestKit.await;
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
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread sleeper = Thread.ofPlatform().start(() -> {
            try {
                p.process(Batch.ofTexts("a"));
            } catch (InterruptedException e) {
                outcome.set(e);
            }
        });
        await("the processor to sleep", Duration.ofSeconds(10), () -> sleeper.getState() == Thread.State.TIMED_WAITING);
        p.close();
        sleeper.join(Duration.ofSeconds(5));
        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
    }
}
