package io.sluice.connector.amqp;

import io.sluice.core.expr.ExpressionLanguage;
import io.sluice.core.expr.ExpressionParseException;
import io.sluice.core.expr.Interpolation;
import io.sluice.core.expr.Mapping;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for Bloblang in this module's tests (Bloblang is built concurrently and does not parse
 * yet). It understands only the interpolations these tests use: {@code ${! meta("k") }},
 * {@code ${! metadata("k") }}, {@code ${! @k }} and {@code ${! content() }}. Test class path only.
 */
public final class TestExpressions implements ExpressionLanguage {
    private static final Pattern EXPR = Pattern.compile("\\$\\{!\\s*(.*?)\\s*}");
    private static final Pattern META = Pattern.compile("(?:meta|metadata)\\(\"([^\"]*)\"\\)|@([A-Za-z0-9_]+)");

    @Override
    public Mapping parseMapping(String source) throws ExpressionParseException {
        throw new ExpressionParseException(1, 1, "mappings are not supported by the test stand-in", "mappings are not supported by the test stand-in");
    }

    @Override
    public Interpolation parseInterpolation(String source) throws ExpressionParseException {
        List<BiFunction<Batch, Integer, String>> pieces = new ArrayList<>();
        Matcher m = EXPR.matcher(source);
        int last = 0;
        while (m.find()) {
            String lit = source.substring(last, m.start());
            pieces.add((b, i) -> lit);
            String expr = m.group(1);
            Matcher meta = META.matcher(expr);
            if (meta.matches()) {
                String key = meta.group(1) != null ? meta.group(1) : meta.group(2);
                pieces.add((b, i) -> {
                    Part p = b.get(i);
                    String v = p.metaString(key);
                    return v == null ? "null" : v;
                });
            } else if (expr.equals("content()")) {
                pieces.add((b, i) -> b.get(i).text());
            } else {
                throw new ExpressionParseException(1, m.start() + 1, "unsupported expression '" + expr + "'", "unsupported expression '" + expr + "'");
            }
            last = m.end();
        }
        String tail = source.substring(last);
        pieces.add((b, i) -> tail);
        boolean isStatic = pieces.size() == 1;
        return new Interpolation() {
            @Override
            public String render(Batch batch, int index) {
                StringBuilder sb = new StringBuilder();
                for (var p : pieces) sb.append(p.apply(batch, index));
                return sb.toString();
            }

            @Override
            public boolean isStatic() {
                return isStatic;
            }
        };
    }
}
