package io.sluice.bloblang.runtime;

/**
 * A runtime failure of an expression. Stack traces are not recorded: errors are part of normal control
 * flow in Bloblang ({@code catch()}, {@code |}, {@code or()}), and only the message matters to users.
 *
 * <p>{@link #annotated()} is true once the message names the expression that failed, so outer
 * expressions do not prefix it again (the original's {@code ErrFrom} rule). Wrapping keeps the wrapped
 * error as the cause, so the mapping can still recognise, say, a message that is not JSON.
 */
public class QueryException extends RuntimeException {
    private final boolean annotated;

    public QueryException(String message) {
        this(message, false, null);
    }

    public QueryException(String message, boolean annotated) {
        this(message, annotated, null);
    }

    public QueryException(String message, boolean annotated, Throwable cause) {
        super(message, cause, false, false);
        this.annotated = annotated;
    }

    public boolean annotated() {
        return annotated;
    }

    /**
     * Names the expression that produced this error, once: {@code field `this.a`: value is null}. Type
     * errors get the name in their middle instead ({@code got string from field `this.a` ("x")}).
     */
    public QueryException from(Query source) {
        if (annotated) return this;
        return new QueryException(source.annotation() + ": " + getMessage(), true, this);
    }

    /** Prefixes the message, e.g. {@code failed to check if condition: ...}, keeping this error as the cause. */
    public QueryException prefixed(String prefix) {
        return new QueryException(prefix + getMessage(), true, this);
    }

    /** Wraps any exception thrown by library code into a query error attributed to {@code source}. */
    public static QueryException wrap(RuntimeException e, Query source) {
        if (e instanceof QueryException q) return q.from(source);
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        return new QueryException(msg).from(source);
    }

    /** The first error of type {@code type} in the cause chain, or null. */
    public <T extends Throwable> T find(Class<T> type) {
        for (Throwable t = this; t != null; t = t.getCause()) {
            if (type.isInstance(t)) return type.cast(t);
        }
        return null;
    }
}
