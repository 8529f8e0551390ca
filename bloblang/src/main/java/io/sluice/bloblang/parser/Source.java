package io.sluice.bloblang.parser;

import io.sluice.core.expr.ExpressionParseException;

/**
 * The text of a mapping with line bookkeeping. Windows line endings are normalised to {@code \n} up
 * front, so a mapping written on Windows parses the same and positions stay line/column exact.
 */
public final class Source {
    private final String text;
    private final int[] lineStarts;

    public Source(String raw) {
        this.text = raw.indexOf('\r') < 0 ? raw : raw.replace("\r\n", "\n");
        int n = 1;
        for (int i = 0; i < text.length(); i++) if (text.charAt(i) == '\n') n++;
        lineStarts = new int[n];
        int k = 1;
        for (int i = 0; i < text.length(); i++) if (text.charAt(i) == '\n') lineStarts[k++] = i + 1;
    }

    public String text() {
        return text;
    }

    /** 1-based line of an offset. */
    public int line(int offset) {
        int lo = 0;
        int hi = lineStarts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (lineStarts[mid] <= offset) lo = mid; else hi = mid - 1;
        }
        return lo + 1;
    }

    /** 1-based column (in characters) of an offset. */
    public int column(int offset) {
        return offset - lineStarts[line(offset) - 1] + 1;
    }

    public String lineText(int line) {
        int start = lineStarts[line - 1];
        int end = line < lineStarts.length ? lineStarts[line] - 1 : text.length();
        return text.substring(start, Math.max(start, end));
    }

    /**
     * Renders an error the way a compiler does:
     * <pre>
     * line 2 char 17: expected end of statement
     *   2 | root.b = this.a this.b
     *     |                 ^
     *   hint: ...
     * </pre>
     */
    public String render(int offset, String detail, String hint) {
        int off = Math.max(0, Math.min(offset, text.length()));
        int line = line(off);
        int col = column(off);
        String lineText = lineText(line).replace('\t', ' ');
        String num = Integer.toString(line);
        StringBuilder sb = new StringBuilder();
        sb.append("line ").append(line).append(" char ").append(col).append(": ").append(detail).append('\n');
        sb.append("  ").append(num).append(" | ").append(lineText).append('\n');
        sb.append("  ").append(" ".repeat(num.length())).append(" | ").append(" ".repeat(Math.max(0, col - 1))).append('^');
        if (hint != null) sb.append("\n  hint: ").append(hint);
        return sb.toString();
    }

    public ExpressionParseException toException(ParseError e) {
        int off = Math.max(0, Math.min(e.offset(), text.length()));
        // The detail carries the hint too: config lint shows only the detail next to its own position.
        String detail = e.hint() == null ? e.detail() : e.detail() + " (hint: " + e.hint() + ")";
        return new ExpressionParseException(line(off), column(off), detail, render(off, e.detail(), e.hint()));
    }
}
