package io.sluice.core.spec;

import io.sluice.core.expr.ExpressionLanguage;

/**
 * What a {@link Conf} is read in: the expression language its interpolations and mappings are
 * parsed with. A component's context is one, so a factory's Conf parses with the stream's language.
 */
public interface ConfContext {

    ExpressionLanguage expressions();
}
