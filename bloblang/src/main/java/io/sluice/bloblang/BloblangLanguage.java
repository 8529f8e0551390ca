package io.sluice.bloblang;

import io.sluice.core.expr.ExpressionLanguage;
import io.sluice.core.expr.ExpressionParseException;
import io.sluice.core.expr.Interpolation;
import io.sluice.core.expr.Mapping;

/** Bloblang as the engine's {@link ExpressionLanguage} (registered as a service). */
public final class BloblangLanguage implements ExpressionLanguage {

    @Override
    public Mapping parseMapping(String source) throws ExpressionParseException {
        return Bloblang.compile(source);
    }

    @Override
    public Interpolation parseInterpolation(String source) throws ExpressionParseException {
        return Bloblang.interpolation(source);
    }
}
