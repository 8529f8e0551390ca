package io.sluice.bloblang.runtime;

import java.util.List;

/**
 * A value of the wrong type: {@code expected number value, got string from field `this.a` ("abc")}.
 * Built through {@code Values.typeError} in the library.
 */
public final class TypeException extends QueryException {
    private final List<String> expected;
    private final String actual;
    private final String from;
    private final String shown;

    public TypeException(List<String> expected, String actual, String from, String shown) {
        super(render(expected, actual, from, shown), from != null, null);
        this.expected = List.copyOf(expected);
        this.actual = actual;
        this.from = from;
        this.shown = shown;
    }

    @Override
    public QueryException from(Query source) {
        if (from != null) return this;
        return new TypeException(expected, actual, source.annotation(), shown);
    }

    public String actualType() {
        return actual;
    }

    private static String render(List<String> expected, String actual, String from, String shown) {
        StringBuilder sb = new StringBuilder();
        if (expected.isEmpty()) {
            sb.append("unexpected value");
        } else {
            sb.append("expected ");
            for (int i = 0; i < expected.size(); i++) {
                if (i > 0) sb.append(expected.size() > 2 && i < expected.size() - 1 ? ", " : " or ");
                sb.append(expected.get(i));
            }
            sb.append(" value");
        }
        sb.append(", got ").append(actual);
        if (from != null && !from.isEmpty()) sb.append(" from ").append(from);
        if (shown != null && !shown.isEmpty()) sb.append(" (").append(shown).append(')');
        return sb.toString();
    }
}
