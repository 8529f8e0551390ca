package io.sluice.components.processors;

/**
 * The error a processor flags a message with. It is a value, not a crash: it travels on the part to
 * {@code catch}, {@code try} and {@code error()}, so it carries a message and no stack trace.
 */
final class ProcessingFailure extends Exception {

    ProcessingFailure(String message) {
        super(message, null, false, false);
    }

    ProcessingFailure(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    /** The text {@code error()} shows for a flagged part. */
    static String describe(Throwable t) {
        if (t == null) return "";
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
