package io.sluice.components.processors;

import io.sluice.core.config.ConfigLoader;
import io.sluice.core.engine.Stream;
import io.sluice.core.engine.StreamBuilder;
import io.sluice.core.registry.ComponentRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Processors that only compute say so ({@code mayBlock() == false}), so a pipeline of them runs on the
 * reader's thread (issue 20); a composite is as blocking as the processors it holds.
 */
class CpuOnlyProcessorsTest {

    private static Stream build(String processors) throws Exception {
        return new StreamBuilder(ComponentRegistry.global()).build("cpu-only", ConfigLoader.parseRaw("""
                input:
                  generate: { count: 1, interval: "", mapping: 'root = {"a": 1}' }
                pipeline:
                  processors:
                %s
                output:
                  drop: {}
                """.formatted(processors.indent(4)), "test.yaml"));
    }

    @Test
    void computingProcessorsRunInline() throws Exception {
        Stream s = build("""
                - jq: { query: '.b = .a' }
                - jmespath: { query: 'a' }
                - bounds_check: {}
                - compress: { algorithm: gzip }
                - decompress: { algorithm: gzip }
                - split: { size: 1 }
                - noop: {}
                """);
        assertThat(s.runsInline()).isTrue();
    }

    @Test
    void compositesOfComputingProcessorsRunInline() throws Exception {
        Stream s = build("""
                - catch: [ { mapping: 'root = this' } ]
                - try: [ { noop: {} } ]
                - switch:
                    - check: 'this.a == 1'
                      processors: [ { mapping: 'root.b = 2' } ]
                - for_each: [ { noop: {} } ]
                """);
        assertThat(s.runsInline()).isTrue();
    }

    @Test
    void aCompositeHoldingAProcessorThatMayBlockKeepsThePipelineThreads() throws Exception {
        Stream s = build("""
                - catch: [ { mapping: 'root = this' } ]
                - switch:
                    - check: 'this.a == 1'
                      processors: [ { sleep: { duration: 1ms } } ]
                """);
        assertThat(s.runsInline()).isFalse();
    }
}
