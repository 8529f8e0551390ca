package io.sluice.bloblang.runtime;

/** {@code this} was referenced where there is no value, typically because the message is not JSON. */
public final class NoContextException extends QueryException {
    private final String field;
    private final String parseError;

    /**
     * @param field      the dotted path being read, or empty for plain {@code this}
     * @param parseError why the message could not be read as structured data, or null
     */
    public NoContextException(String field, String parseError) {
        super(field == null || field.isEmpty() ? "context was undefined"
                : "context was undefined, unable to reference `" + field + "`", true);
        this.field = field == null ? "" : field;
        this.parseError = parseError;
    }

    public String field() {
        return field;
    }

    /** Why the message body could not be used as {@code this}, or null when there simply was no context. */
    public String parseError() {
        return parseError;
    }
}
