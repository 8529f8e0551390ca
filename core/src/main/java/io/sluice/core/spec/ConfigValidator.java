package io.sluice.core.spec;

import io.sluice.core.config.ConfigNode;
import io.sluice.core.config.ConfigProblem;
import io.sluice.core.config.Position;
import io.sluice.core.expr.ExpressionLanguage;
import io.sluice.core.expr.ExpressionParseException;
import io.sluice.core.expr.Mapping;
import io.sluice.core.expr.MappingException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a config tree against specs: unknown fields (with "did you mean"), wrong types, missing
 * required fields, unknown component types, bad durations, and mappings or interpolations that do
 * not parse. This is what {@code sluice lint} prints and what stops a bad config from starting.
 */
public final class ConfigValidator {
    private final ComponentLookup components;
    private final ExpressionLanguage expressions; // may be null: expressions are then not checked
    private final List<ConfigProblem> problems = new ArrayList<>();
    /** The resource labels the stream declares; null while checking a fragment without its stream. */
    private Map<ComponentKind, Set<String>> declared;

    public ConfigValidator(ComponentLookup components, ExpressionLanguage expressions) {
        this.components = components;
        this.expressions = expressions;
    }

    public static ConfigValidator withDefaults(ComponentLookup components) {
        // Without Bloblang on the class path, mappings are checked when they are compiled instead.
        return new ConfigValidator(components, ExpressionLanguage.find().orElse(null));
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    /**
     * Checks a config against {@code spec}. When {@code spec} is a whole stream (it has
     * {@code resources}), references to resources by label are checked too.
     */
    public List<ConfigProblem> validate(ConfigNode node, FieldSpec spec) {
        if (spec.child("resources").isPresent()) declared = ResourceRefs.declared(node);
        check(node, spec, "");
        return problems;
    }

    private void problem(Position pos, String path, String message) {
        problems.add(new ConfigProblem(pos, path, message));
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    public void check(ConfigNode node, FieldSpec spec, String path) {
        if (node instanceof ConfigNode.ScalarNode s && s.isNull()) {
            if (spec.shape() == FieldSpec.Shape.SCALAR && spec.type() == FieldType.OBJECT) {
                checkObjectFields(null, spec, path, s.pos());
            } else if (spec.hasDefault()) {
                checkConstraints(spec, spec.defaultValue(), s.pos(), path); // null reads as the default
            }
            return;
        }
        switch (spec.shape()) {
            case ARRAY -> {
                if (node instanceof ConfigNode.ListNode l) {
                    for (int i = 0; i < l.items().size(); i++) check(l.items().get(i), spec.element(), path + "." + i);
                    checkConstraints(spec, l.toPlain(), l.pos(), path);
                } else {
                    problem(node.pos(), path, "expected array of " + spec.element().typeName() + ", got " + node.typeName());
                }
            }
            case MAP -> {
                if (node instanceof ConfigNode.MapNode m) {
                    m.entries().forEach((k, e) -> check(e.value(), spec.element(), join(path, k)));
                    checkConstraints(spec, m.toPlain(), m.pos(), path);
                } else {
                    problem(node.pos(), path, "expected object (map of " + spec.element().typeName() + "), got " + node.typeName());
                }
            }
            case SCALAR -> {
                checkScalar(node, spec, path);
                if (node instanceof ConfigNode.ScalarNode s && !spec.rules().isEmpty()) {
                    for (FieldSpec.ValueRule rule : spec.rules()) {
                        String wrong = rule.problem(s.value());
                        if (wrong != null) problem(s.pos(), path, wrong);
                    }
                }
                // An object's constraints are checked with its fields, where absent objects are handled too.
                if (node instanceof ConfigNode.ScalarNode s && spec.type() != FieldType.OBJECT) checkConstraints(spec, s.value(), s.pos(), path);
            }
        }
    }

    private void checkScalar(ConfigNode node, FieldSpec spec, String path) {
        FieldType t = spec.type();
        if (t.componentKind() != null) {
            checkComponent(node, t.componentKind(), path);
            return;
        }
        switch (t) {
            case OBJECT -> {
                if (node instanceof ConfigNode.MapNode m) checkObjectFields(m, spec, path, m.pos());
                else problem(node.pos(), path, "expected object, got " + node.typeName());
            }
            case ANY -> { }
            case STRING, BLOBLANG, DURATION -> {
                if (!(node instanceof ConfigNode.ScalarNode s)) {
                    problem(node.pos(), path, "expected " + t.docName() + ", got " + node.typeName());
                    return;
                }
                String text = s.value() instanceof String str ? str : s.text();
                if (spec.references() != null) {
                    checkReference(spec.references(), text, s.pos(), path);
                } else if (t == FieldType.DURATION) {
                    if (text.isBlank()) return; // "" means unset, as the dialect's defaults write it
                    try {
                        Durations.parse(text);
                    } catch (IllegalArgumentException e) {
                        problem(s.pos(), path, e.getMessage());
                    }
                } else if (!spec.options().isEmpty() && !spec.options().contains(text)) {
                    problem(s.pos(), path, "expected one of " + spec.options() + ", got '" + text + "'"
                            + Suggestions.didYouMean(text, spec.options()));
                } else if (expressions != null && t == FieldType.BLOBLANG) {
                    try {
                        expressions.parseMapping(text);
                    } catch (ExpressionParseException e) {
                        problem(s.pos().offset(e.line(), e.column(), s.block()), path, "invalid mapping: " + e.detail());
                    }
                } else if (expressions != null && spec.isInterpolated() && text.contains("${!")) {
                    try {
                        expressions.parseInterpolation(text);
                    } catch (ExpressionParseException e) {
                        problem(s.pos().offset(e.line(), e.column(), s.block()), path, "invalid interpolation: " + e.detail());
                    }
                }
            }
            case INT -> {
                if (!(node instanceof ConfigNode.ScalarNode s) || !isInteger(s.value())) {
                    problem(node.pos(), path, "expected int, got " + describe(node));
                }
            }
            case FLOAT -> {
                if (!(node instanceof ConfigNode.ScalarNode s) || !(s.value() instanceof Number)) {
                    problem(node.pos(), path, "expected number, got " + describe(node));
                }
            }
            case BOOL -> {
                if (!(node instanceof ConfigNode.ScalarNode s) || !(s.value() instanceof Boolean)) {
                    problem(node.pos(), path, "expected bool (true or false), got " + describe(node));
                }
            }
            default -> { }
        }
    }

    private void checkReference(ComponentKind kind, String label, Position pos, String path) {
        if (declared == null || label.isEmpty() || declared.get(kind).contains(label)) return;
        problem(pos, path, ResourceRefs.notFound(kind, label, declared.get(kind)));
    }

    private static boolean isInteger(Object v) {
        if (v instanceof Long || v instanceof BigInteger) return true;
        return v instanceof Double d && d == Math.rint(d) && !d.isInfinite();
    }

    private static String describe(ConfigNode node) {
        if (node instanceof ConfigNode.ScalarNode s && s.value() != null) return node.typeName() + " '" + s.text() + "'";
        return node.typeName();
    }

    private void checkObjectFields(ConfigNode.MapNode m, FieldSpec spec, String path, Position pos) {
        List<String> known = spec.children().stream().map(FieldSpec::name).toList();
        Set<String> suggested = new HashSet<>();
        if (m != null) {
            for (Map.Entry<String, ConfigNode.Entry> e : m.entries().entrySet()) {
                String key = e.getKey();
                Optional<FieldSpec> child = spec.child(key);
                if (child.isEmpty()) {
                    String near = Suggestions.closest(key, known);
                    if (near != null) suggested.add(near);
                    problem(e.getValue().keyPos(), join(path, key), "field '" + key + "' is not expected here"
                            + Suggestions.didYouMean(key, known));
                    continue;
                }
                check(e.getValue().value(), child.get(), join(path, key));
            }
        }
        for (FieldSpec c : spec.children()) {
            boolean present = m != null && m.has(c.name()) && !(m.get(c.name()) instanceof ConfigNode.ScalarNode s && s.isNull());
            // A misspelling already reported with this name as its suggestion says it all.
            if (c.isRequired() && !present && !suggested.contains(c.name())) {
                problem(pos, join(path, c.name()), "field '" + c.name() + "' is required");
            }
            // A default must meet the field's constraints too (an empty default list where one is needed).
            if (!present && c.hasDefault()) checkConstraints(c, c.defaultValue(), pos, join(path, c.name()));
        }
        if (!spec.constraints().isEmpty()) {
            Map<String, Object> given = new LinkedHashMap<>();
            if (m != null) m.entries().forEach((k, e) -> given.put(k, e.value().toPlain()));
            checkConstraints(spec, given, pos, path);
        }
    }

    /** Runs a field's {@link FieldSpec#constraints()} on its value (plain data). */
    private void checkConstraints(FieldSpec spec, Object value, Position pos, String path) {
        for (FieldSpec.Constraint c : spec.constraints()) {
            switch (c) {
                case FieldSpec.Check check -> {
                    String wrong = check.rule().problem(value);
                    if (wrong != null) problem(pos, path, wrong);
                }
                case FieldSpec.BloblangRule rule -> {
                    if (expressions != null) for (String wrong : runLintRule(rule, value)) problem(pos, path, wrong);
                }
            }
        }
    }

    private final Map<String, Mapping> lintRules = new HashMap<>();

    private List<String> runLintRule(FieldSpec.BloblangRule rule, Object value) {
        Object result;
        try {
            Mapping m = lintRules.get(rule.mapping());
            if (m == null) {
                m = expressions.parseMapping(rule.mapping());
                lintRules.put(rule.mapping(), m);
            }
            result = m.query(Batch.of(Part.ofStructured(value)), 0);
        } catch (ExpressionParseException | MappingException e) {
            // A broken rule is the spec's fault, not the user's: say so instead of passing silently.
            return List.of("lint rule '" + rule.doc() + "' could not run: " + e.getMessage());
        }
        if (result == null) return List.of();
        if (result instanceof String s) return s.isEmpty() ? List.of() : List.of(s);
        if (result instanceof List<?> l) return l.stream().filter(x -> x != null && !x.toString().isEmpty()).map(Object::toString).toList();
        return List.of(rule.doc() + ": " + result);
    }

    /** Checks a component config: its type must be registered and its value must fit that type's spec. */
    public void checkComponent(ConfigNode node, ComponentKind kind, String path) {
        Object parsed = ComponentNode.parse(node, kind);
        if (parsed instanceof String err) {
            problem(node.pos(), path, err);
            return;
        }
        ComponentNode cn = (ComponentNode) parsed;
        ConfigNode.MapNode m = (ConfigNode.MapNode) node;
        ConfigNode label = m.get("label");
        if (label != null && !(label instanceof ConfigNode.ScalarNode)) problem(label.pos(), join(path, "label"), "expected string");
        if (cn.processors() != null) {
            if (kind.takesProcessors()) check(cn.processors(), FieldSpec.processors("processors"), join(path, "processors"));
            else problem(cn.processors().pos(), join(path, "processors"), "a " + kind.singular() + " has no processors field");
        }
        if (kind == ComponentKind.METRICS && m.get("mapping") != null) {
            check(m.get("mapping"), ComponentNode.METRICS_MAPPING, join(path, "mapping"));
        }
        if (cn.type().equals("resource")) {
            if (!(cn.config() instanceof ConfigNode.ScalarNode s) || !(s.value() instanceof String ref)) {
                problem(cn.typePos(), join(path, "resource"), "expected the label of a " + kind.singular() + " resource");
            } else {
                checkReference(kind, ref, s.pos(), join(path, "resource"));
            }
            return;
        }
        Optional<ComponentSpec> reg = components.spec(kind, cn.type());
        if (reg.isEmpty()) {
            problem(cn.typePos(), join(path, cn.type()), "unknown " + kind.singular() + " type '" + cn.type() + "'"
                    + Suggestions.didYouMean(cn.type(), components.names(kind)));
            return;
        }
        FieldSpec configSpec = reg.get().config();
        String typePath = join(path, cn.type());
        ConfigNode config = reg.get().reshape(cn.config());
        if (config == null || config instanceof ConfigNode.ScalarNode s && s.isNull()) {
            if (configSpec.type() == FieldType.OBJECT && configSpec.shape() == FieldSpec.Shape.SCALAR) {
                checkObjectFields(null, configSpec, typePath, cn.typePos());
            } else if (configSpec.isRequired()) {
                problem(cn.typePos(), typePath, "a value is required for " + kind.singular() + " '" + cn.type() + "'");
            } else if (configSpec.hasDefault()) {
                checkConstraints(configSpec, configSpec.defaultValue(), cn.typePos(), typePath);
            }
            return;
        }
        check(config, configSpec, typePath);
    }
}
