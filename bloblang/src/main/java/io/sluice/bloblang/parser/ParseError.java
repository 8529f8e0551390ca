package io.sluice.bloblang.parser;

/**
 * A syntax or compile error at an offset of the source. Rendered into an
 * {@link io.sluice.core.expr.ExpressionParseException} by {@link Source#toException}.
 */
public final class ParseError extends RuntimeException {
    private final int offset;
    private final String detail;
    private final String hint;
    private final boolean fatal;

    public ParseError(int offset, String detail) {
        this(offset, detail, null);
    }

    public ParseError(int offset, String detail, String hint) {
        this(offset, detail, hint, false);
    }

    private ParseError(int offset, String detail, String hint, boolean fatal) {
        super(detail, null, false, false);
        this.offset = offset;
        this.detail = detail;
        this.hint = hint;
        this.fatal = fatal;
    }

    /** An error in a recognised construct (a failed import, a forbidden statement): no other reading of the text is tried. */
    public static ParseError fatal(int offset, String detail) {
        return new ParseError(offset, detail, null, true);
    }

    public boolean isFatal() {
        return fatal;
    }

    public int offset() {
        return offset;
    }

    public String detail() {
        return detail;
    }

    /** A suggestion how to fix it, or null. */
    public String hint() {
        return hint;
    }

    public ParseError withHint(String h) {
        return hint != null || h == null ? this : new ParseError(offset, detail, h, fatal);
    }
}
