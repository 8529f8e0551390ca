package io.sluice.core.expr;

/** A mapping failed at run time on one message; the message says which expression and why. */
public class MappingException extends Exception {
    public MappingException(String message) {
        super(message);
    }

    public MappingException(String message, Throwable cause) {
        super(message, cause);
    }
}
