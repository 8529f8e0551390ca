package io.sluice.core.spec;

import io.sluice.core.regex.Regex;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One config field: its name, type, shape, default and documentation. Immutable; the fluent methods
 * return modified copies, so a spec reads as one expression:
 * <pre>{@code FieldSpec.string("topic").description("The topic to consume.").interpolated().example("events")}</pre>
 * The same object drives parsing, defaults, validation, lint messages and generated docs.
 */
public final class FieldSpec {
    /** How values of {@link #type()} are arranged. */
    public enum Shape { SCALAR, ARRAY, MAP }

    private static final Object NO_DEFAULT = new Object();

    /**
     * A check of one value of a field, run by lint (at the value's line and column) and by
     * {@link Conf} readers that ask for it. Returns null when the value is fine, else what is wrong.
     */
    @FunctionalInterface
    public interface ValueRule {
        String problem(Object value);
    }

    /**
     * A check of a field's whole value (an array as a whole, an object with its fields), run by lint
     * at the value's line and column, and on the default when the field is left out. Returns null
     * when the value is fine, else what is wrong. Made by {@link #nonEmpty}, {@link #min},
     * {@link #max}, {@link #oneOf}, {@link #atLeastOneOf} and {@link #lintRule}.
     */
    public sealed interface Constraint {
        /** What docs say about the constraint, e.g. "at least 1". */
        String doc();
    }

    /** A check in Java of the value as plain data (strings, numbers, lists, maps). */
    public record Check(String doc, ValueRule rule) implements Constraint {
    }

    /**
     * A check written in Bloblang: the mapping runs with the value as {@code this}; it assigns
     * {@code root} a string (one problem), an array of strings (several) or nothing / null (fine).
     * It runs when a mapping language is on the class path, as every mapping in a config is checked.
     */
    public record BloblangRule(String doc, String mapping) implements Constraint {
    }

    /** Everything but the name and type, so each fluent method changes one attribute and copies the rest. */
    private record Attrs(Shape shape, Object defaultValue, boolean optional, boolean advanced, boolean interpolated,
                         boolean deprecated, String description, List<Object> examples, List<String> options,
                         List<FieldSpec> children, ComponentKind references, List<ValueRule> rules,
                         List<Constraint> constraints) {
    }

    private final String name;
    private final FieldType type;
    private final Attrs a;

    private FieldSpec(String name, FieldType type, Attrs attrs) {
        this.name = name;
        this.type = type;
        this.a = attrs;
    }

    public static FieldSpec of(String name, FieldType type) {
        return new FieldSpec(name, type, new Attrs(Shape.SCALAR, NO_DEFAULT, false, false, false, false, "", List.of(), List.of(),
                List.of(), null, List.of(), List.of()));
    }

    public static FieldSpec string(String name) { return of(name, FieldType.STRING); }
    public static FieldSpec integer(String name) { return of(name, FieldType.INT); }
    public static FieldSpec number(String name) { return of(name, FieldType.FLOAT); }
    public static FieldSpec bool(String name) { return of(name, FieldType.BOOL); }
    public static FieldSpec duration(String name) { return of(name, FieldType.DURATION); }
    public static FieldSpec bloblang(String name) { return of(name, FieldType.BLOBLANG); }
    public static FieldSpec any(String name) { return of(name, FieldType.ANY); }
    public static FieldSpec input(String name) { return of(name, FieldType.INPUT); }
    public static FieldSpec output(String name) { return of(name, FieldType.OUTPUT); }
    public static FieldSpec processor(String name) { return of(name, FieldType.PROCESSOR); }
    public static FieldSpec stringList(String name) { return of(name, FieldType.STRING).array(); }
    public static FieldSpec stringMap(String name) { return of(name, FieldType.STRING).map(); }
    public static FieldSpec inputs(String name) { return of(name, FieldType.INPUT).array(); }
    public static FieldSpec outputs(String name) { return of(name, FieldType.OUTPUT).array(); }
    public static FieldSpec processors(String name) { return of(name, FieldType.PROCESSOR).array(); }

    public static FieldSpec object(String name, FieldSpec... children) {
        return of(name, FieldType.OBJECT).withChildren(List.of(children));
    }

    /** An array of objects, each with the given fields. */
    public static FieldSpec objectList(String name, FieldSpec... children) {
        return object(name, children).array();
    }

    // ---- fluent copies ----

    private FieldSpec with(Attrs attrs) {
        return new FieldSpec(name, type, attrs);
    }

