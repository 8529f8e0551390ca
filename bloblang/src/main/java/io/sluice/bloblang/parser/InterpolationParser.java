package io.sluice.bloblang.parser;

import io.sluice.bloblang.BloblangInterpolation;
import io.sluice.bloblang.compile.Compiler;
import io.sluice.bloblang.runtime.Query;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a string into literal text and {@code ${! expr }} expressions. {@code ${{!text}}} is an
 * escape that renders as the literal {@code ${!text}}, as in the original.
 */
public final class InterpolationParser {
    private InterpolationParser() {
    }

    public static BloblangInterpolation parse(Source source, Compiler compiler) {
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
                Query compiled = compiler.compile(q.expr());
                parts.add(compiled);
                i = p + 1;
            } else {
                text.append(s.charAt(i));
                i++;
            }
        }
        if (!text.isEmpty()) parts.add(text.toString());
        return new BloblangInterpolation(source.text(), parts);
    }
}
