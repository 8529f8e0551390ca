package io.sluice.components.io;

import io.sluice.components.io.support.CapturingOutput;
import io.sluice.components.io.support.TestKit;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.regex.Regex;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DropOnOutputTest {
    private static final ComponentLog LOG = new ComponentLog("test", "test", "", "");

    @Test
    void withErrorTrueAFailedWriteIsDroppedInsteadOfRejected() {
        CapturingOutput child = new CapturingOutput().failFirst(1);
        DropOnOutput out = new DropOnOutput(child, true, List.of(), null, LOG);

        assertThatCode(() -> out.write(Batch.ofTexts("m"))).doesNotThrowAnyException();
        assertThat(child.attempts()).isEqualTo(1);
    }

    @Test
    void anErrorMatchingAPatternIsDropped() {
        CapturingOutput child = new CapturingOutput().failFirst(1).failWith("status 404: not found");
        DropOnOutput out = new DropOnOutput(child, false, List.of(Regex.compile("40[0-9]")), null, LOG);

        assertThatCode(() -> out.write(Batch.ofTexts("m"))).doesNotThrowAnyException();
    }

    @Test
    void patternsAreWrittenInGoSyntax() {
        CapturingOutput child = new CapturingOutput().failFirst(1).failWith("status 404: not found");
        DropOnOutput out = new DropOnOutput(child, false, List.of(Regex.compile("(?P<code>40[0-9]):")), null, LOG);

        assertThatCode(() -> out.write(Batch.ofTexts("m"))).doesNotThrowAnyException();
        assertThat(child.attempts()).isEqualTo(1);
    }

    @Test
    void anErrorMatchingNoPatternStillRejectsTheBatch() {
        CapturingOutput child = new CapturingOutput().failFirst(1).failWith("status 503");
        DropOnOutput out = new DropOnOutput(child, false, List.of(Regex.compile("40[0-9]")), null, LOG);

        assertThatThrownBy(() -> out.write(Batch.ofTexts("m"))).hasMessage("status 503");
    }

    @Test
    void successfulWritesPassThrough() throws Exception {
        CapturingOutput child = new CapturingOutput();
        DropOnOutput out = new DropOnOutput(child, true, List.of(), null, LOG);

        out.write(Batch.ofTexts("m"));

        assertThat(child.texts()).containsExactly("m");
    }

    @Test
    void aWriteBlockedLongerThanBackPressureIsDroppedAndLaterOnesAreDroppedAtOnceUntilTheOutputFrees() throws Exception {
        CapturingOutput child = new CapturingOutput() {
            @Override
            public void write(Batch batch) throws Exception {
                if (CapturingOutput.contains(batch, "stuck")) Thread.sleep(300);
                super.write(batch);
            }
        };
        DropOnOutput out = new DropOnOutput(child, true, List.of(), Duration.ofMillis(50), LOG);

        long start = System.nanoTime();
        out.write(Batch.ofTexts("stuck"));
        out.write(Batch.ofTexts("dropped at once"));
        long elapsed = System.nanoTime() - start;
        Thread.sleep(400);
        out.write(Batch.ofTexts("after recovery"));

        assertThat(Duration.ofNanos(elapsed)).isLessThan(Duration.ofMillis(250));
        assertThat(child.texts()).containsExactly("stuck", "after recovery");
    }

    @Test
    void backPressureWithErrorFalseRejectsTheBatch() {
        CapturingOutput child = new CapturingOutput().slow(Duration.ofMillis(300));
        DropOnOutput out = new DropOnOutput(child, false, List.of(), Duration.ofMillis(30), LOG);

        assertThatThrownBy(() -> out.write(Batch.ofTexts("m"))).hasMessageContaining("experienced back pressure beyond: 30ms");
    }

    @Test
    void errorPatternsBesideErrorTrueIsAConfigError() {
        assertThatThrownBy(() -> new TestKit().build("""
                input:
                  generate: { mapping: 'root = "x"' }
                output:
                  drop_on:
                    error: true
                    error_patterns: [ "foo" ]
                    output:
                      drop: {}
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("ineffective");
    }

    @Test
    void anInvalidErrorPatternIsAConfigError() {
        assertThatThrownBy(() -> new TestKit().build("""
                input:
                  generate: { mapping: 'root = "x"' }
                output:
                  drop_on:
                    error_patterns: [ "(unclosed" ]
                    output:
                      drop: {}
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("error_patterns.0");
    }
}