    public FieldSpec array() { return with(new Attrs(Shape.ARRAY, a.defaultValue, a.optional, a.advanced, a.interpolated, a.deprecated, a.description, a.examples, a.options, a.children, a.references, a.rules, a.constraints)); }
    public FieldSpec map() { return with(new Attrs(Shape.MAP, a.defaultValue, a.optional, a.advanced, a.interpolated, a.deprecated, a.description, a.examples, a.options, a.children, a.references, a.rules, a.constraints)); }
    public FieldSpec defaultValue(Object v) { return with(new Attrs(a.shape, v, a.optional, a.advanced, a.interpolated, a.deprecated, a.description, a.examples, a.options, a.children, a.references, a.rules, a.constraints)); }
    /** The field may be omitted and has no default: readers get "absent". */
    public FieldSpec optional() { return with(new Attrs(a.shape, a.defaultValue, true, a.advanced, a.interpolated, a.deprecated, a.description, a.examples, a.options, a.children, a.references, a.rules, a.constraints)); }
    public FieldSpec advanced() { return with(new Attrs(a.shape, a.defaultValue, a.optional, true, a.interpolated, a.deprecated, a.description, a.examples, a.options, a.children, a.references, a.rules, a.constraints)); }
    public FieldSpec interpolated() { return with(new Attrs(a.shape, a.defaultValue, a.optional, a.advanced, true, a.deprecated, a.description, a.examples, a.options, a.children, a.references, a.rules, a.constraints)); }
    public FieldSpec deprecated() { return with(new Attrs(a.shape, a.defaultValue, a.optional, a.advanced, a.interpolated, true, a.description, a.examples, a.options, a.children, a.references, a.rules, a.constraints)); }
    public FieldSpec description(String d) { return with(new Attrs(a.shape, a.defaultValue, a.optional, a.advanced, a.interpolated, a.deprecated, d, a.examples, a.options, a.children, a.references, a.rules, a.constraints)); }

    public FieldSpec example(Object... ex) {
        List<Object> l = new ArrayList<>(a.examples);
        l.addAll(List.of(ex));
        return with(new Attrs(a.shape, a.defaultValue, a.optional, a.advanced, a.interpolated, a.deprecated, a.description, List.copyOf(l), a.options, a.children, a.references, a.rules, a.constraints));
    }

    /** Restricts a string field to these values (checked by lint, listed in docs). */
    public FieldSpec options(String... opts) {
        return with(new Attrs(a.shape, a.defaultValue, a.optional, a.advanced, a.interpolated, a.deprecated, a.description, a.examples, List.of(opts), a.children, a.references, a.rules, a.constraints));
    }

    public FieldSpec withChildren(List<FieldSpec> c) {
        return with(new Attrs(a.shape, a.defaultValue, a.optional, a.advanced, a.interpolated, a.deprecated, a.description, a.examples, a.options, List.copyOf(c), a.references, a.rules, a.constraints));
    }

    public FieldSpec withName(String newName) {
        return new FieldSpec(newName, type, a);
    }

    /**
     * The field holds the label of a resource of this kind (a cache, a rate limit...). Lint checks
     * that the config declares it, at the field's line and column, as building the stream would.
     */
    public FieldSpec references(ComponentKind kind) {
        return with(new Attrs(a.shape, a.defaultValue, a.optional, a.advanced, a.interpolated, a.deprecated, a.description, a.examples, a.options, a.children, kind, a.rules, a.constraints));
    }

    /** Adds a check of each value (of each element, for arrays and maps) that lint runs. */
    public FieldSpec rule(ValueRule rule) {
        List<ValueRule> l = new ArrayList<>(a.rules);
        l.add(rule);
        return with(new Attrs(a.shape, a.defaultValue, a.optional, a.advanced, a.interpolated, a.deprecated, a.description, a.examples, a.options, a.children, a.references, List.copyOf(l), a.constraints));
    }

    /** The value is a regular expression in RE2 syntax, the syntax of the dialect's Go origins. */
    public FieldSpec regex() {
        return rule(v -> v instanceof String s ? Regex.problem(s) : null);
    }

    private FieldSpec constrain(Constraint c) {
        List<Constraint> l = new ArrayList<>(a.constraints);
        l.add(c);
        return with(new Attrs(a.shape, a.defaultValue, a.optional, a.advanced, a.interpolated, a.deprecated, a.description, a.examples, a.options, a.children, a.references, a.rules, List.copyOf(l)));
    }

    /** An array or map needs at least one element, a string at least one character. */
    public FieldSpec nonEmpty() {
        String what = shape() == Shape.SCALAR ? "must not be empty" : "needs at least one element";
        return nonEmpty(name + " " + what);
    }

    /** {@link #nonEmpty()} with the message users see, e.g. "at least one URL is required". */
    public FieldSpec nonEmpty(String message) {
        return constrain(new Check("not empty", v -> isEmpty(v) ? message : null));
    }

    /** An array needs at least {@code least} elements. */
    public FieldSpec minItems(int least, String message) {
        return constrain(new Check("at least " + least + " elements",
                v -> v instanceof Collection<?> c && c.size() < least ? message.replace("{n}", String.valueOf(c.size())) : null));
    }

    /** A number field's lowest allowed value. */
    public FieldSpec min(long least) {
        return min(least, name + " must be at least " + least);
    }

    public FieldSpec min(long least, String message) {
        return constrain(new Check("at least " + least, v -> v instanceof Number n && n.doubleValue() < least ? message : null));
    }

