package io.sluice.components.processors;

import io.sluice.core.component.Processor;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.sluice.components.processors.Harness.flatTexts;
import static io.sluice.components.processors.Harness.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WhileProcessorTest {
    private final Harness h = new Harness();

    @Test
    void repeatsWhileTheCheckHolds() throws Exception {
        Processor p = h.processor("while:\n  check: content().length() < 4\n  processors:\n    - append: { suffix: x }");
        assertThat(flatTexts(run(p, Batch.ofTexts("a")))).containsExactly("axxx");
    }

    @Test
    void doesNotRunWhenTheCheckFailsAtOnceUnlessAtLeastOnce() throws Exception {
        Processor plain = h.processor("while:\n  check: content().length() < 1\n  processors:\n    - append: { suffix: x }");
        Processor once = h.processor("while:\n  at_least_once: true\n  check: content().length() < 1\n  processors:\n    - append: { suffix: x }");
        assertThat(flatTexts(run(plain, Batch.ofTexts("a")))).containsExactly("a");
        assertThat(flatTexts(run(once, Batch.ofTexts("a")))).containsExactly("ax");
    }

    @Test
    void maxLoopsCapsTheLoop() throws Exception {
        Processor p = h.processor("while:\n  check: 'true'\n  max_loops: 3\n  processors:\n    - append: { suffix: x }");
        assertThat(flatTexts(run(p, Batch.ofTexts("a")))).containsExactly("axxx");
    }

    @Test
    void theCheckLooksAtTheFirstMessageOfTheBatch() throws Exception {
        Processor p = h.processor("while:\n  check: content().length() < 3\n  processors:\n    - append: { suffix: x }");
        assertThat(flatTexts(run(p, Batch.ofTexts("a", "bbbbb")))).containsExactly("axx", "bbbbbxx");
    }

    @Test
    void aFailingCheckEndsTheLoop() throws Exception {
        Processor p = h.processor("while:\n  at_least_once: true\n  check: this.more\n  processors:\n    - append: { suffix: x }");
        // "ax" is not JSON, so the check fails after the first loop and counts as false.
        assertThat(flatTexts(run(p, Batch.ofTexts("a")))).containsExactly("ax");
    }

    @Test
    void endsWhenTheChildrenLeaveNoMessages() throws Exception {
        Processor p = h.processor("while:\n  check: 'true'\n  processors:\n    - drop_if: {}");
        assertThat(run(p, Batch.ofTexts("a"))).isEmpty();
    }

    @Test
    void requiresACheck() {
        assertThatThrownBy(() -> h.processor("while:\n  processors:\n    - noop: {}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("a check query is required");
    }

    @Test
    void loopsOverEveryBatchTheChildrenProduced() throws Exception {
        Processor p = h.processor("while:\n  check: 'true'\n  max_loops: 2\n  processors:\n    - split: { size: 1 }\n    - append: { suffix: x }");
        List<Batch> out = run(p, Batch.of(Part.of("a"), Part.of("b")));
        assertThat(out).hasSize(2);
        assertThat(flatTexts(out)).containsExactly("axx", "bxx");
    }
}
