package io.sluice.bloblang.lib;

/**
 * The declared type of a parameter. Arguments are converted to it before the implementation sees them,
 * so an implementation reading {@link Args#int64} always gets a {@code long}.
 */
public enum ParamType {
    /** {@code String} (bytes are accepted and decoded as UTF-8). */
    STRING("string"),
    /** {@code Long}; floats are truncated like the original. */
    INT("integer"),
    /** {@code Double}. */
    FLOAT("float"),
    /** {@code Boolean}; numbers are accepted (non-zero is true). */
    BOOL("bool"),
    /** {@link Timestamp}; numbers are unix seconds, strings RFC 3339. */
    TIMESTAMP("timestamp"),
    /** {@code List<Object>}. */
    ARRAY("array"),
    /** {@code Map<String,Object>}. */
    OBJECT("object"),
    /** An unevaluated {@link io.sluice.bloblang.runtime.Query}: a lambda or any expression, run by the implementation. */
    QUERY("query expression"),
    /** Any value, unchanged. */
    ANY("unknown");

    private final String typeName;

    ParamType(String typeName) {
        this.typeName = typeName;
    }

    public String typeName() {
        return typeName;
    }
}
