package io.sluice.components.io;

import io.sluice.components.io.support.CapturingOutput;
import io.sluice.components.io.support.TestKit;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FallbackOutputTest {
    private static final ComponentLog LOG = new ComponentLog("test", "test", "", "");

    @Test
    void theFirstOutputThatAcceptsTheBatchEndsTheAttempt() throws Exception {
        CapturingOutput first = new CapturingOutput();
        CapturingOutput second = new CapturingOutput();

        new FallbackOutput(List.of(first, second), LOG).write(Batch.ofTexts("m"));

        assertThat(first.texts()).containsExactly("m");
        assertThat(second.attempts()).isZero();
    }

    @Test
    void aFailedTierHandsTheBatchOnWithTheErrorInMetadata() throws Exception {
        CapturingOutput first = new CapturingOutput().failFirst(1).failWith("primary is down");
        CapturingOutput second = new CapturingOutput();

        new FallbackOutput(List.of(first, second), LOG).write(Batch.ofTexts("m"));

        assertThat(second.texts()).containsExactly("m");
        assertThat(second.parts().get(0).meta("fallback_error")).isEqualTo("primary is down");
    }

    @Test
    void eachTierGetsTheOriginalBatchNotWhatAnEarlierTierChanged() throws Exception {
        CapturingOutput mutatingFailing = new CapturingOutput() {
            @Override
            public void write(Batch batch) throws Exception {
                batch.get(0).setText("mangled");
                throw new Exception("failed after mangling");
            }
        };
        CapturingOutput second = new CapturingOutput();

        new FallbackOutput(List.of(mutatingFailing, second), LOG).write(Batch.ofTexts("original"));

        assertThat(second.texts()).containsExactly("original");
    }

    @Test
    void whenEveryTierFailsTheLastErrorRejectsTheBatch() {
        CapturingOutput first = new CapturingOutput().failFirst(1).failWith("first failed");
        CapturingOutput second = new CapturingOutput().failFirst(1).failWith("second failed");

        assertThatThrownBy(() -> new FallbackOutput(List.of(first, second), LOG).write(Batch.ofTexts("m")))
                .hasMessage("second failed");
    }

    @Test
    void theConfigIsAListOfOutputs() throws Exception {
        CapturingOutput dlq = new CapturingOutput();
        new TestKit().output("dlq", dlq).run("""
                input:
                  generate:
                    count: 1
                    interval: ""
                    mapping: 'root = "m"'
                output:
                  fallback:
                    - reject: primary refused it
                    - dlq: {}
                """, Duration.ofSeconds(5));

        assertThat(dlq.parts()).singleElement().satisfies(p -> assertThat(p.meta("fallback_error")).isEqualTo("primary refused it"));
    }

    @Test
    void anEmptyFallbackIsAConfigError() {
        assertThatThrownBy(() -> new TestKit().build("""
                input:
                  generate: { mapping: 'root = "x"' }
                output:
                  fallback: []
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("at least one output");
    }
}
