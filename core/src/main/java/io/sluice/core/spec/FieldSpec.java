package io.sluice.core.spec;

import java.util.ArrayList;
import java.util.List;
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

    private final String name;
    private final FieldType type;
    private final Shape shape;
    private final Object defaultValue;
    private final boolean optional;
    private final boolean advanced;
    private final boolean interpolated;
    private final boolean deprecated;
    private final String description;
    private final List<Object> examples;
    private final List<String> options;
    private final List<FieldSpec> children;
    private final ComponentKind references;

    private FieldSpec(String name, FieldType type, Shape shape, Object defaultValue, boolean optional, boolean advanced,
                      boolean interpolated, boolean deprecated, String description, List<Object> examples,
                      List<String> options, List<FieldSpec> children, ComponentKind references) {
        this.name = name;
        this.type = type;
        this.shape = shape;
        this.defaultValue = defaultValue;
        this.optional = optional;
        this.advanced = advanced;
        this.interpolated = interpolated;
        this.deprecated = deprecated;
        this.description = description;
        this.examples = examples;
        this.options = options;
        this.children = children;
        this.references = references;
    }

    public static FieldSpec of(String name, FieldType type) {
        return new FieldSpec(name, type, Shape.SCALAR, NO_DEFAULT, false, false, false, false, "", List.of(), List.of(), List.of(), null);
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

    private FieldSpec copy(Shape shape, Object def, boolean optional, boolean advanced, boolean interpolated, boolean deprecated,
                           String description, List<Object> examples, List<String> options, List<FieldSpec> children) {
        return new FieldSpec(name, type, shape, def, optional, advanced, interpolated, deprecated, description, examples, options, children, references);
    }

    public FieldSpec array() { return copy(Shape.ARRAY, defaultValue, optional, advanced, interpolated, deprecated, description, examples, options, children); }
    public FieldSpec map() { return copy(Shape.MAP, defaultValue, optional, advanced, interpolated, deprecated, description, examples, options, children); }
    public FieldSpec defaultValue(Object v) { return copy(shape, v, optional, advanced, interpolated, deprecated, description, examples, options, children); }
    /** The field may be omitted and has no default: readers get "absent". */
    public FieldSpec optional() { return copy(shape, defaultValue, true, advanced, interpolated, deprecated, description, examples, options, children); }
    public FieldSpec advanced() { return copy(shape, defaultValue, optional, true, interpolated, deprecated, description, examples, options, children); }
    public FieldSpec interpolated() { return copy(shape, defaultValue, optional, advanced, true, deprecated, description, examples, options, children); }
    public FieldSpec deprecated() { return copy(shape, defaultValue, optional, advanced, interpolated, true, description, examples, options, children); }
    public FieldSpec description(String d) { return copy(shape, defaultValue, optional, advanced, interpolated, deprecated, d, examples, options, children); }

    public FieldSpec example(Object... ex) {
        List<Object> l = new ArrayList<>(examples);
        l.addAll(List.of(ex));
        return copy(shape, defaultValue, optional, advanced, interpolated, deprecated, description, List.copyOf(l), options, children);
    }

    /** Restricts a string field to these values (checked by lint, listed in docs). */
    public FieldSpec options(String... opts) {
        return copy(shape, defaultValue, optional, advanced, interpolated, deprecated, description, examples, List.of(opts), children);
    }

    public FieldSpec withChildren(List<FieldSpec> c) {
        return copy(shape, defaultValue, optional, advanced, interpolated, deprecated, description, examples, options, List.copyOf(c));
    }

    public FieldSpec withName(String newName) {
        return new FieldSpec(newName, type, shape, defaultValue, optional, advanced, interpolated, deprecated, description, examples, options, children, references);
    }

    /**
     * The field holds the label of a resource of this kind (a cache, a rate limit...). Lint checks
     * that the config declares it, at the field's line and column, as building the stream would.
     */
    public FieldSpec references(ComponentKind kind) {
        return new FieldSpec(name, type, shape, defaultValue, optional, advanced, interpolated, deprecated, description, examples, options, children, kind);
    }

    // ---- reading ----

    public String name() { return name; }
    public FieldType type() { return type; }
    public Shape shape() { return shape; }
    public boolean hasDefault() { return defaultValue != NO_DEFAULT; }
    public Object defaultValue() { return defaultValue == NO_DEFAULT ? null : defaultValue; }
    public boolean isOptional() { return optional; }
    /**
     * Must be present in a config: no default and not optional. An object whose fields all have
     * defaults is not required: leaving it out means "all defaults".
     */
    public boolean isRequired() {
        if (optional || hasDefault()) return false;
        if (type == FieldType.OBJECT && shape == Shape.SCALAR) return children.stream().anyMatch(FieldSpec::isRequired);
        return true;
    }
    public boolean isAdvanced() { return advanced; }
    public boolean isInterpolated() { return interpolated; }
    public boolean isDeprecated() { return deprecated; }
    public String description() { return description; }
    public List<Object> examples() { return examples; }
    public List<String> options() { return options; }
    public List<FieldSpec> children() { return children; }
    /** The kind of resource this field names by label, or null. */
    public ComponentKind references() { return references; }

    public Optional<FieldSpec> child(String childName) {
        for (FieldSpec c : children) if (c.name.equals(childName)) return Optional.of(c);
        return Optional.empty();
    }

    /** The type as docs show it, e.g. "array of string". */
    public String typeName() {
        return switch (shape) {
            case SCALAR -> type.docName();
            case ARRAY -> "array of " + (type == FieldType.OBJECT ? "object" : type.docName());
            case MAP -> "map of " + type.docName();
        };
    }

    /** The same field as one element of its array or map. */
    public FieldSpec element() {
        return copy(Shape.SCALAR, NO_DEFAULT, false, advanced, interpolated, deprecated, description, examples, options, children);
    }

    @Override
    public String toString() {
        return name + ": " + typeName();
    }
}
