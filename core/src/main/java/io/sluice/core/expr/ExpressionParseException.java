package io.sluice.core.expr;

/**
 * A mapping or interpolation did not parse. {@link #line()} and {@link #column()} are 1-based and
 * relative to the mapping text, so that config lint can translate them to a file position.
 */
public class ExpressionParseException extends Exception {
    private final int line;
    private final int column;
    private final String detail;

    public ExpressionParseException(int line, int column, String detail, String renderedMessage) {
        super(renderedMessage);
        this.line = line;
        this.column = column;
        this.detail = detail;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The message without position or excerpt, e.g. "expected end of input". */
    public String detail() {
        return detail;
    }
}
