package io.sluice.bloblang.runtime;

import java.util.function.Function;

/**
 * A compiled expression: evaluated once per message (or per element inside a lambda). Every node of a
 * compiled mapping is a {@code Query}, so running a mapping walks a tree of objects built once at
 * compile time; nothing is parsed or looked up by name per message.
 *
 * <p>Failures are reported by throwing {@link QueryException} (unchecked and stack-less, so that
 * {@code catch()} and the {@code |} operator stay cheap).
 */
public interface Query {

    /** Evaluates the expression. */
    Object exec(ExecContext ctx);

    /** A short description used in error messages, e.g. {@code field `this.foo`} or {@code method uppercase}. */
    String annotation();

    /** True when the value never changes (a literal); lets the compiler fold constants. */
    default boolean isConstant() {
        return false;
    }

    /** A query from a lambda, for library code. */
    static Query of(String annotation, Function<ExecContext, Object> body) {
        return new Query() {
            @Override
            public Object exec(ExecContext ctx) {
                return body.apply(ctx);
            }

            @Override
            public String annotation() {
                return annotation;
            }
        };
    }

    /** A query that always returns {@code value}. */
    static Query constant(Object value) {
        return new Literal(value, null);
    }
}
