package io.sluice.bloblang.lib;

import io.sluice.bloblang.Bloblang;
import io.sluice.bloblang.BloblangMapping;
import io.sluice.core.expr.MappingException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.MessageParseException;
import io.sluice.core.message.Part;
import io.sluice.core.message.Structured;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The docs test of the whole library: every example of every registered function and method runs and
 * gives the output it documents, and every entry is documented. Docs tests, not behaviour tests: the
 * expected outputs come from the same hands as the code, so they prove nothing about compatibility (the
 * conformance file and the published vectors in the method tests do). Tagged {@code docs} so that
 * counts of behaviour tests can leave them out ({@code -DexcludedGroups=docs}).
 */
@Tag("docs")
class LibraryExamplesTest {

    private static final Library LIB = Library.standard();

    @TestFactory
    Stream<DynamicTest> everyExampleGivesItsDocumentedOutput() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Library.FunctionEntry e : LIB.functions()) add(tests, e.spec().name() + "()", e.spec().examples());
        for (Library.MethodEntry e : LIB.methods()) add(tests, "." + e.spec().name() + "()", e.spec().examples());
        assertThat(tests).hasSizeGreaterThan(150);
        return tests.stream();
    }

    private static void add(List<DynamicTest> tests, String name, List<Example> examples) {
        for (int i = 0; i < examples.size(); i++) {
            Example ex = examples.get(i);
            if (!ex.tested()) continue;
            tests.add(DynamicTest.dynamicTest(name + " example " + (i + 1), () -> check(ex)));
        }
    }

    private static void check(Example ex) throws Exception {
        BloblangMapping m = Bloblang.compile(ex.mapping());
        for (Example.Case c : ex.cases()) {
            if (c.output().startsWith("Error(\"") && c.output().endsWith("\")")) {
                String message = c.output().substring("Error(\"".length(), c.output().length() - 2);
                assertThatThrownBy(() -> m.map(Batch.of(Part.of(c.input())), 0))
                        .isInstanceOf(MappingException.class).hasMessageContaining(message);
                continue;
            }
            Part out = m.map(Batch.of(Part.of(c.input())), 0);
            String got = out == null ? "<Message deleted>" : new String(out.bytes(), StandardCharsets.UTF_8);
            assertSameDocument(got, c.output(), c.input());
        }
    }

    private static void assertSameDocument(String got, String expected, String input) {
        Object g;
        Object e;
        try {
            g = Structured.parseJson(got);
            e = Structured.parseJson(expected);
        } catch (MessageParseException notJson) {
            assertThat(got).as("output for input %s", input).isEqualTo(expected);
            return;
        }
        assertThat(Values.equal(g, e)).as("output for input %s: got %s, expected %s", input, got, expected).isTrue();
    }

    @Test
    void everyEntryAndParameterIsDocumentedInFullSentences() {
        List<String> problems = new ArrayList<>();
        for (Library.FunctionEntry e : LIB.functions()) {
            check(problems, e.spec().name() + "()", e.spec().description(), e.spec().params(), e.spec().examples());
        }
        for (Library.MethodEntry e : LIB.methods()) {
            check(problems, "." + e.spec().name() + "()", e.spec().description(), e.spec().params(), e.spec().examples());
        }
        assertThat(problems).isEmpty();
    }

    private static void check(List<String> problems, String name, String description, List<Param> params, List<Example> examples) {
        if (!sentence(description)) problems.add(name + ": description is not a full sentence: " + description);
        for (Param p : params) {
            if (!sentence(p.description())) problems.add(name + " parameter " + p.name() + ": " + p.description());
        }
        for (Example ex : examples) {
            if (!ex.summary().isBlank() && !sentence(ex.summary())) problems.add(name + " example summary: " + ex.summary());
            if (ex.cases().isEmpty()) problems.add(name + ": example without input and output: " + ex.mapping());
        }
    }

    private static boolean sentence(String s) {
        String t = s.strip();
        return !t.isEmpty() && !Character.isLowerCase(t.codePointAt(0)) && (t.endsWith(".") || t.endsWith(".)") || t.endsWith("?"));
    }
}
