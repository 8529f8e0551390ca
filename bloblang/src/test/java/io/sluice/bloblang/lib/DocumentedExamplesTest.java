package io.sluice.bloblang.lib;

import io.sluice.bloblang.Bloblang;
import io.sluice.bloblang.BloblangMapping;
import io.sluice.core.expr.MappingException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.message.Structured;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Docs tests, not behaviour tests: every example written next to a function or method in
 * {@code src/main} (the ones {@code sluice docs} prints) runs and gives the output it shows, so the
 * documentation does not lie. Their expected outputs come from the same hands as the code, so they
 * prove nothing about compatibility: the independent references are the conformance file
 * ({@code ConformanceTest}) and the published vectors in the method tests. Tagged {@code docs}
 * so that counts of behaviour tests can leave them out.
 */
@Tag("docs")
@DisplayName("docs: the documented examples of the function and method library")
class DocumentedExamplesTest {

    @TestFactory
    Stream<DynamicNode> documentedExamplesGiveTheOutputTheyShow() {
        Library lib = Library.standard();
        Map<String, List<DynamicTest>> byModule = new TreeMap<>();
        for (Library.MethodEntry e : lib.methods()) {
            add(byModule, lib.origin("method " + e.spec().name()).orElse("?"), "method " + e.spec().name(), e.spec().examples());
        }
        for (Library.FunctionEntry e : lib.functions()) {
            add(byModule, lib.origin("function " + e.spec().name()).orElse("?"), "function " + e.spec().name(), e.spec().examples());
        }
        assertThat(byModule).as("modules with documented examples").isNotEmpty();
        return byModule.entrySet().stream().map(m -> DynamicContainer.dynamicContainer(
                m.getKey().substring(m.getKey().lastIndexOf('.') + 1), m.getValue().stream()));
    }

    private static void add(Map<String, List<DynamicTest>> byModule, String module, String name, List<Example> examples) {
        for (int i = 0; i < examples.size(); i++) {
            Example ex = examples.get(i);
            if (!ex.tested()) continue;
            byModule.computeIfAbsent(module, k -> new ArrayList<>()).add(DynamicTest.dynamicTest(name + " #" + i, () -> {
                BloblangMapping m = Bloblang.compile(ex.mapping());
                for (Example.Case c : ex.cases()) {
                    if (c.output().startsWith("Error(")) {
                        assertThatThrownBy(() -> m.map(Batch.of(Part.of(c.input())), 0)).isInstanceOf(MappingException.class);
                        continue;
                    }
                    Part out = m.map(Batch.of(Part.of(c.input())), 0);
                    String got = out == null ? "<Message deleted>" : new String(out.bytes(), StandardCharsets.UTF_8);
                    assertSameDocument(got, c.output());
                }
            }));
        }
    }

    /** Compares as JSON when both sides parse, else as text. */
    private static void assertSameDocument(String got, String expected) {
        Object g;
        Object e;
        try {
            g = Structured.parseJson(got);
            e = Structured.parseJson(expected);
        } catch (RuntimeException notJson) {
            assertThat(got).isEqualTo(expected);
            return;
        }
        assertThat(Values.equal(g, e)).as("got %s, expected %s", got, expected).isTrue();
    }
}
