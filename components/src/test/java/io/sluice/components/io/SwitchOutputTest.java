package io.sluice.components.io;

import io.sluice.components.io.support.CapturingOutput;
import io.sluice.components.io.support.Checks;
import io.sluice.components.io.support.TestKit;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SwitchOutputTest {
    private static final ComponentLog LOG = new ComponentLog("test", "test", "", "");
    private final CapturingOutput foo = new CapturingOutput();
    private final CapturingOutput bar = new CapturingOutput();
    private final CapturingOutput rest = new CapturingOutput();

    @Test
    void eachMessageGoesToTheFirstCaseItPasses() throws Exception {
        SwitchOutput out = new SwitchOutput(List.of(
                new SwitchOutput.Case(Checks.textIs("foo"), foo, false),
                new SwitchOutput.Case(Checks.textIs("bar"), bar, false),
                new SwitchOutput.Case(null, rest, false)), false, false, LOG);

        out.write(Batch.ofTexts("foo", "bar", "baz", "foo"));

        assertThat(foo.batches()).singleElement().satisfies(b -> assertThat(b.size()).isEqualTo(2));
        assertThat(bar.texts()).containsExactly("bar");
        assertThat(rest.texts()).containsExactly("baz");
    }

    @Test
    void continueAlsoTestsTheNextCases() throws Exception {
        SwitchOutput out = new SwitchOutput(List.of(
                new SwitchOutput.Case(Checks.textIs("foo"), foo, true),
                new SwitchOutput.Case(null, rest, false)), false, false, LOG);

        out.write(Batch.ofTexts("foo"));

        assertThat(foo.texts()).containsExactly("foo");
        assertThat(rest.texts()).containsExactly("foo");
    }

    @Test
    void messagesNoCasePassesAreDroppedByDefault() throws Exception {
        SwitchOutput out = new SwitchOutput(List.of(
                new SwitchOutput.Case(Checks.textIs("foo"), foo, false),
                new SwitchOutput.Case(Checks.textIs("bar"), bar, false)), false, false, LOG);

        out.write(Batch.ofTexts("other"));

        assertThat(foo.attempts() + bar.attempts()).isZero();
    }

    @Test
    void inStrictModeAMessageNoCasePassesFailsTheBatch() {
        SwitchOutput out = new SwitchOutput(List.of(
                new SwitchOutput.Case(Checks.textIs("foo"), foo, false),
                new SwitchOutput.Case(Checks.textIs("bar"), bar, false)), false, true, LOG);

        assertThatThrownBy(() -> out.write(Batch.ofTexts("foo", "other"))).hasMessageContaining("no switch output conditions were met");
        assertThat(foo.attempts()).as("nothing is sent when the batch fails the checks").isZero();
    }

    @Test
    void aCheckThatFailsCountsAsNotPassing() throws Exception {
        SwitchOutput out = new SwitchOutput(List.of(
                new SwitchOutput.Case(Checks.failing("no such field"), foo, false),
                new SwitchOutput.Case(null, rest, false)), false, false, LOG);

        out.write(Batch.ofTexts("x"));

        assertThat(foo.attempts()).isZero();
        assertThat(rest.texts()).containsExactly("x");
    }

    @Test
    void aFailingCaseOutputFailsTheWholeBatch() {
        bar.failFirst(1);
        SwitchOutput out = new SwitchOutput(List.of(
                new SwitchOutput.Case(Checks.textIs("foo"), foo, false),
                new SwitchOutput.Case(Checks.textIs("bar"), bar, false)), false, false, LOG);

        assertThatThrownBy(() -> out.write(Batch.ofTexts("foo", "bar"))).hasMessage("capture refused the batch");
        assertThat(foo.texts()).containsExactly("foo");
    }

    @Test
    void retryUntilSuccessRetriesAFailingCaseInsteadOfFailingTheBatch() throws Exception {
        bar.failFirst(1);
        SwitchOutput out = new SwitchOutput(List.of(
                new SwitchOutput.Case(Checks.textIs("foo"), foo, false),
                new SwitchOutput.Case(Checks.textIs("bar"), bar, false)), true, false, LOG);

        out.write(Batch.ofTexts("foo", "bar"));

        assertThat(foo.texts()).containsExactly("foo");
        assertThat(bar.texts()).containsExactly("bar");
        assertThat(bar.attempts()).isEqualTo(2);
    }

    @Test
    void eachCaseGetsItsOwnCopyOfAMessage() throws Exception {
        CapturingOutput mutating = new CapturingOutput() {
            @Override
            public void write(Batch batch) throws Exception {
                batch.get(0).setText("changed");
                super.write(batch);
            }
        };
        SwitchOutput out = new SwitchOutput(List.of(
                new SwitchOutput.Case(null, mutating, true),
                new SwitchOutput.Case(null, rest, false)), false, false, LOG);

        out.write(Batch.ofTexts("original"));

        assertThat(rest.texts()).containsExactly("original");
    }

    @Test
    void fewerThanTwoCasesIsAConfigError() {
        assertThatThrownBy(() -> new TestKit().build("""
                input:
                  generate: { mapping: 'root = "x"' }
                output:
                  switch:
                    cases:
                      - output:
                          drop: {}
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("at least two cases");
    }

    @Test
    void casesAreConfiguredWithBloblangChecks() throws Exception {
        CapturingOutput as = new CapturingOutput();
        CapturingOutput bs = new CapturingOutput();
        new TestKit().output("as", as).output("bs", bs).run("""
                input:
                  generate:
                    count: 1
                    interval: ""
                    mapping: 'root = "b"'
                output:
                  switch:
                    cases:
                      - check: content() == "a"
                        output:
                          as: {}
                      - check: content() == "b"
                        output:
                          bs: {}
                """, Duration.ofSeconds(5));

        assertThat(as.texts()).isEmpty();
        assertThat(bs.texts()).containsExactly("b");
    }
}
