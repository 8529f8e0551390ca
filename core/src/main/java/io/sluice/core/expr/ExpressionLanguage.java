package io.sluice.core.expr;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The mapping language used by {@code mapping}, {@code check} and interpolated fields. The core
 * only knows this interface; the Bloblang module provides it through {@link ServiceLoader}, so the
 * engine compiles and lints mappings without depending on the implementation.
 */
public interface ExpressionLanguage {

    Mapping parseMapping(String source) throws ExpressionParseException;

    Interpolation parseInterpolation(String source) throws ExpressionParseException;

    /**
     * This language with {@code functions} refused: a mapping or interpolation calling one does not compile, its
     * error being the reason given. With {@code importRefusal} set, reading files through imports is refused too.
     * For mappings written by someone who must not reach the host they run on (streams inside API definitions).
     */
    default ExpressionLanguage refusing(Map<String, String> functions, String importRefusal) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot refuse functions");
    }

    /** The language found on the class path. */
    static ExpressionLanguage get() {
        return find().orElseThrow(() -> new IllegalStateException("no ExpressionLanguage on the class path (is sluice-bloblang missing?)"));
    }

    static Optional<ExpressionLanguage> find() {
        return Holder.INSTANCE;
    }

    final class Holder {
        private static final Optional<ExpressionLanguage> INSTANCE = ServiceLoader.load(ExpressionLanguage.class).findFirst();

        private Holder() {
        }
    }
}
