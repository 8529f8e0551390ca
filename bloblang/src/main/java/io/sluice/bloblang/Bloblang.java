package io.sluice.bloblang;

import io.sluice.core.expr.ExpressionParseException;

/** Entry points with the standard {@link Environment}. */
public final class Bloblang {
    private Bloblang() {
    }

    /** Parses and compiles a mapping once; the result is reused for every message. */
    public static BloblangMapping compile(String mapping) throws ExpressionParseException {
        return Environment.standard().compile(mapping);
    }

    /** Parses a string with {@code ${! expr }} interpolations. */
    public static BloblangInterpolation interpolation(String text) throws ExpressionParseException {
        return Environment.standard().compileInterpolation(text);
    }
}