    /** A number field's highest allowed value. */
    public FieldSpec max(long most) {
        return max(most, name + " must be at most " + most);
    }

    public FieldSpec max(long most, String message) {
        return constrain(new Check("at most " + most, v -> v instanceof Number n && n.doubleValue() > most ? message : null));
    }

    /** A number field's allowed range, both ends included, checked as one rule with one message. */
    public FieldSpec range(long least, long most) {
        return range(least, most, name + " must be between " + least + " and " + most);
    }

    public FieldSpec range(long least, long most, String message) {
        return constrain(new Check("from " + least + " to " + most,
                v -> v instanceof Number n && (n.doubleValue() < least || n.doubleValue() > most) ? message : null));
    }

    /** An object in which exactly one of these fields must be set. */
    public FieldSpec oneOf(String... fields) {
        List<String> names = List.of(fields);
        return constrain(new Check("exactly one of " + String.join(", ", names), v -> {
            long set = names.stream().filter(f -> isSet(v, f)).count();
            if (set == 1) return null;
            return set == 0 ? "set one of " + quoted(names) : "set only one of " + quoted(names);
        }));
    }

    /** An object in which at least one of these fields must be set. */
    public FieldSpec atLeastOneOf(String... fields) {
        List<String> names = List.of(fields);
        return atLeastOneOf(names, "set at least one of " + quoted(names));
    }

    /** {@link #atLeastOneOf(String...)} with the message users see. */
    public FieldSpec atLeastOneOf(List<String> names, String message) {
        return constrain(new Check("at least one of " + String.join(", ", names),
                v -> names.stream().anyMatch(f -> isSet(v, f)) ? null : message));
    }

    /**
     * A rule in Bloblang, for checks easier to say as a mapping, e.g.
     * {@code root = if this.contains("#") { "a topic name cannot hold '#'" }}.
     * {@code doc} is what the docs say about the rule.
     */
    public FieldSpec lintRule(String doc, String mapping) {
        return constrain(new BloblangRule(doc, mapping));
    }

    private static boolean isEmpty(Object v) {
        return v instanceof String s && s.isEmpty() || v instanceof Collection<?> c && c.isEmpty()
                || v instanceof Map<?, ?> m && m.isEmpty();
    }

    /** Set, for oneOf / atLeastOneOf: given, and not null, an empty list or an empty string. */
    private static boolean isSet(Object v, String field) {
        return v instanceof Map<?, ?> m && m.get(field) != null && !isEmpty(m.get(field));
    }

    private static String quoted(List<String> names) {
        return String.join(", ", names.stream().map(n -> "'" + n + "'").toList());
    }

    // ---- reading ----

    public String name() { return name; }
    public FieldType type() { return type; }
    public Shape shape() { return a.shape; }
    public boolean hasDefault() { return a.defaultValue != NO_DEFAULT; }
    public Object defaultValue() { return a.defaultValue == NO_DEFAULT ? null : a.defaultValue; }
    public boolean isOptional() { return a.optional; }
    /**
     * Must be present in a config: no default and not optional. An object whose fields all have
     * defaults is not required: leaving it out means "all defaults".
     */
    public boolean isRequired() {
        if (a.optional || hasDefault()) return false;
        if (type == FieldType.OBJECT && a.shape == Shape.SCALAR) return a.children.stream().anyMatch(FieldSpec::isRequired);
        return true;
    }
    public boolean isAdvanced() { return a.advanced; }
    public boolean isInterpolated() { return a.interpolated; }
    public boolean isDeprecated() { return a.deprecated; }
    public String description() { return a.description; }
    public List<Object> examples() { return a.examples; }
    public List<String> options() { return a.options; }
    public List<FieldSpec> children() { return a.children; }
    /** The checks lint runs on each value. */
    public List<ValueRule> rules() { return a.rules; }
    /** The checks of the whole value that lint runs, in the order they were added. */
    public List<Constraint> constraints() { return a.constraints; }
    /** The kind of resource this field names by label, or null. */
    public ComponentKind references() { return a.references; }

    public Optional<FieldSpec> child(String childName) {
        for (FieldSpec c : a.children) if (c.name.equals(childName)) return Optional.of(c);
        return Optional.empty();
    }

    /** The type as docs show it, e.g. "array of string". */
    public String typeName() {
        return switch (a.shape) {
            case SCALAR -> type.docName();
            case ARRAY -> "array of " + (type == FieldType.OBJECT ? "object" : type.docName());
            case MAP -> "map of " + type.docName();
        };
    }

    /** The same field as one element of its array or map. */
    public FieldSpec element() {
        return with(new Attrs(Shape.SCALAR, NO_DEFAULT, false, a.advanced, a.interpolated, a.deprecated, a.description, a.examples, a.options,
                a.children, a.references, a.rules, List.of()));
    }

    @Override
    public String toString() {
        return name + ": " + typeName();
    }
}
