package io.sluice.core.component;

import io.sluice.core.spec.ComponentKind;

import java.util.Set;

/** Components declared once under {@code resources} (or the {@code *_resources} lists) and referenced by label. */
public interface Resources {
    Cache cache(String label) throws ResourceNotFoundException;

    RateLimit rateLimit(String label) throws ResourceNotFoundException;

    Processor processor(String label) throws ResourceNotFoundException;

    Input input(String label) throws ResourceNotFoundException;

    Output output(String label) throws ResourceNotFoundException;

    boolean hasCache(String label);

    boolean hasRateLimit(String label);

    /** The labels declared for this kind, for "did you mean" hints. */
    default Set<String> labels(ComponentKind kind) {
        return Set.of();
    }

    class ResourceNotFoundException extends Exception {
        public ResourceNotFoundException(String kind, String label) {
            super(kind.replace('_', ' ') + " resource '" + label + "' was not found");
        }

        public ResourceNotFoundException(String message) {
            super(message);
        }
    }
}
