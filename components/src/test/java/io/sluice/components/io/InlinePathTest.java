package io.sluice.components.io;

import io.sluice.core.config.ConfigLoader;
import io.sluice.core.engine.StreamBuilder;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.engine.Stream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's inline path (issue 20) must survive the metric and trace decorators (issue 15): with the default
 * metrics (prometheus) a generate → mapping → drop stream still runs on the reader's thread, and a processor that may
 * block still moves it off.
 */
class InlinePathTest {

    /** With every registered component (mapping comes from bloblang) and the stream's default metrics. */
    private static Stream build(String yaml) throws Exception {
        return new StreamBuilder(ComponentRegistry.global()).build("inline", ConfigLoader.parseRaw(yaml, "test.yaml"));
    }

    @Test
    void meteredCpuOnlyPipelineWithAnInstantOutputRunsInline() throws Exception {
        Stream s = build("""
                input:
                  generate: { count: 1, interval: "", mapping: 'root = {"a": 1}' }
                pipeline:
                  processors:
                    - mapping: 'root.b = this.a + 1'
                output:
                  drop: {}
                """);
        assertThat(s.runsInline()).isTrue();
    }

    @Test
    void aProcessorThatMayBlockKeepsThePipelineThreads() throws Exception {
        Stream s = build("""
                input:
                  generate: { count: 1, interval: "", mapping: 'root = {"a": 1}' }
                pipeline:
                  processors:
                    - sleep: { duration: 1ms }
                output:
                  drop: {}
                """);
        assertThat(s.runsInline()).isFalse();
    }
}
