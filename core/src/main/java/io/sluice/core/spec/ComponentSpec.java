package io.sluice.core.spec;

import io.sluice.core.config.ConfigNode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Everything a user can know about one component: name, kind, summary, its config field(s) and
 * examples. The config is one {@link FieldSpec}: usually an object of fields, but a component may
 * take a plain value (e.g. {@code bloblang: "root = this"}) or a list (the {@code switch} processor).
 */
public final class ComponentSpec {
    public enum Status { STABLE, BETA, EXPERIMENTAL, DEPRECATED }

    public record Example(String title, String summary, String config) {
    }

    private final String name;
    private final ComponentKind kind;
    private final Status status;
    private final String summary;
    private final String description;
    private final List<String> categories;
    private final FieldSpec config;
    private final List<Example> examples;
    private final UnaryOperator<ConfigNode> reshape;

    private ComponentSpec(String name, ComponentKind kind, Status status, String summary, String description,
                          List<String> categories, FieldSpec config, List<Example> examples) {
        this(name, kind, status, summary, description, categories, config, examples, UnaryOperator.identity());
    }

    private ComponentSpec(String name, ComponentKind kind, Status status, String summary, String description,
                          List<String> categories, FieldSpec config, List<Example> examples, UnaryOperator<ConfigNode> reshape) {
        this.name = name;
        this.kind = kind;
        this.status = status;
        this.summary = summary;
        this.description = description;
        this.categories = categories;
        this.config = config;
        this.examples = examples;
        this.reshape = reshape;
    }

    public static ComponentSpec input(String name) { return of(name, ComponentKind.INPUT); }
    public static ComponentSpec output(String name) { return of(name, ComponentKind.OUTPUT); }
    public static ComponentSpec processor(String name) { return of(name, ComponentKind.PROCESSOR); }
    public static ComponentSpec cache(String name) { return of(name, ComponentKind.CACHE); }
    public static ComponentSpec rateLimit(String name) { return of(name, ComponentKind.RATE_LIMIT); }
    public static ComponentSpec buffer(String name) { return of(name, ComponentKind.BUFFER); }

    public static ComponentSpec of(String name, ComponentKind kind) {
        return new ComponentSpec(name, kind, Status.STABLE, "", "", List.of(), FieldSpec.object(""), List.of());
    }

    public ComponentSpec status(Status s) { return new ComponentSpec(name, kind, s, summary, description, categories, config, examples, reshape); }
    public ComponentSpec summary(String s) { return new ComponentSpec(name, kind, status, s, description, categories, config, examples, reshape); }
    public ComponentSpec description(String d) { return new ComponentSpec(name, kind, status, summary, d, categories, config, examples, reshape); }
    public ComponentSpec categories(String... c) { return new ComponentSpec(name, kind, status, summary, description, List.of(c), config, examples, reshape); }
    public ComponentSpec withName(String n) { return new ComponentSpec(n, kind, status, summary, description, categories, config, examples, reshape); }

    /** The component's config is an object with these fields. */
    public ComponentSpec fields(FieldSpec... fields) {
        return new ComponentSpec(name, kind, status, summary, description, categories, FieldSpec.object("").withChildren(List.of(fields)), examples, reshape);
    }

    /** The component's config is a single value of this shape (its name is ignored). */
    public ComponentSpec config(FieldSpec field) {
        return new ComponentSpec(name, kind, status, summary, description, categories, field.withName(""), examples, reshape);
    }

    /** Exactly one of these fields of the config must be set (checked by lint). */
    public ComponentSpec oneOf(String... fields) {
        return new ComponentSpec(name, kind, status, summary, description, categories, config.oneOf(fields), examples, reshape);
    }

    /** At least one of these fields of the config must be set (checked by lint). */
    public ComponentSpec atLeastOneOf(String... fields) {
        return new ComponentSpec(name, kind, status, summary, description, categories, config.atLeastOneOf(fields), examples, reshape);
    }

    /** {@link #atLeastOneOf(String...)} with the message users see. */
    public ComponentSpec atLeastOneOf(List<String> fields, String message) {
        return new ComponentSpec(name, kind, status, summary, description, categories, config.atLeastOneOf(fields, message), examples, reshape);
    }

    public ComponentSpec example(String title, String exampleSummary, String yaml) {
        List<Example> l = new ArrayList<>(examples);
        l.add(new Example(title, exampleSummary, yaml));
        return new ComponentSpec(name, kind, status, summary, description, categories, config, List.copyOf(l), reshape);
    }

    /**
     * Also accepts a second way of writing this component's config, rewritten into the first before
     * lint and build see it (e.g. a list written as {@code {cases: [...]}}). Keep to forms that
     * users' configs in the wild contain.
     */
    public ComponentSpec alsoAccepts(UnaryOperator<ConfigNode> rewrite) {
        return new ComponentSpec(name, kind, status, summary, description, categories, config, examples, rewrite);
    }

    /** The config as the spec reads it: {@link #alsoAccepts} forms rewritten. */
    public ConfigNode reshape(ConfigNode node) {
        return node == null ? null : reshape.apply(node);
    }

    public String name() { return name; }
    public ComponentKind kind() { return kind; }
    public Status status() { return status; }
    public String summary() { return summary; }
    public String description() { return description; }
    public List<String> categories() { return categories; }
    public FieldSpec config() { return config; }
    public List<Example> examples() { return examples; }

    @Override
    public String toString() {
        return kind.singular() + " " + name;
    }
}
