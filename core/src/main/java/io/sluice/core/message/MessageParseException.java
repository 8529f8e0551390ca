package io.sluice.core.message;

/** The body of a message could not be parsed as a structured document. */
public class MessageParseException extends RuntimeException {
    public MessageParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
