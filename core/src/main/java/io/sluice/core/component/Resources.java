package io.sluice.core.component;

/** Components declared once under {@code resources} (or the {@code *_resources} lists) and referenced by label. */
public interface Resources {
    Cache cache(String label) throws ResourceNotFoundException;

    RateLimit rateLimit(String label) throws ResourceNotFoundException;

    Processor processor(String label) throws ResourceNotFoundException;

    Input input(String label) throws ResourceNotFoundException;

    Output output(String label) throws ResourceNotFoundException;

    boolean hasCache(String label);

    boolean hasRateLimit(String label);

    class ResourceNotFoundException extends Exception {
        public ResourceNotFoundException(String kind, String label) {
            super(kind + " resource '" + label + "' was not found");
        }
    }
}
