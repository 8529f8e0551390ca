package io.sluice.bloblang.mapping;

import io.sluice.bloblang.runtime.QueryException;

/** A statement failed: {@code failed assignment (line 3): ...}. Outer layers pass it through unchanged. */
public final class AssignmentException extends QueryException {
    private final int line;

    public AssignmentException(int line, String message, Throwable cause) {
        super("failed assignment (line " + line + "): " + message, true, cause);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
