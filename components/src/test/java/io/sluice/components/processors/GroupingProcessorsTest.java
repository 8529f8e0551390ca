package io.sluice.components.processors;

import io.sluice.core.component.Processor;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.sluice.components.processors.Harness.run;
import static io.sluice.components.processors.Harness.texts;
import static org.assertj.core.api.Assertions.assertThat;

/** group_by and group_by_value. */
class GroupingProcessorsTest {
    private final Harness h = new Harness();

    private static Batch tagged(String... tags) {
        Batch b = new Batch();
        for (int i = 0; i < tags.length; i++) b.add(Part.of(tags[i] + i).setMeta("t", tags[i]));
        return b;
    }

    @Test
    void groupByFormsOneBatchPerGroupInGroupOrderAndTheUngroupedLast() throws Exception {
        Processor p = h.processor("""
                group_by:
                  - check: '@t == "a"'
                  - check: '@t == "b"'
                    processors:
                      - append: { suffix: "-b" }
                """);
        List<Batch> out = run(p, tagged("c", "b", "a", "b", "c", "a"));
        assertThat(texts(out)).containsExactly(List.of("a2", "a5"), List.of("b1-b", "b3-b"), List.of("c0", "c4"));
    }

    @Test
    void groupByPutsAMessageInTheFirstGroupItMatches() throws Exception {
        Processor p = h.processor("group_by:\n  - check: 'true'\n  - check: '@t == \"a\"'");
        assertThat(texts(run(p, tagged("a", "b")))).containsExactly(List.of("a0", "b1"));
    }

    @Test
    void groupByTreatsAFailingCheckAsNoMatch() throws Exception {
        Processor p = h.processor("group_by:\n  - check: this.type == \"x\"");
        // Plain text is not JSON, so the check fails and the message stays ungrouped.
        assertThat(texts(run(p, Batch.ofTexts("plain")))).containsExactly(List.of("plain"));
    }

    @Test
    void groupByValueGroupsByTheInterpolatedValueInOrderOfFirstAppearance() throws Exception {
        Processor p = h.processor("group_by_value:\n  value: '${! @t }'");
        assertThat(texts(run(p, tagged("x", "y", "x", "z", "y"))))
                .containsExactly(List.of("x0", "x2"), List.of("y1", "y4"), List.of("z3"));
    }

    @Test
    void groupByValueWithAStaticValueKeepsOneBatch() throws Exception {
        Processor p = h.processor("group_by_value:\n  value: all");
        assertThat(texts(run(p, tagged("x", "y")))).containsExactly(List.of("x0", "y1"));
    }
}
