package io.sluice.bloblang.processors;

import io.sluice.core.builtin.CoreComponents;
import io.sluice.core.component.EndOfInputException;
import io.sluice.core.component.Input;
import io.sluice.core.component.Output;
import io.sluice.core.component.Transaction;
import io.sluice.core.config.ConfigException;
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

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The processors inside a real stream: config in, messages through, results out. */
class ProcessorsTest {
    /** What the test output received: body, then " meta=" and metadata, then " error=" when flagged. */
    private final List<String> written = new CopyOnWriteArrayList<>();

    private ComponentRegistry registry(List<String> inputs) {
        ComponentRegistry r = new ComponentRegistry();
        new CoreComponents().register(r);
        new BloblangComponents().register(r);
        r.register(ComponentSpec.input("texts").fields(), (conf, ctx) -> new Input() {
            int next;

            @Override
            public Transaction read() throws Exception {
                if (next >= inputs.size()) throw new EndOfInputException();
                Part p = Part.of(inputs.get(next++));
                p.setMeta("source", "test");
                return new Transaction(Batch.of(p), err -> { });
            }
        });
        r.register(ComponentSpec.output("capture").fields(), (conf, ctx) -> (Output) batch -> {
            for (Part p : batch) {
                written.add(p.text() + " meta=" + p.metadata() + (p.hasError() ? " error=" + p.errorMessage() : ""));
            }
        });
        return r;
    }

    private void run(String processors, String... inputs) throws Exception {
        String yaml = "input: { texts: {} }\npipeline:\n  threads: 1\n  processors:\n" + processors.indent(4) + "output: { capture: {} }\n";
        Stream s = new StreamBuilder(registry(List.of(inputs))).build("test", ConfigLoader.parseRaw(yaml, "test.yaml")).start();
        s.done().get(10, TimeUnit.SECONDS);
    }

    @Test
    void mappingBuildsANewDocumentAndKeepsMetadata() throws Exception {
        run("""
                - mapping: |
                    root.id = this.id
                    root.total = this.price * this.qty
                    meta seen = "yes"
                """, "{\"id\":1,\"price\":2.5,\"qty\":4,\"other\":true}");
        assertThat(written).containsExactly("{\"id\":1,\"total\":10} meta={source=test, seen=yes}");
    }

    @Test
    void mappingDropsDeletedMessages() throws Exception {
        run("""
                - mapping: 'root = if this.level == "debug" { deleted() }'
                """, "{\"level\":\"debug\"}", "{\"level\":\"info\"}");
        assertThat(written).containsExactly("{\"level\":\"info\"} meta={source=test}");
    }

    @Test
    void aFailingMappingFlagsTheMessageAndKeepsIt() throws Exception {
        run("""
                - mapping: 'root = this.n + 1'
                """, "{\"n\":\"x\"}");
        assertThat(written).singleElement().asString()
                .startsWith("{\"n\":\"x\"} meta={source=test} error=failed assignment (line 1): cannot add types string");
    }

    @Test
    void mutationEditsInPlace() throws Exception {
        run("""
                - mutation: |
                    root.b = this.a + 1
                    root.c = deleted()
                """, "{\"a\":1,\"c\":3,\"d\":4}");
        assertThat(written).containsExactly("{\"a\":1,\"b\":2,\"d\":4} meta={source=test}");
    }

    @Test
    void theDeprecatedBloblangNameStillWorks() throws Exception {
        run("""
                - bloblang: 'root = content().uppercase()'
                """, "hello");
        assertThat(written).containsExactly("HELLO meta={source=test}");
    }

    @Test
    void aBrokenMappingIsAConfigErrorAtItsPosition() {
        assertThatThrownBy(() -> run("""
                - mapping: 'root = this.foo.uppercas()'
                """, "{}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unrecognised method 'uppercas'");
    }

    @Test
    void processorsAreRegisteredWithTheirSpecs() {
        ComponentRegistry r = registry(List.of());
        assertThat(r.find(ComponentKind.PROCESSOR, "mapping")).isPresent();
        assertThat(r.find(ComponentKind.PROCESSOR, "mutation")).isPresent();
        assertThat(r.find(ComponentKind.PROCESSOR, "bloblang").orElseThrow().spec().status()).isEqualTo(ComponentSpec.Status.DEPRECATED);
        assertThat(MappingProcessor.SPEC.config().type()).isEqualTo(FieldSpec.bloblang("x").type());
    }
}
