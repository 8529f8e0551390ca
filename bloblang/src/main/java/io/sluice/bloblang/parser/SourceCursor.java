package io.sluice.bloblang.parser;

/**
 * The lowest layer of the Bloblang {@link Parser}: a position in the text, and the character-level
 * reading every grammar layer above shares (whitespace, comments, keywords, names and quoted strings).
 *
 * <p>The layers, each a subclass of the one before: {@code SourceCursor} (characters),
 * {@link LiteralParser} (arrays, objects, numbers, argument lists), {@link ExpressionParser} (operators,
 * paths, calls, lambdas), {@link ConditionalParser} ({@code match} and {@code if}), {@link Parser}
 * (statements, imports, entry points). One object parses one text, so all layers share {@code pos}.
 */
abstract class SourceCursor {
    final String s;
    int pos;

    SourceCursor(Source source) {
        this.s = source.text();
    }

    // ---- strings ---------------------------------------------------------------------------------

    /** {@code "..."} with Go's escapes ({@code \n \t \" \\ \\uXXXX \\xHH ...}); no raw newlines. */
    String quotedString() {
        int start = pos;
        expect('"', "\"");
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (eof() || peek() == '\n') throw new ParseError(start, "required: expected end quote");
            char c = s.charAt(pos++);
            if (c == '"') return sb.toString();
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (eof()) throw new ParseError(start, "required: expected end quote");
            int escAt = pos - 1;
            char e = s.charAt(pos++);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case '\'' -> sb.append('\'');
                case '/' -> sb.append('/');
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'v' -> sb.append('\u000b');
                case 'x' -> sb.append((char) hex(2, escAt));
                case 'u' -> sb.append((char) hex(4, escAt));
                case 'U' -> sb.appendCodePoint(hex(8, escAt));
                default -> {
                    if (e >= '0' && e <= '7') {
                        int v = e - '0';
                        for (int i = 0; i < 2; i++) {
                            char o = peek();
                            if (o < '0' || o > '7') throw new ParseError(escAt, "invalid octal escape in string");
                            v = v * 8 + (o - '0');
                            pos++;
                        }
                        sb.append((char) v);
                    } else {
                        throw new ParseError(escAt, "invalid escape sequence \\" + e + " in string",
                                "write a backslash as \\\\ or use a triple quoted string \"\"\"...\"\"\" for raw text");
                    }
                }
            }
        }
    }

    private int hex(int digits, int escAt) {
        if (pos + digits > s.length()) throw new ParseError(escAt, "invalid escape sequence in string");
        try {
            int v = Integer.parseInt(s.substring(pos, pos + digits), 16);
            pos += digits;
            return v;
        } catch (NumberFormatException e) {
            throw new ParseError(escAt, "invalid escape sequence in string");
        }
    }

    /** {@code """raw text"""}: no escapes, may span lines. */
    String tripleQuoted() {
        int start = pos;
        pos += 3;
        int end = s.indexOf("\"\"\"", pos);
        if (end < 0) throw new ParseError(start, "required: expected end of triple quoted string \"\"\"");
        String text = s.substring(pos, end);
        pos = end + 3;
        return text;
    }

    // ---- characters ------------------------------------------------------------------------------

    boolean eof() {
        return pos >= s.length();
    }

    char peek() {
        return pos < s.length() ? s.charAt(pos) : '\0';
    }

    char peekAt(int ahead) {
        int p = pos + ahead;
        return p < s.length() ? s.charAt(p) : '\0';
    }

    String peekWord() {
        int p = pos;
        while (p < s.length() && isIdentChar(s.charAt(p))) p++;
        return s.substring(pos, p);
    }

    void expect(char c, String what) {
        if (peek() != c) throw unexpected("expected " + what);
        pos++;
    }

    ParseError unexpected(String detail) {
        if (eof()) return new ParseError(pos, detail + ", got end of input");
        return new ParseError(pos, detail);
    }

    /** Spaces and tabs. */
    void spaces() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r') pos++;
            else break;
        }
    }

    void spacesRequired(String what) {
        char c = peek();
        if (c != ' ' && c != '\t') throw unexpected("expected " + what);
        spaces();
    }

    /** Spaces, tabs, newlines and comments. */
    void wsnl() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') pos++;
            else if (c == '#') skipComment();
            else break;
        }
    }

    void skipComment() {
        while (pos < s.length() && s.charAt(pos) != '\n') pos++;
    }

    /** True when {@code word} starts here and is not the beginning of a longer identifier. */
    boolean keyword(String word) {
        if (!s.startsWith(word, pos)) return false;
        int end = pos + word.length();
        return end >= s.length() || !isIdentChar(s.charAt(end));
    }

    String identifier() {
        int start = pos;
        while (pos < s.length() && isIdentChar(s.charAt(pos))) pos++;
        if (start == pos) throw unexpected("expected a name");
        return s.substring(start, pos);
    }

    static boolean isIdentChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    static boolean isSnakeChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    }

    static boolean isSnakeCase(String w) {
        for (int i = 0; i < w.length(); i++) if (!isSnakeChar(w.charAt(i))) return false;
        return true;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
