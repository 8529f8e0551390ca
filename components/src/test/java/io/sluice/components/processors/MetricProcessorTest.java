package io.sluice.components.processors;

import io.sluice.core.builtin.CoreComponents;
import io.sluice.core.component.EndOfInputException;
import io.sluice.core.component.Input;
import io.sluice.core.component.Output;
import io.sluice.core.component.Transaction;
import io.sluice.core.config.ConfigException;
import io.sluice.core.config.ConfigLoader;
import io.sluice.core.engine.StreamBuilder;
import io.sluice.core.message.Batch;
import io.sluice.core.observe.ProcessMetrics;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.FieldSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code metric} processor in a running stream, read back from the process registry's Prometheus text. */
class MetricProcessorTest {
    private final ComponentRegistry registry = new ComponentRegistry();

    MetricProcessorTest() {
        new CoreComponents().register(registry);
        new ProcessorComponents().register(registry);
        registry.register(ComponentSpec.input("texts").fields(FieldSpec.stringList("messages")), (conf, ctx) -> {
            Deque<String> left = new ArrayDeque<>(conf.stringList("messages"));
            return (Input) () -> {
                String next = left.poll();
                if (next == null) throw new EndOfInputException();
                return new Transaction(Batch.ofTexts(next), err -> { });
            };
        });
        registry.register(ComponentSpec.of("discard", ComponentKind.OUTPUT).fields(), (conf, ctx) -> (Output) batch -> { });
    }

    private void run(String name, String processors) throws Exception {
        String yaml = """
                input:
                  texts:
                    messages: ['{"region":"eu","amount":5,"ms":2000000}', '{"region":"us","amount":7,"ms":1000000}', '{"region":"eu","amount":1,"ms":3000000}']
                pipeline:
                  threads: 1
                  processors:
                %s
                output:
                  discard: {}
                """.formatted(processors.indent(4));
        new StreamBuilder(registry).build(name, ConfigLoader.parseRaw(yaml, name + ".yaml")).start().done().get(10, TimeUnit.SECONDS);
    }

    private static String line(String prefix) {
        return ProcessMetrics.prometheusText().lines().filter(l -> l.startsWith(prefix)).findFirst().orElse("(none: " + prefix + ")");
    }

    @Test
    void countersGaugesAndTimingsWithLabelsFromTheMessage() throws Exception {
        run("metric-proc", """
                - metric:
                    type: counter
                    name: mp_orders
                    labels:
                      region: ${! this.region }
                - metric:
                    type: counter_by
                    name: mp_amount
                    labels:
                      region: ${! this.region }
                    value: ${! this.amount }
                - metric:
                    type: gauge
                    name: mp_last_amount
                    value: ${! this.amount }
                - metric:
                    type: timing
                    name: mp_duration
                    value: ${! this.ms }
                """);
        assertThat(line("mp_orders_total{region=\"eu\"")).isEqualTo("mp_orders_total{region=\"eu\",stream=\"metric-proc\"} 2.0");
        assertThat(line("mp_orders_total{region=\"us\"")).isEqualTo("mp_orders_total{region=\"us\",stream=\"metric-proc\"} 1.0");
        assertThat(line("mp_amount_total{region=\"eu\"")).isEqualTo("mp_amount_total{region=\"eu\",stream=\"metric-proc\"} 6.0");
        assertThat(line("mp_last_amount{")).isEqualTo("mp_last_amount{stream=\"metric-proc\"} 1.0");
        assertThat(line("mp_duration_seconds_count{")).isEqualTo("mp_duration_seconds_count{stream=\"metric-proc\"} 3");
        assertThat(line("mp_duration_seconds_sum{")).isEqualTo("mp_duration_seconds_sum{stream=\"metric-proc\"} 0.006");
    }

    @Test
    void metricsNoneCountsNothing() throws Exception {
        String yaml = """
                input:
                  texts:
                    messages: ['{"region":"eu"}']
                pipeline:
                  processors:
                    - metric:
                        type: counter
                        name: mp_silent
                output:
                  discard: {}
                metrics:
                  none: {}
                """;
        new StreamBuilder(registry).build("silent", ConfigLoader.parseRaw(yaml, "silent.yaml")).start().done().get(10, TimeUnit.SECONDS);
        assertThat(ProcessMetrics.prometheusText()).doesNotContain("mp_silent").doesNotContain("stream=\"silent\"");
    }

    @Test
    void aGaugeWithoutAValueIsRefusedAtBuild() {
        assertThatThrownBy(() -> run("metric-bad", """
                - metric:
                    type: gauge
                    name: mp_nothing
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("value");
    }
}
