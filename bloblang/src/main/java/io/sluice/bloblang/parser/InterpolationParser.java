package io.sluice.bloblang.parser;

import io.sluice.bloblang.ast.Expr;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a string into literal text and {@code ${! expr }} expressions. {@code ${{!text}}} is an
 * escape that renders as the literal {@code ${!text}}, as in the original. The parser only parses:
 * compiling the expressions is the caller's step, so the parser does not depend on the compiler.
 */
public final class InterpolationParser {
    private InterpolationParser() {
    }

    /** The pieces in order: each a {@link String} of literal text or an {@link Expr} to evaluate. */
    public static List<Object> parse(Source source) {
        String s = source.text();
        List<Object> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            if (s.startsWith("${{!", i)) {
                int end = s.indexOf("}}", i + 4);
                if (end < 0) throw new ParseError(i, "required: expected end of escaped expression }}");
                text.append("${!").append(s, i + 4, end).append('}');
                i = end + 2;
            } else if (s.startsWith("${!", i)) {
                if (!text.isEmpty()) {
                    parts.add(text.toString());
                    text.setLength(0);
                }
                Parser.QueryAt q = Parser.parseQueryAt(source, i + 3);
                int p = q.end();
                while (p < s.length() && (s.charAt(p) == ' ' || s.charAt(p) == '\t' || s.charAt(p) == '\n' || s.charAt(p) == '\r')) p++;
                if (p >= s.length() || s.charAt(p) != '}') {
                    throw new ParseError(p, p >= s.length() ? "required: expected end of expression }, got end of input"
                            : "required: expected end of expression }");
                }
                parts.add(q.expr());
                i = p + 1;
            } else {
                text.append(s.charAt(i));
                i++;
            }
        }
        if (!text.isEmpty()) parts.add(text.toString());
        return parts;
    }
}
