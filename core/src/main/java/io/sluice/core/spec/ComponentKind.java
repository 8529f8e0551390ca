package io.sluice.core.spec;

/** The families of pluggable components, named as the config dialect names them. */
public enum ComponentKind {
    INPUT("input", "inputs"),
    BUFFER("buffer", "buffers"),
    PROCESSOR("processor", "processors"),
    OUTPUT("output", "outputs"),
    CACHE("cache", "caches"),
    RATE_LIMIT("rate_limit", "rate_limits"),
    METRICS("metrics", "metrics"),
    TRACER("tracer", "tracers"),
    SCANNER("scanner", "scanners");

    private final String singular;
    private final String plural;

    ComponentKind(String singular, String plural) {
        this.singular = singular;
        this.plural = plural;
    }

    public String singular() {
        return singular;
    }

    public String plural() {
        return plural;
    }

    public static ComponentKind fromPlural(String s) {
        for (ComponentKind k : values()) if (k.plural.equals(s) || k.singular.equals(s)) return k;
        return null;
    }

    /** Inputs and outputs take a {@code processors} list beside their type key. */
    public boolean takesProcessors() {
        return this == INPUT || this == OUTPUT;
    }
}
