package io.sluice.core.registry;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.spec.Conf;

/** Builds one component from its parsed, already validated config. */
@FunctionalInterface
public interface ComponentFactory<T> {
    T create(Conf conf, ComponentContext ctx) throws Exception;
}
