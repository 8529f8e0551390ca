package io.sluice.e2e;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.ConfigLoader;
import io.sluice.core.config.ConfigNode;
import io.sluice.core.config.ConfigProblem;
import io.sluice.core.config.EnvInterpolation;
import io.sluice.core.engine.StreamSpec;
import io.sluice.core.expr.ExpressionLanguage;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.ConfigValidator;
import io.sluice.core.spec.FieldSpec;
import io.sluice.core.spec.FieldType;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every example in every component's spec, as {@code sluice docs} prints it, is a whole stream config
 * that lints clean against the full registry (every module is on this module's class path): fields,
 * types, options, Bloblang and the resources it names. Examples show a user what to copy; one that
 * does not lint teaches a mistake.
 */
class ComponentExamplesTest {
    /** Environment variables an example may use, so that a ${VAR} stays visible as what it is. */
    private static final EnvInterpolation EXAMPLE_ENV = new EnvInterpolation(name -> "example-" + name.toLowerCase());

    private static List<ComponentSpec> allSpecs() {
        ComponentRegistry registry = ComponentRegistry.global();
        List<ComponentSpec> specs = new ArrayList<>();
        for (ComponentKind kind : ComponentKind.values()) specs.addAll(registry.specs(kind));
        return specs;
    }

    @TestFactory
    Stream<DynamicTest> everyExampleLintsClean() {
        return allSpecs().stream().flatMap(spec -> spec.examples().stream().map(ex ->
                DynamicTest.dynamicTest(spec + ": " + ex.title(), () -> {
                    String source = spec.kind().singular() + " " + spec.name() + " example '" + ex.title() + "'";
                    List<ConfigProblem> problems = new ArrayList<>();
                    try {
                        ConfigNode root = new ConfigLoader(EXAMPLE_ENV).parse(ex.config(), source);
                        problems.addAll(ConfigValidator.withDefaults(ComponentRegistry.global()).validate(root, StreamSpec.ROOT));
                    } catch (ConfigException e) {
                        problems.addAll(e.problems());
                    }
                    assertThat(problems).as(source + ":\n" + ex.config()).isEmpty();
                })));
    }

    @TestFactory
    Stream<DynamicTest> everyExampleUsesItsComponent() {
        return allSpecs().stream().flatMap(spec -> spec.examples().stream().map(ex ->
                DynamicTest.dynamicTest(spec + ": " + ex.title(), () -> {
                    Pattern key = Pattern.compile("(?m)^\\s*(- )?" + Pattern.quote(spec.name()) + ":");
                    assertThat(key.matcher(ex.config()).find())
                            .as("the example '%s' of %s configures a %s", ex.title(), spec, spec.name()).isTrue();
                })));
    }

    /**
     * The example values of fields, shown under each field by {@code sluice docs}: those of Bloblang fields compile as
     * mappings, those of interpolated string fields as interpolations.
     */
    @TestFactory
    Stream<DynamicTest> everyFieldExampleCompiles() {
        ExpressionLanguage bloblang = ExpressionLanguage.get();
        List<DynamicTest> tests = new ArrayList<>();
        for (ComponentSpec spec : allSpecs()) {
            fieldsOf(spec.config(), spec.name(), (path, field) -> {
                boolean mapping = field.type() == FieldType.BLOBLANG;
                boolean interpolated = field.isInterpolated() && field.type() == FieldType.STRING;
                if (!mapping && !interpolated) return;
                for (Object example : field.examples()) {
                    // a map field's example is a map: each of its values is an example
                    List<?> values = example instanceof Map<?, ?> m ? List.copyOf(m.values()) : List.of(example);
                    for (Object value : values) {
                        if (!(value instanceof String text)) continue;
                        tests.add(DynamicTest.dynamicTest(spec + ": " + path + " = " + text, () -> {
                            if (mapping) bloblang.parseMapping(text);
                            else bloblang.parseInterpolation(text);
                        }));
                    }
                }
            });
        }
        assertThat(tests).as("field examples to compile").hasSizeGreaterThan(20);
        return tests.stream();
    }

    private static void fieldsOf(FieldSpec field, String path, BiConsumer<String, FieldSpec> visit) {
        visit.accept(path, field);
        for (FieldSpec child : field.children()) fieldsOf(child, path + "." + child.name(), visit);
    }

    @Test
    void theRegistryHoldsExamplesFromEveryModule() {
        // Guards the two tests above against an empty registry (a class path without the modules).
        List<String> withExamples = allSpecs().stream().filter(s -> !s.examples().isEmpty()).map(ComponentSpec::toString).toList();
        assertThat(withExamples).contains("processor branch", "output switch", "input generate", "processor redis");
    }
}
