package io.sluice.core.spec;

import java.util.ArrayList;
import java.util.List;

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

    private ComponentSpec(String name, ComponentKind kind, Status status, String summary, String description,
                          List<String> categories, FieldSpec config, List<Example> examples) {
        this.name = name;
        this.kind = kind;
        this.status = status;
        this.summary = summary;
        this.description = description;
        this.categories = categories;
        this.config = config;
        this.examples = examples;
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

    public ComponentSpec status(Status s) { return new ComponentSpec(name, kind, s, summary, description, categories, config, examples); }
    public ComponentSpec summary(String s) { return new ComponentSpec(name, kind, status, s, description, categories, config, examples); }
    public ComponentSpec description(String d) { return new ComponentSpec(name, kind, status, summary, d, categories, config, examples); }
    public ComponentSpec categories(String... c) { return new ComponentSpec(name, kind, status, summary, description, List.of(c), config, examples); }
    public ComponentSpec withName(String n) { return new ComponentSpec(n, kind, status, summary, description, categories, config, examples); }

    /** The component's config is an object with these fields. */
    public ComponentSpec fields(FieldSpec... fields) {
        return new ComponentSpec(name, kind, status, summary, description, categories, FieldSpec.object("").withChildren(List.of(fields)), examples);
    }

    /** The component's config is a single value of this shape (its name is ignored). */
    public ComponentSpec config(FieldSpec field) {
        return new ComponentSpec(name, kind, status, summary, description, categories, field.withName(""), examples);
    }

    public ComponentSpec example(String title, String exampleSummary, String yaml) {
        List<Example> l = new ArrayList<>(examples);
        l.add(new Example(title, exampleSummary, yaml));
        return new ComponentSpec(name, kind, status, summary, description, categories, config, List.copyOf(l));
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
