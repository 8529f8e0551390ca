package io.sluice.components.processors;

import io.sluice.core.component.Processor;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.sluice.components.processors.Harness.errors;
import static io.sluice.components.processors.Harness.flatTexts;
import static io.sluice.components.processors.Harness.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SwitchProcessorTest {
    private final Harness h = new Harness();

    private static Batch typed(String... types) {
        Batch b = new Batch();
        for (String t : types) b.add(Part.of("{\"type\":\"" + t + "\"}").setMeta("t", t));
        return b;
    }

    private static List<String> tags(List<Batch> out) {
        return flatTexts(out).stream().map(s -> s.replaceAll("\\{\"type\":\"(\\w+)\"}", "$1")).toList();
    }

    @Test
    void eachMessageRunsTheFirstCaseItPassesAndTheLastCaseWithoutCheckCatchesTheRest() throws Exception {
        Processor p = h.processor("""
                switch:
                  - check: this.type == "foo"
                    processors:
                      - append: { suffix: "-foo" }
                  - check: this.type == "bar"
                    processors:
                      - append: { suffix: "-bar" }
                  - processors:
                      - append: { suffix: "-other" }
                """);
        assertThat(tags(run(p, typed("bar", "foo", "baz", "foo"))))
                .containsExactly("bar-bar", "foo-foo", "baz-other", "foo-foo");
    }

    @Test
    void messagesMatchingNoCasePassThroughUnchanged() throws Exception {
        Processor p = h.processor("""
                switch:
                  - check: this.type == "foo"
                    processors:
                      - append: { suffix: "-foo" }
                """);
        assertThat(tags(run(p, typed("bar", "foo")))).containsExactly("bar", "foo-foo");
    }

    @Test
    void fallthroughAlsoRunsTheNextCaseWithoutCheckingIt() throws Exception {
        Processor p = h.processor("""
                switch:
                  - check: this.type == "foo"
                    fallthrough: true
                    processors:
                      - append: { suffix: "-1" }
                  - check: this.type == "never"
                    processors:
                      - append: { suffix: "-2" }
                  - processors:
                      - append: { suffix: "-3" }
                """);
        assertThat(tags(run(p, typed("foo", "bar")))).containsExactly("foo-1-2", "bar-3");
    }

    @Test
    void messagesFallingThroughTheLastCaseAreKept() throws Exception {
        Processor p = h.processor("""
                switch:
                  - fallthrough: true
                    processors:
                      - append: { suffix: "-seen" }
                """);
        assertThat(tags(run(p, typed("a", "b")))).containsExactly("a-seen", "b-seen");
    }

    @Test
    void aFailingCheckFlagsTheMessageAndStopsItsRouting() throws Exception {
        Processor p = h.processor("""
                switch:
                  - check: this.type == "foo"
                    processors:
                      - append: { suffix: "-foo" }
                  - processors:
                      - append: { suffix: "-other" }
                """);
        List<Batch> out = run(p, Batch.of(Part.of("not json"), Part.of("{\"type\":\"foo\"}")));
        assertThat(flatTexts(out)).containsExactly("not json", "{\"type\":\"foo\"}-foo");
        assertThat(errors(out).get(0)).isNotNull();
        assertThat(errors(out).get(1)).isNull();
    }

    @Test
    void aCheckThatIsNotABooleanIsAnError() throws Exception {
        Processor p = h.processor("switch:\n  - check: this.type\n    processors:\n      - noop: {}");
        assertThat(errors(run(p, typed("foo")))).singleElement().asString().contains("expected bool");
    }

    @Test
    void resultKeepsArrivalOrderWhenCasesDropOrSplitMessages() throws Exception {
        Processor p = h.processor("""
                switch:
                  - check: '@t == "x"'
                    processors:
                      - explode: {}
                  - check: '@t == "d"'
                    processors:
                      - drop_if: {}
                """);
        Batch in = Batch.of(Part.of("1").setMeta("t", "y"), Part.of("2a,2b").setMeta("t", "x"), Part.of("3").setMeta("t", "d"),
                Part.of("4").setMeta("t", "y"), Part.of("5a,5b").setMeta("t", "x"));
        List<Batch> out = run(p, in);
        assertThat(out).hasSize(1);
        assertThat(flatTexts(out)).containsExactly("1", "2a", "2b", "4", "5a", "5b");
    }

    @Test
    void switchDropsTheBatchWhenEveryMessageWasDropped() throws Exception {
        Processor p = h.processor("switch:\n  - processors:\n      - drop_if: {}");
        assertThat(run(p, typed("a"))).isEmpty();
    }

    @Test
    void aCaseWithoutProcessorsIsAConfigError() {
        assertThatThrownBy(() -> h.processor("switch:\n  - check: this.type == \"foo\""))
                .isInstanceOf(ConfigException.class).hasMessageContaining("a case needs processors; for a case that changes nothing, use `noop`");
    }
}
