package io.sluice.bloblang.spec;

import io.sluice.core.config.ConfigLoader;
import io.sluice.core.expr.ExpressionLanguage;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ConfigValidator;
import io.sluice.core.spec.FieldSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** FieldSpec.lintRule: a field check written in Bloblang, run by lint with the value as {@code this}. */
class BloblangLintRuleTest {
    private static final FieldSpec SPEC = FieldSpec.object("",
            FieldSpec.string("topic").defaultValue("a")
                    .lintRule("no wildcards", "root = if this.contains(\"#\") { \"a topic to publish to cannot hold '#'\" }"),
            FieldSpec.stringList("tags").defaultValue(List.of())
                    .lintRule("short tags", "root = this.filter(t -> t.length() > 3).map_each(t -> \"tag '\" + t + \"' is longer than 3\")"));
    private static final FieldSpec BROKEN = FieldSpec.object("", FieldSpec.integer("n").defaultValue(0).lintRule("broken", "root = this.nope()"));

    private static List<String> lint(String yaml) throws Exception {
        return lint(yaml, SPEC);
    }

    private static List<String> lint(String yaml, FieldSpec spec) throws Exception {
        return new ConfigValidator(ComponentRegistry.global(), ExpressionLanguage.get())
                .validate(ConfigLoader.parseRaw(yaml, "c.yaml"), spec).stream()
                .map(p -> p.path() + "@" + p.pos().line() + ":" + p.pos().column() + " " + p.message()).toList();
    }

    @Test
    void aStringResultIsOneProblemAtTheValue() throws Exception {
        assertThat(lint("topic: 'a/#'\n")).containsExactly("topic@1:8 a topic to publish to cannot hold '#'");
        assertThat(lint("topic: 'a/b'\n")).isEmpty();
    }

    @Test
    void anArrayResultIsOneProblemPerElement() throws Exception {
        assertThat(lint("tags: [ab, abcd, abcde]\n")).containsExactly(
                "tags@1:7 tag 'abcd' is longer than 3", "tags@1:7 tag 'abcde' is longer than 3");
    }

    @Test
    void aRuleThatCannotRunIsReportedNotIgnored() throws Exception {
        assertThat(lint("n: 3\n", BROKEN)).singleElement().asString().startsWith("n@1:4 lint rule 'broken' could not run");
    }
}
