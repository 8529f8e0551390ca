package io.sluice.components.processors;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Processor;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.FieldSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static io.sluice.components.processors.Harness.errors;
import static io.sluice.components.processors.Harness.flatTexts;
import static io.sluice.components.processors.Harness.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** retry, processors and resource. */
class RetryAndGroupingProcessorsTest {
    private final Harness h = new Harness();
    /** Calls per message text seen by the {@code flaky} processor. */
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    RetryAndGroupingProcessorsTest() {
        // flaky: marks the message as tried and fails it until it has been called `failures` times for that text.
        h.registry.register(ComponentSpec.processor("flaky").fields(FieldSpec.integer("failures")), (conf, ctx) -> (Processor) batch -> {
            for (Part p : batch) {
                int n = calls.computeIfAbsent(p.text(), k -> new AtomicInteger()).incrementAndGet();
                p.setText(p.text() + "-tried");
                if (n <= conf.integer("failures")) p.setError(new ProcessingFailure("failure " + n));
            }
            return List.of(batch);
        });
    }

    @Test
    void retryRunsAgainFromTheOriginalUntilItSucceeds() throws Exception {
        Processor p = h.processor("""
                retry:
                  backoff: { initial_interval: 1ms, max_interval: 2ms }
                  processors:
                    - flaky: { failures: 2 }
                """);
        List<Batch> out = run(p, Batch.of(Part.of("a")));
        assertThat(flatTexts(out)).containsExactly("a-tried"); // one mark: failed tries were thrown away
        assertThat(errors(out)).containsExactly((String) null);
        assertThat(out.get(0).get(0).meta("retry_count")).isEqualTo(2L);
        assertThat(calls.get("a")).hasValue(3);
    }

    @Test
    void retryGivesUpAfterMaxRetriesAndPassesTheErrorOn() throws Exception {
        Processor p = h.processor("""
                retry:
                  max_retries: 3
                  backoff: { initial_interval: 1ms, max_interval: 2ms }
                  processors:
                    - flaky: { failures: 100 }
                """);
        List<Batch> out = run(p, Batch.of(Part.of("b")));
        assertThat(errors(out)).containsExactly("failure 4");
        assertThat(calls.get("b")).hasValue(4);
        assertThat(out.get(0).get(0).meta("retry_count")).isEqualTo(3L);
    }

    @Test
    void retryClearsAnEarlierErrorAndRetriesEachMessageOnItsOwn() throws Exception {
        Processor p = h.processor("""
                retry:
                  parallel: true
                  backoff: { initial_interval: 1ms, max_interval: 2ms }
                  processors:
                    - fail_if: { contains: "bad", message: "still bad" }
                    - append: { suffix: "!" }
                """);
        Part old = Part.of("fine");
        old.setError(new Exception("from before"));
        Processor limited = h.processor("""
                retry:
                  max_retries: 1
                  backoff: { initial_interval: 1ms, max_interval: 2ms }
                  processors:
                    - fail_if: { contains: "bad", message: "still bad" }
                """);
        assertThat(errors(run(p, Batch.of(old)))).containsExactly((String) null);
        List<Batch> out = run(limited, Batch.of(Part.of("ok"), Part.of("bad")));
        assertThat(flatTexts(out)).containsExactly("ok", "bad");
        assertThat(errors(out)).containsExactly(null, "still bad");
    }

    @Test
    void lintRequiresTheRetriedProcessors() {
        assertThatThrownBy(() -> h.processor("retry:\n  max_retries: 2")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("retry.processors");
    }

    @Test
    void processorsRunsItsListInOrderOnTheWholeBatch() throws Exception {
        Processor p = h.processor("""
                processors:
                  - append: { suffix: "-1" }
                  - drop_if: { contains: "x" }
                  - append: { suffix: "-2" }
                """);
        assertThat(flatTexts(run(p, Batch.of(Part.of("a"), Part.of("x"), Part.of("b"))))).containsExactly("a-1-2", "b-1-2");
    }

    @Test
    void resourceRunsTheDeclaredProcessorThroughItsFactory() throws Exception {
        h.processorResource("stamp", "append: { suffix: \"-stamped\" }");
        var conf = h.typeConf("resource: stamp");
        Processor p = ResourceProcessor.create(conf, ComponentContext.of(conf));
        assertThat(flatTexts(run(p, Batch.of(Part.of("m"))))).containsExactly("m-stamped");
    }
}
