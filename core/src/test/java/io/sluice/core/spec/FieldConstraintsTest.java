package io.sluice.core.spec;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.ConfigLoader;
import io.sluice.core.config.ConfigNode;
import io.sluice.core.config.ConfigProblem;
import io.sluice.core.registry.ComponentRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FieldConstraintsTest {
    private static final FieldSpec SPEC = FieldSpec.object("",
            FieldSpec.stringList("urls").defaultValue(List.of()).nonEmpty("at least one URL is required"),
            FieldSpec.integer("copies").defaultValue(1).min(1),
            FieldSpec.integer("qos").defaultValue(1).range(0, 2),
            FieldSpec.integer("prefetch").defaultValue(10).max(100),
            FieldSpec.string("topic").optional().nonEmpty(),
            FieldSpec.string("command").optional(),
            FieldSpec.string("operator").optional()).oneOf("command", "operator");

    private static List<ConfigProblem> lint(String yaml) throws Exception {
        ConfigNode node = ConfigLoader.parseRaw(yaml, "c.yaml");
        return new ConfigValidator(ComponentRegistry.global(), null).validate(node, SPEC);
    }

    @Test
    void eachConstraintIsReportedAtTheValueWithTheFieldsPath() throws Exception {
        List<ConfigProblem> problems = lint("""
                urls: []
                copies: 0
                qos: 3
                prefetch: 101
                topic: ""
                command: get
                """);
        assertThat(problems).extracting(p -> p.path() + " @" + p.pos().line() + ": " + p.message()).containsExactly(
                "urls @1: at least one URL is required",
                "copies @2: copies must be at least 1",
                "qos @3: qos must be between 0 and 2",
                "prefetch @4: prefetch must be at most 100",
                "topic @5: topic must not be empty");
    }

    @Test
    void aDefaultThatBreaksAConstraintIsReportedWhenTheFieldIsLeftOut() throws Exception {
        assertThat(lint("command: get\n")).extracting(ConfigProblem::message).containsExactly("at least one URL is required");
    }

    @Test
    void oneOfWantsExactlyOne() throws Exception {
        assertThat(lint("urls: [a]\n")).extracting(ConfigProblem::message).containsExactly("set one of 'command', 'operator'");
        assertThat(lint("urls: [a]\ncommand: get\noperator: del\n")).extracting(ConfigProblem::message)
                .containsExactly("set only one of 'command', 'operator'");
        assertThat(lint("urls: [a]\noperator: del\n")).isEmpty();
    }

    @Test
    void atLeastOneOfCountsOnlyFieldsThatAreSet() throws Exception {
        FieldSpec spec = FieldSpec.object("", FieldSpec.stringList("a").optional(), FieldSpec.stringList("b").optional())
                .atLeastOneOf(List.of("a", "b"), "give a or b");
        ConfigValidator v = new ConfigValidator(ComponentRegistry.global(), null);
        assertThat(v.validate(ConfigLoader.parseRaw("a: ~\n", "c.yaml"), spec)).extracting(ConfigProblem::message)
                .containsExactly("give a or b");
        assertThat(new ConfigValidator(ComponentRegistry.global(), null).validate(ConfigLoader.parseRaw("b: [x]\n", "c.yaml"), spec))
                .isEmpty();
    }

    @Test
    void constraintsAreListedInTheDocs() {
        assertThat(SpecDocs.constraintsDoc(SPEC.child("qos").orElseThrow())).isEqualTo("from 0 to 2");
        assertThat(SpecDocs.constraintsDoc(SPEC)).isEqualTo("exactly one of command, operator");
    }

    @Test
    void invalidNamesTheFieldAndFallsBackToTheParentsPositionWhenTheFieldIsAbsent() throws Exception {
        ConfigNode node = ConfigLoader.parseRaw("urls: [a]\ncopies: 2\n", "c.yaml");
        Conf conf = new Conf(node, SPEC, "input.thing", node.pos(), null);
        ConfigException set = conf.invalid("copies", "two is too many");
        assertThat(set.problems().getFirst().path()).isEqualTo("input.thing.copies");
        assertThat(set.problems().getFirst().pos().line()).isEqualTo(2);
        ConfigException absent = conf.invalid("topic", "no topic");
        assertThat(absent.problems().getFirst().path()).isEqualTo("input.thing.topic");
        assertThat(absent.problems().getFirst().pos().line()).isEqualTo(node.pos().line());
        assertThat(absent.getMessage()).contains("no topic");
    }
}
