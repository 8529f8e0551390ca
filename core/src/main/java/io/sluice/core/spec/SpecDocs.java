package io.sluice.core.spec;

import io.sluice.core.message.Structured;

import java.util.List;
import java.util.Map;

/** Renders a component's documentation page (Markdown) from its spec: the same source that parses and lints. */
public final class SpecDocs {
    private SpecDocs() {
    }

    public static String markdown(ComponentSpec spec) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(spec.name()).append("\n\n");
        sb.append("Type: ").append(spec.kind().singular());
        if (spec.status() != ComponentSpec.Status.STABLE) sb.append(" · status: ").append(spec.status().name().toLowerCase());
        sb.append("\n\n");
        if (!spec.summary().isEmpty()) sb.append(spec.summary()).append("\n\n");
        sb.append("```yaml\n");
        sb.append(spec.kind().singular()).append(":\n");
        sb.append("  label: \"\"\n");
        FieldSpec config = spec.config();
        if (config.type() == FieldType.OBJECT && config.shape() == FieldSpec.Shape.SCALAR) {
            sb.append("  ").append(spec.name()).append(":");
            if (config.children().isEmpty()) sb.append(" {}");
            sb.append("\n");
            for (FieldSpec f : config.children()) yaml(sb, f, "    ");
        } else {
            sb.append("  ").append(spec.name()).append(": ").append(exampleValue(config)).append("\n");
        }
        sb.append("```\n\n");
        if (!spec.description().isEmpty()) sb.append(spec.description()).append("\n\n");
        if (config.type() == FieldType.OBJECT && !config.children().isEmpty()) {
            sb.append("## Fields\n\n");
            if (!config.constraints().isEmpty()) sb.append("The fields must be: ").append(constraintsDoc(config)).append(".\n\n");
            for (FieldSpec f : config.children()) fieldDocs(sb, f, "");
        }
        for (ComponentSpec.Example ex : spec.examples()) {
            sb.append("## Example: ").append(ex.title()).append("\n\n");
            if (!ex.summary().isEmpty()) sb.append(ex.summary()).append("\n\n");
            sb.append("```yaml\n").append(ex.config().strip()).append("\n```\n\n");
        }
        return sb.toString();
    }

    private static void yaml(StringBuilder sb, FieldSpec f, String indent) {
        if (f.isAdvanced() || f.isDeprecated()) return;
        sb.append(indent).append(f.name()).append(":");
        if (f.type() == FieldType.OBJECT && f.shape() == FieldSpec.Shape.SCALAR && !f.children().isEmpty() && !f.hasDefault()) {
            sb.append("\n");
            for (FieldSpec c : f.children()) yaml(sb, c, indent + "  ");
            return;
        }
        sb.append(" ").append(exampleValue(f)).append("\n");
    }

    private static String exampleValue(FieldSpec f) {
        if (f.hasDefault()) return render(f.defaultValue());
        if (!f.examples().isEmpty()) return render(f.examples().get(0));
        if (f.shape() == FieldSpec.Shape.ARRAY) return "[]";
        if (f.shape() == FieldSpec.Shape.MAP || f.type() == FieldType.OBJECT) return "{}";
        return "\"\" # No default (" + (f.isOptional() ? "optional" : "required") + ")";
    }

    private static String render(Object v) {
        if (v instanceof String s) return Structured.toJson(s);
        if (v instanceof Map<?, ?> m && m.isEmpty()) return "{}";
        if (v instanceof List<?> l && l.isEmpty()) return "[]";
        return Structured.toJson(v);
    }

    /** The field's constraints as docs say them, e.g. "not empty; at least 1". */
    static String constraintsDoc(FieldSpec f) {
        return String.join("; ", f.constraints().stream().map(FieldSpec.Constraint::doc).toList());
    }

    private static void fieldDocs(StringBuilder sb, FieldSpec f, String prefix) {
        String name = prefix + f.name();
        sb.append("### `").append(name).append("`\n\n");
        if (!f.description().isEmpty()) sb.append(f.description()).append("\n");
        if (f.isInterpolated()) sb.append("Interpolated: each `${! ... }` in the value is worked out for every message.\n");
        sb.append("\nType: `").append(f.typeName()).append("`");
        if (f.hasDefault()) sb.append("  \nDefault: `").append(render(f.defaultValue())).append("`");
        else if (f.isRequired()) sb.append("  \nRequired.");
        if (!f.options().isEmpty()) sb.append("  \nOptions: ").append(String.join(", ", f.options().stream().map(o -> "`" + o + "`").toList()));
        if (!f.constraints().isEmpty()) sb.append("  \nMust be: ").append(constraintsDoc(f)).append(".");
        sb.append("\n\n");
        if (!f.examples().isEmpty()) {
            sb.append("```yaml\n# Examples\n");
            for (Object ex : f.examples()) sb.append(f.name()).append(": ").append(render(ex)).append("\n");
            sb.append("```\n\n");
        }
        if (f.type() == FieldType.OBJECT) for (FieldSpec c : f.children()) fieldDocs(sb, c, name + (f.shape() == FieldSpec.Shape.ARRAY ? "[]." : "."));
    }
}
