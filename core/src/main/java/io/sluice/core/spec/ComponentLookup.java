package io.sluice.core.spec;

import java.util.Collection;
import java.util.Optional;

/**
 * The specs of the known components, by kind and name: what lint needs to check a component config.
 * The registry is one; declared here so that specs and components need not know the registry.
 */
public interface ComponentLookup {

    /** The spec of the component {@code name} of this kind, if one is known. */
    Optional<ComponentSpec> spec(ComponentKind kind, String name);

    /** The names known for this kind, for "did you mean" hints. */
    Collection<String> names(ComponentKind kind);
}
