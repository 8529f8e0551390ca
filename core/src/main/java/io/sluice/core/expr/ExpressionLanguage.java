package io.sluice.core.expr;

import java.util.ServiceLoader;

/**
 * The mapping language used by {@code mapping}, {@code check} and interpolated fields. The core
 * only knows this interface; the Bloblang module provides it through {@link ServiceLoader}, so the
 * engine compiles and lints mappings without depending on the implementation.
 */
public interface ExpressionLanguage {

    Mapping parseMapping(String source) throws ExpressionParseException;

    Interpolation parseInterpolation(String source) throws ExpressionParseException;

    /** The language found on the class path. */
    static ExpressionLanguage get() {
        return find().orElseThrow(() -> new IllegalStateException("no ExpressionLanguage on the class path (is sluice-bloblang missing?)"));
    }

    static java.util.Optional<ExpressionLanguage> find() {
        return Holder.INSTANCE;
    }

    final class Holder {
        private static final java.util.Optional<ExpressionLanguage> INSTANCE = ServiceLoader.load(ExpressionLanguage.class).findFirst();

        private Holder() {
        }
    }
}
