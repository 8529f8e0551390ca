package io.sluice.console.store;

/** A unique value (such as a user's email) is already taken. */
public final class DuplicateException extends RuntimeException {

    public DuplicateException(String message) {
        super(message);
    }
}
