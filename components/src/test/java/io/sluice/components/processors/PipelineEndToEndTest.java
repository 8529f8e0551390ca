package io.sluice.components.processors;

import io.sluice.core.builtin.CoreComponents;
import io.sluice.core.component.EndOfInputException;
import io.sluice.core.component.Input;
import io.sluice.core.component.Output;
import io.sluice.core.component.Transaction;
import io.sluice.core.config.ConfigLoader;
import io.sluice.core.engine.Stream;
import io.sluice.core.engine.StreamBuilder;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.FieldSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Processors inside a running stream: built by the stream builder, driven by the engine, acknowledged at the source. */
class PipelineEndToEndTest {
    private final List<String> delivered = Collections.synchronizedList(new ArrayList<>());
    private final List<String> acks = Collections.synchronizedList(new ArrayList<>());
    private final ComponentRegistry registry = new ComponentRegistry();

    PipelineEndToEndTest() {
        new CoreComponents().register(registry);
        new ProcessorComponents().register(registry);
        TestProcessors.register(registry, new TestProcessors.Recorder());
        registry.register(ComponentSpec.input("texts").fields(FieldSpec.stringList("messages")), (conf, ctx) -> {
            Deque<String> left = new ArrayDeque<>(conf.stringList("messages"));
            return (Input) () -> {
                String next = left.poll();
                if (next == null) throw new EndOfInputException();
                return new Transaction(Batch.ofTexts(next), err -> acks.add(next + (err == null ? ":ack" : ":nack")));
            };
        });
        registry.register(ComponentSpec.of("capture", ComponentKind.OUTPUT).fields(), (conf, ctx) -> (Output) batch -> {
            for (Part p : batch) delivered.add(p.text() + (p.hasError() ? " (error: " + p.errorMessage() + ")" : ""));
        });
    }

    private void runStream(String yaml) throws Exception {
        Stream stream = new StreamBuilder(registry).build("e2e", ConfigLoader.parseRaw(yaml, "e2e.yaml"));
        stream.start().done().get(10, TimeUnit.SECONDS);
    }

    @Test
    void tryAndCatchRecoverFailedMessagesInAPipeline() throws Exception {
        runStream("""
                input:
                  texts:
                    messages: [ good, bad, fine ]
                pipeline:
                  threads: 1
                  processors:
                    - try:
                        - fail_if: { contains: bad, message: rejected }
                        - append: { suffix: "-processed" }
                    - catch:
                        - append: { suffix: "-recovered" }
                output:
                  capture: {}
                """);
        assertThat(delivered).containsExactly("good-processed", "bad-recovered", "fine-processed");
        assertThat(acks).containsExactly("good:ack", "bad:ack", "fine:ack");
    }

    @Test
    void uncaughtErrorsReachTheOutputFlagged() throws Exception {
        runStream("""
                input:
                  texts:
                    messages: [ bad ]
                pipeline:
                  processors:
                    - fail_if: { message: "no good" }
                    - try:
                        - append: { suffix: "-never" }
                output:
                  capture: {}
                """);
        assertThat(delivered).containsExactly("bad (error: no good)");
    }

    @Test
    void messagesDroppedByAProcessorAreAcknowledged() throws Exception {
        runStream("""
                input:
                  texts:
                    messages: [ "", keep ]
                pipeline:
                  threads: 1
                  processors:
                    - bounds_check: {}
                output:
                  capture: {}
                """);
        assertThat(delivered).containsExactly("keep");
        assertThat(acks).containsExactlyInAnyOrder(":ack", "keep:ack");
    }
}
