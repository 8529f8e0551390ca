package io.sluice.bloblang.lib;

/**
 * One parameter of a function or method.
 *
 * @param name             the name used for named arguments ({@code counter(min: 5)})
 * @param type             what the argument is converted to before the implementation sees it
 * @param description      one or two sentences for the documentation
 * @param isOptional       may be omitted; {@link Args#has} then reports false
 * @param hasDefault       {@code defaultValue} is used when the argument is omitted
 * @param defaultValue     the default, already of {@code type}
 * @param mustBeLiteral    the argument must be a literal (checked when the mapping is compiled)
 * @param scalarsToLiteral for {@link ParamType#QUERY}: plain values are accepted and wrapped as constant queries
 */
public record Param(String name, ParamType type, String description, boolean isOptional, boolean hasDefault,
                    Object defaultValue, boolean mustBeLiteral, boolean scalarsToLiteral) {

    public static Param of(String name, ParamType type, String description) {
        return new Param(name, type, description, false, false, null, false, false);
    }

    public static Param string(String name, String description) {
        return of(name, ParamType.STRING, description);
    }

    public static Param int64(String name, String description) {
        return of(name, ParamType.INT, description);
    }

    public static Param float64(String name, String description) {
        return of(name, ParamType.FLOAT, description);
    }

    public static Param bool(String name, String description) {
        return of(name, ParamType.BOOL, description);
    }

    public static Param timestamp(String name, String description) {
        return of(name, ParamType.TIMESTAMP, description);
    }

    public static Param array(String name, String description) {
        return of(name, ParamType.ARRAY, description);
    }

    public static Param object(String name, String description) {
        return of(name, ParamType.OBJECT, description);
    }

    public static Param any(String name, String description) {
        return of(name, ParamType.ANY, description);
    }

    /**
     * A parameter passed as an unevaluated query (lambdas such as {@code x -> x * 2}).
     *
     * @param wrapScalars also accept plain values (they become constant queries)
     */
    public static Param query(String name, String description, boolean wrapScalars) {
        return new Param(name, ParamType.QUERY, description, false, false, null, false, wrapScalars);
    }

    public Param optional() {
        return new Param(name, type, description, true, hasDefault, defaultValue, mustBeLiteral, scalarsToLiteral);
    }

    public Param withDefault(Object value) {
        return new Param(name, type, description, true, true, value, mustBeLiteral, scalarsToLiteral);
    }

    /** The argument must be written as a literal, not computed from the message. */
    public Param literalOnly() {
        return new Param(name, type, description, isOptional, hasDefault, defaultValue, true, scalarsToLiteral);
    }
}
