package io.sluice.bloblang.runtime;

/** A constant value. Annotated like the original, e.g. {@code string literal}. */
public record Literal(Object value, String label) implements Query {

    @Override
    public Object exec(ExecContext ctx) {
        return value;
    }

    @Override
    public String annotation() {
        return label != null ? label : TypeNames.of(value) + " literal";
    }

    @Override
    public boolean isConstant() {
        return true;
    }
}
