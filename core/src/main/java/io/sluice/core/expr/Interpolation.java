package io.sluice.core.expr;

import io.sluice.core.message.Batch;

import java.nio.charset.StandardCharsets;

/** A string field with {@code ${! expression }} parts, rendered per message. */
public interface Interpolation {

    /** Renders against the part at {@code index} of {@code batch}. Expressions that fail render as {@code null} text and are reported through the logger, as in the original dialect. */
    String render(Batch batch, int index);

    default byte[] renderBytes(Batch batch, int index) {
        return render(batch, index).getBytes(StandardCharsets.UTF_8);
    }

    /** True when the string has no dynamic part, so callers can compute it once. */
    boolean isStatic();

    /** An interpolation of a plain string with no expressions. */
    static Interpolation constant(String value) {
        return new Interpolation() {
            @Override
            public String render(Batch batch, int index) {
                return value;
            }

            @Override
            public boolean isStatic() {
                return true;
            }

            @Override
            public String toString() {
                return value;
            }
        };
    }
}
