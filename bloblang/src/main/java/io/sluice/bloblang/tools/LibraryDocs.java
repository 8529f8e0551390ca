package io.sluice.bloblang.tools;

import io.sluice.bloblang.lib.Category;
import io.sluice.bloblang.lib.Example;
import io.sluice.bloblang.lib.FunctionSpec;
import io.sluice.bloblang.lib.Library;
import io.sluice.bloblang.lib.MethodSpec;
import io.sluice.bloblang.lib.Param;
import io.sluice.bloblang.lib.ParamType;
import io.sluice.bloblang.lib.Status;
import io.sluice.bloblang.runtime.Literal;
import io.sluice.core.message.Structured;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Renders the reference of a {@link Library} as Markdown. Signatures, parameter types, defaults,
 * optionality and status come from the specs, so the hand-written descriptions only say what the
 * spec cannot.
 */
public final class LibraryDocs {

    private LibraryDocs() {
    }

    /** The whole library: functions, then methods, each grouped by category; hidden entries left out. */
    public static String markdown(Library lib) {
        StringBuilder sb = new StringBuilder("# Bloblang functions and methods\n");
        sb.append("\n## Functions\n");
        for (Category c : Category.values()) {
            List<FunctionSpec> specs = lib.functions().stream().map(Library.FunctionEntry::spec)
                    .filter(s -> s.category() == c && s.status() != Status.HIDDEN).toList();
            if (specs.isEmpty()) continue;
            sb.append("\n### ").append(c.title()).append('\n');
            for (FunctionSpec s : specs) function(sb, s);
        }
        sb.append("\n## Methods\n");
        for (Category c : Category.values()) {
            List<MethodSpec> specs = lib.methods().stream().map(Library.MethodEntry::spec)
                    .filter(s -> s.category() == c && s.status() != Status.HIDDEN).toList();
            if (specs.isEmpty()) continue;
            sb.append("\n### ").append(c.title()).append('\n');
            for (MethodSpec s : specs) method(sb, s);
        }
        return sb.toString();
    }

    /** One function or method by name ({@code "uuid_v4"} or {@code ".uppercase"}), if the library has it. */
    public static Optional<String> markdown(Library lib, String name) {
        StringBuilder sb = new StringBuilder();
        if (name.startsWith(".")) {
            lib.method(name.substring(1)).ifPresent(e -> method(sb, e.spec()));
        } else {
            lib.function(name).ifPresent(e -> function(sb, e.spec()));
        }
        return sb.isEmpty() ? Optional.empty() : Optional.of(sb.toString().strip() + "\n");
    }

    private static void function(StringBuilder sb, FunctionSpec s) {
        entry(sb, s.name(), s.name() + signature(s.params(), s.isVariadic()), s.status(), s.description(), s.params(), s.examples());
    }

    private static void method(StringBuilder sb, MethodSpec s) {
        entry(sb, "." + s.name(), "." + s.name() + signature(s.params(), s.isVariadic()), s.status(), s.description(), s.params(), s.examples());
    }

    private static void entry(StringBuilder sb, String title, String signature, Status status, String description,
                              List<Param> params, List<Example> examples) {
        sb.append("\n#### `").append(title).append("`\n\n");
        sb.append("```coffee\n").append(signature).append("\n```\n\n");
        if (status != Status.STABLE) sb.append("*").append(statusNote(status)).append("*\n\n");
        sb.append(description.strip()).append('\n');
        if (!params.isEmpty()) {
            sb.append("\n**Parameters**\n\n");
            for (Param p : params) {
                sb.append("- `").append(p.name()).append("` (").append(typeName(p));
                if (p.hasDefault()) sb.append(", default ").append(code(render(p.defaultValue())));
                else if (p.isOptional()) sb.append(", optional");
                if (p.mustBeLiteral()) sb.append(", literal only");
                sb.append("): ").append(p.description().strip()).append('\n');
            }
        }
        for (Example ex : examples) example(sb, ex);
    }

    private static void example(StringBuilder sb, Example ex) {
        sb.append('\n');
        if (!ex.summary().isBlank()) sb.append(ex.summary().strip()).append("\n\n");
        sb.append("```coffee\n").append(ex.mapping().strip()).append("\n");
        for (Example.Case c : ex.cases()) {
            sb.append("\n# in:  ").append(c.input().replace("\n", "\n#      "));
            sb.append("\n# out: ").append(c.output().replace("\n", "\n#      "));
        }
        sb.append("\n```\n");
        if (!ex.tested()) sb.append("\n(An example of the output; yours will differ.)\n");
    }

    /** {@code (start: integer, step: integer = 1)}. */
    static String signature(List<Param> params, boolean variadic) {
        if (variadic) return "(...)";
        List<String> parts = new ArrayList<>();
        for (Param p : params) {
            String part = p.name() + ": " + typeName(p);
            if (p.hasDefault()) part += " = " + render(p.defaultValue());
            else if (p.isOptional()) part += "?";
            parts.add(part);
        }
        return "(" + String.join(", ", parts) + ")";
    }

    /** The type as the docs name it; {@code any} reads better than the original's {@code unknown}. */
    private static String typeName(Param p) {
        return p.type() == ParamType.ANY ? "any" : p.type().typeName();
    }

    private static String statusNote(Status status) {
        return switch (status) {
            case BETA -> "Beta: the behaviour is settled, details may still change.";
            case EXPERIMENTAL -> "Experimental: may change or go away in a later release.";
            case DEPRECATED -> "Deprecated: kept so that old mappings still run; the description names the replacement.";
            default -> "";
        };
    }

    /** A default as a Bloblang literal; query parameters hold theirs as a constant query. */
    static String render(Object value) {
        Object v = value instanceof Literal l ? l.value() : value;
        return Structured.toJson(v);
    }

    private static String code(String s) {
        return s.contains("`") ? "`` " + s + " ``" : "`" + s + "`";
    }
}
