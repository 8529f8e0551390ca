package io.sluice.core.spec;

import io.sluice.core.builtin.CoreComponents;
import io.sluice.core.config.ConfigLoader;
import io.sluice.core.config.ConfigNode;
import io.sluice.core.config.ConfigProblem;
import io.sluice.core.engine.StreamSpec;
import io.sluice.core.registry.ComponentRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigValidatorTest {
    private final ComponentRegistry registry = registry();

    private static ComponentRegistry registry() {
        ComponentRegistry r = new ComponentRegistry();
        new CoreComponents().register(r);
        r.register(ComponentSpec.input("generate").fields(
                FieldSpec.string("mapping"), FieldSpec.duration("interval").defaultValue("1s"),
                FieldSpec.integer("count").defaultValue(0)), (c, ctx) -> null);
        r.register(ComponentSpec.output("stdout").fields(FieldSpec.string("codec").defaultValue("lines").options("lines", "all-bytes")), (c, ctx) -> null);
        r.register(ComponentSpec.processor("noop").fields(), (c, ctx) -> null);
        r.register(ComponentSpec.processor("lookup").fields(FieldSpec.string("cache").references(ComponentKind.CACHE)), (c, ctx) -> null);
        r.register(ComponentSpec.processor("throttle").fields(FieldSpec.string("limit").references(ComponentKind.RATE_LIMIT)), (c, ctx) -> null);
        r.register(ComponentSpec.cache("memory").fields(), (c, ctx) -> null);
        r.register(ComponentSpec.processor("grep").fields(FieldSpec.stringList("patterns").regex()), (c, ctx) -> null);
        r.register(ComponentSpec.rateLimit("local").fields(FieldSpec.integer("count").defaultValue(1)), (c, ctx) -> null);
        r.register(ComponentSpec.processor("cases").config(FieldSpec.objectList("", FieldSpec.string("check").defaultValue("")))
                .alsoAccepts(n -> n instanceof ConfigNode.MapNode m && m.get("cases") != null ? m.get("cases") : n),
                (c, ctx) -> null);
        return r;
    }

    private List<ConfigProblem> lint(String yaml) throws Exception {
        return new ConfigValidator(registry, null).validate(ConfigLoader.parseRaw(yaml, "s.yaml"), StreamSpec.ROOT);
    }

    @Test
    void validConfigHasNoProblems() throws Exception {
        assertThat(lint("""
                input:
                  generate:
                    mapping: 'root = {}'
                    count: 5
                pipeline:
                  processors:
                    - noop: {}
                output:
                  stdout: {}
                """)).isEmpty();
    }

    @Test
    void misspelledFieldIsReportedWithPositionPathAndSuggestion() throws Exception {
        List<ConfigProblem> problems = lint("""
                input:
                  generate:
                    mapping: 'root = {}'
                    cuont: 5
                """);
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).toString())
                .isEqualTo("s.yaml:4:5: input.generate.cuont: field 'cuont' is not expected here, did you mean 'count'?");
    }

    @Test
    void unknownComponentSuggestsTheNearName() throws Exception {
        List<ConfigProblem> problems = lint("input:\n  genrate:\n    mapping: x\n");
        assertThat(problems).singleElement().asString()
                .contains("s.yaml:2:3").contains("unknown input type 'genrate', did you mean 'generate'?");
    }

    @Test
    void wrongTypeSaysWhatWasExpected() throws Exception {
        List<ConfigProblem> problems = lint("input:\n  generate:\n    mapping: x\n    count: many\n");
        assertThat(problems).singleElement().asString().contains("input.generate.count: expected int, got string 'many'");
    }

    @Test
    void missingRequiredFieldIsReported() throws Exception {
        assertThat(lint("input:\n  generate:\n    count: 1\n")).singleElement().asString()
                .contains("input.generate.mapping: field 'mapping' is required");
    }

    @Test
    void badDurationAndOptionAreReported() throws Exception {
        List<ConfigProblem> problems = lint("input:\n  generate:\n    mapping: x\n    interval: 5 parsecs\noutput:\n  stdout:\n    codec: line\n");
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0).message()).contains("invalid duration");
        assertThat(problems.get(1).message()).contains("did you mean 'lines'");
    }

    @Test
    void unknownTopLevelFieldIsReported() throws Exception {
        assertThat(lint("inptu:\n  generate: {}\n")).singleElement().asString().contains("did you mean 'input'");
    }

    @Test
    void componentWithTwoTypesIsReported() throws Exception {
        assertThat(lint("output:\n  stdout: {}\n  drop: {}\n")).singleElement().asString().contains("more than one output type");
    }

    @Test
    void aResourceThatIsNotDeclaredIsReportedWhereItIsNamed() throws Exception {
        List<ConfigProblem> problems = lint("""
                pipeline:
                  processors:
                    - lookup:
                        cache: sessions
                    - lookup:
                        cache: users
                cache_resources:
                  - label: user
                    memory: {}
                """);
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0).toString()).isEqualTo("s.yaml:4:16: pipeline.processors.0.lookup.cache: cache resource 'sessions' was not found");
        assertThat(problems.get(1).toString()).isEqualTo("s.yaml:6:16: pipeline.processors.1.lookup.cache: cache resource 'users' was not found, did you mean 'user'?");
    }

    @Test
    void resourcesDeclaredUnderEitherSpellingAreFound() throws Exception {
        assertThat(lint("""
                pipeline:
                  processors:
                    - lookup: { cache: a }
                    - lookup: { cache: b }
                    - resource: p
                resources:
                  caches:
                    - label: a
                      memory: {}
                cache_resources:
                  - label: b
                    memory: {}
                processor_resources:
                  - label: p
                    noop: {}
                """)).isEmpty();
        assertThat(lint("pipeline:\n  processors:\n    - resource: q\n")).singleElement().asString()
                .isEqualTo("s.yaml:3:17: pipeline.processors.0.resource: processor resource 'q' was not found");
    }

    @Test
    void aDurationWhereARateLimitLabelBelongsGetsAHintHowToDeclareOne() throws Exception {
        assertThat(lint("pipeline:\n  processors:\n    - throttle: { limit: 60s }\n")).singleElement().asString()
                .startsWith("s.yaml:3:26: pipeline.processors.0.throttle.limit: rate limit resource '60s' was not found; '60s' is a duration")
                .contains("rate_limit_resources: [{label: every_60s, local: {count: 1, interval: 60s}}]");
    }

    @Test
    void aSecondSpellingOfAComponentIsLintedAsTheFirst() throws Exception {
        assertThat(lint("pipeline:\n  processors:\n    - cases:\n        cases:\n          - check: a\n")).isEmpty();
        assertThat(lint("pipeline:\n  processors:\n    - cases:\n        cases:\n          - chek: a\n")).singleElement().asString()
                .contains("s.yaml:5:13").contains("field 'chek' is not expected here, did you mean 'check'?");
    }

    @Test
    void regexFieldsTakeGoSyntaxAndABadOneIsReportedWhereItIs() throws Exception {
        assertThat(lint("pipeline:\n  processors:\n    - grep:\n        patterns: [ '(?P<code>4\\d\\d)', '^[[:digit:]]+$' ]\n")).isEmpty();
        assertThat(lint("pipeline:\n  processors:\n    - grep:\n        patterns:\n          - ok\n          - '(unclosed'\n"))
                .singleElement().asString()
                .isEqualTo("s.yaml:6:13: pipeline.processors.0.grep.patterns.1: error parsing regexp: missing closing ): `(unclosed`");
    }
}
