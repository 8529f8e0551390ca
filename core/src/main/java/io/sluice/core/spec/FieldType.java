package io.sluice.core.spec;

/** What a config field holds. Component types are nested component configs, built by the registry. */
public enum FieldType {
    STRING("string"),
    INT("int"),
    FLOAT("float"),
    BOOL("bool"),
    /** Go-style duration text ("1s", "500ms", "1m30s"). */
    DURATION("duration"),
    /** A Bloblang mapping, compiled (and linted) by the expression language. */
    BLOBLANG("bloblang"),
    OBJECT("object"),
    /** Anything: kept as plain values. */
    ANY("unknown"),
    INPUT("input"),
    BUFFER("buffer"),
    PROCESSOR("processor"),
    OUTPUT("output"),
    CACHE("cache"),
    RATE_LIMIT("rate_limit"),
    METRICS("metrics"),
    TRACER("tracer"),
    SCANNER("scanner");

    private final String docName;

    FieldType(String docName) {
        this.docName = docName;
    }

    public String docName() {
        return docName;
    }

    public ComponentKind componentKind() {
        return switch (this) {
            case INPUT -> ComponentKind.INPUT;
            case BUFFER -> ComponentKind.BUFFER;
            case PROCESSOR -> ComponentKind.PROCESSOR;
            case OUTPUT -> ComponentKind.OUTPUT;
            case CACHE -> ComponentKind.CACHE;
            case RATE_LIMIT -> ComponentKind.RATE_LIMIT;
            case METRICS -> ComponentKind.METRICS;
            case TRACER -> ComponentKind.TRACER;
            case SCANNER -> ComponentKind.SCANNER;
            default -> null;
        };
    }
}
