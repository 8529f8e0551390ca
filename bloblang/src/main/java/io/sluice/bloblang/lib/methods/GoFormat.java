package io.sluice.bloblang.lib.methods;

import io.sluice.bloblang.lib.Timestamp;
import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.runtime.Marker;
import io.sluice.bloblang.runtime.QueryException;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** Go's {@code fmt.Sprintf} for Bloblang values, and {@code strconv.Quote} / {@code Unquote}. */
final class GoFormat {
    private GoFormat() {
    }

    static String sprintf(String format, List<Object> args) {
        StringBuilder sb = new StringBuilder(format.length() + 16);
        int argi = 0;
        int n = format.length();
        for (int i = 0; i < n; i++) {
            char c = format.charAt(i);
            if (c != '%') {
                sb.append(c);
                continue;
            }
            if (i + 1 >= n) {
                sb.append("%!(NOVERB)");
                break;
            }
            boolean minus = false;
            boolean plus = false;
            boolean space = false;
            boolean zero = false;
            boolean sharp = false;
            int j = i + 1;
            for (; j < n; j++) {
                char f = format.charAt(j);
                if (f == '-') minus = true;
                else if (f == '+') plus = true;
                else if (f == ' ') space = true;
                else if (f == '0') zero = true;
                else if (f == '#') sharp = true;
                else break;
            }
            int width = -1;
            int ws = j;
            while (j < n && Character.isDigit(format.charAt(j))) j++;
            if (j > ws) width = Integer.parseInt(format.substring(ws, j));
            int prec = -1;
            if (j < n && format.charAt(j) == '.') {
                j++;
                int ps = j;
                while (j < n && Character.isDigit(format.charAt(j))) j++;
                prec = j > ps ? Integer.parseInt(format.substring(ps, j)) : 0;
            }
            if (j >= n) {
                sb.append("%!(NOVERB)");
                break;
            }
            char verb = format.charAt(j);
            i = j;
            if (verb == '%') {
                sb.append('%');
                continue;
            }
            if (argi >= args.size()) {
                sb.append("%!").append(verb).append("(MISSING)");
                continue;
            }
            Object arg = Values.normalize(args.get(argi++));
            String body = formatOne(verb, arg, prec, plus, space, sharp);
            if (width >= 0 && body.length() < width) {
                String pad = " ".repeat(width - body.length());
                if (minus) {
                    body = body + pad;
                } else if (zero && (arg instanceof Number) && "dfFeEgGxXob".indexOf(verb) >= 0) {
                    boolean signed = body.startsWith("-") || body.startsWith("+");
                    String digits = signed ? body.substring(1) : body;
                    body = (signed ? body.substring(0, 1) : "") + "0".repeat(width - body.length()) + digits;
                } else {
                    body = pad + body;
                }
            }
            sb.append(body);
        }
        if (argi < args.size()) {
            sb.append("%!(EXTRA ");
            for (int k = argi; k < args.size(); k++) {
                if (k > argi) sb.append(", ");
                Object a = Values.normalize(args.get(k));
                sb.append(goType(a)).append('=').append(formatValue(a));
            }
            sb.append(')');
        }
        return sb.toString();
    }

    private static String formatOne(char verb, Object arg, int prec, boolean plus, boolean space, boolean sharp) {
        switch (verb) {
            case 'v' -> {
                if (arg instanceof Double d && prec >= 0) return formatG(d, prec);
                String s = formatValue(arg);
                if (plus && arg instanceof Number && !s.startsWith("-")) s = "+" + s;
                return s;
            }
            case 's' -> {
                if (arg instanceof String || arg instanceof byte[]) return truncate(Values.asString(arg), prec);
                if (arg instanceof List<?> l) return listOf(l, 's', prec);
                if (arg instanceof Map<?, ?> m) return mapOf(m, 's', prec);
                if (arg instanceof Timestamp) return formatValue(arg);
                return bad('s', arg);
            }
            case 'q' -> {
                if (arg instanceof String || arg instanceof byte[]) return quote(Values.asString(arg));
                if (arg instanceof Long l) return "'" + new String(Character.toChars((int) (long) l)) + "'";
                return bad('q', arg);
            }
            case 'd' -> {
                if (arg instanceof Long || arg instanceof BigInteger) return sign(arg.toString(), plus, space);
                if (arg instanceof List<?> l) return listOf(l, 'd', prec);
                return bad('d', arg);
            }
            case 'b', 'o', 'O', 'x', 'X', 'c', 'U' -> {
                if (arg instanceof Long || arg instanceof BigInteger) {
                    BigInteger b = Values.toBigInteger((Number) arg);
                    return switch (verb) {
                        case 'b' -> b.toString(2);
                        case 'o' -> (sharp ? "0" : "") + b.toString(8);
                        case 'O' -> "0o" + b.toString(8);
                        case 'x' -> (b.signum() < 0 ? "-" : "") + (sharp ? "0x" : "") + b.abs().toString(16);
                        case 'X' -> (b.signum() < 0 ? "-" : "") + (sharp ? "0X" : "") + b.abs().toString(16).toUpperCase(Locale.ROOT);
                        case 'c' -> new String(Character.toChars(b.intValue()));
                        default -> String.format("U+%04X", b.intValue());
                    };
                }
                if ((verb == 'x' || verb == 'X') && (arg instanceof String || arg instanceof byte[])) {
                    StringBuilder sb = new StringBuilder();
                    for (byte bt : Values.asBytes(arg)) sb.append(String.format(verb == 'x' ? "%02x" : "%02X", bt & 0xff));
                    return sb.toString();
                }
                if ((verb == 'x' || verb == 'X') && arg instanceof Double d) {
                    String h = Double.toHexString(d);
                    return verb == 'X' ? h.toUpperCase(Locale.ROOT) : h;
                }
                return bad(verb, arg);
            }
            case 'f', 'F', 'e', 'E', 'g', 'G' -> {
                if (!(arg instanceof Double || arg instanceof BigDecimal)) return bad(verb, arg);
                double d = ((Number) arg).doubleValue();
                if (Double.isNaN(d)) return "NaN";
                if (Double.isInfinite(d)) return d > 0 ? (plus ? "+Inf" : "+Inf") : "-Inf";
                String s = switch (verb) {
                    case 'f', 'F' -> new BigDecimal(d).setScale(prec < 0 ? 6 : prec, RoundingMode.HALF_EVEN).toPlainString();
                    case 'e', 'E' -> goExp(d, prec < 0 ? 6 : prec, verb == 'E');
                    default -> {
                        String g = prec < 0 ? Values.formatFloat(d) : formatG(d, prec);
                        yield verb == 'G' ? g.toUpperCase(Locale.ROOT) : g;
                    }
                };
                if ((verb == 'f' || verb == 'F') && d < 0 && !s.startsWith("-")) s = "-" + s;
                if ((verb == 'f' || verb == 'F') && d == 0 && 1 / d < 0 && !s.startsWith("-")) s = "-" + s;
                return sign(s, plus, space);
            }
            case 't' -> {
                if (arg instanceof Boolean b) return b.toString();
                return bad('t', arg);
            }
            case 'T' -> {
                return goType(arg);
            }
            default -> {
                return "%!" + verb + "(" + goType(arg) + "=" + formatValue(arg) + ")";
            }
        }
    }

    private static String truncate(String s, int prec) {
        if (prec < 0 || s.codePointCount(0, s.length()) <= prec) return s;
        return s.substring(0, s.offsetByCodePoints(0, prec));
    }

    private static String sign(String s, boolean plus, boolean space) {
        if (s.startsWith("-")) return s;
        if (plus) return "+" + s;
        if (space) return " " + s;
        return s;
    }

    private static String bad(char verb, Object arg) {
        if (arg == null) return "%!" + verb + "(<nil>)";
        return "%!" + verb + "(" + goType(arg) + "=" + formatValue(arg) + ")";
    }

    private static String listOf(List<?> l, char verb, int prec) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < l.size(); i++) {
            if (i > 0) sb.append(' ');
            sb.append(formatOne(verb, Values.normalize(l.get(i)), prec, false, false, false));
        }
        return sb.append(']').toString();
    }

    private static String mapOf(Map<?, ?> m, char verb, int prec) {
        StringBuilder sb = new StringBuilder("map[");
        boolean first = true;
        for (Object k : new TreeSet<>(m.keySet())) {
            if (!first) sb.append(' ');
            first = false;
            sb.append(k).append(':').append(formatOne(verb, Values.normalize(m.get(k)), prec, false, false, false));
        }
        return sb.append(']').toString();
    }

    /** Go's {@code %v}. */
    static String formatValue(Object v) {
        v = Values.normalize(v);
        if (v == null || v instanceof Marker) return "<nil>";
        if (v instanceof String s) return s;
        if (v instanceof Double d) return Values.formatFloat(d);
        if (v instanceof byte[] b) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < b.length; i++) {
                if (i > 0) sb.append(' ');
                sb.append(b[i] & 0xff);
            }
            return sb.append(']').toString();
        }
        if (v instanceof List<?> l) return listOf(l, 'v', -1);
        if (v instanceof Map<?, ?> m) return mapOf(m, 'v', -1);
        if (v instanceof Timestamp t) {
            return TimestampMethodsLayouts.format(t.time(), "2006-01-02 15:04:05.999999999 -0700 MST");
        }
        return Values.toText(v);
    }

    private static String goType(Object v) {
        if (v == null) return "<nil>";
        if (v instanceof String) return "string";
        if (v instanceof Long) return "int64";
        if (v instanceof BigInteger) return "uint64";
        if (v instanceof Double || v instanceof BigDecimal) return "float64";
        if (v instanceof Boolean) return "bool";
        if (v instanceof byte[]) return "[]uint8";
        if (v instanceof List) return "[]interface {}";
        if (v instanceof Map) return "map[string]interface {}";
        if (v instanceof Timestamp) return "time.Time";
        return "interface {}";
    }

    private static String goExp(double d, int prec, boolean upper) {
        String s = String.format(Locale.ROOT, "%." + prec + "e", d);
        // Java prints e+05 style already with at least two exponent digits
        return upper ? s.toUpperCase(Locale.ROOT) : s;
    }

    /** {@code %.Ng}: N significant digits, exponent form for small or large exponents. */
    private static String formatG(double d, int prec) {
        if (prec == 0) prec = 1;
        if (d == 0) return "0";
        BigDecimal bd = new BigDecimal(d).round(new MathContext(prec, RoundingMode.HALF_EVEN));
        int exp = bd.precision() - bd.scale() - 1;
        if (exp < -4 || exp >= prec) {
            String digits = bd.unscaledValue().abs().toString().replaceAll("0+$", "");
            if (digits.isEmpty()) digits = "0";
            StringBuilder sb = new StringBuilder(d < 0 ? "-" : "");
            sb.append(digits.charAt(0));
            if (digits.length() > 1) sb.append('.').append(digits, 1, digits.length());
            sb.append('e').append(exp < 0 ? '-' : '+');
            if (Math.abs(exp) < 10) sb.append('0');
            return sb.append(Math.abs(exp)).toString();
        }
        return bd.stripTrailingZeros().toPlainString();
    }

    /** Go's {@code strconv.Quote}. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        sb.append('"');
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 11 -> sb.append("\\v");
                default -> {
                    if (isPrint(cp)) {
                        sb.appendCodePoint(cp);
                    } else if (cp < ' ' || cp == 0x7f) {
                        sb.append(String.format("\\x%02x", cp));
                    } else if (cp >= 0xD800 && cp <= 0xDFFF) {
                        sb.append("\\ufffd");
                    } else if (cp < 0x10000) {
                        sb.append(String.format("\\u%04x", cp));
                    } else {
                        sb.append(String.format("\\U%08x", cp));
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static boolean isPrint(int cp) {
        if (cp == ' ') return true;
        int t = Character.getType(cp);
        return switch (t) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
                 Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER,
                 Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION,
                 Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                 Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                 Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }

    /** Go's {@code strconv.Unquote}. */
    static String unquote(String s) {
        int n = s.length();
        if (n < 2) throw syntax();
        char q = s.charAt(0);
        if (q != s.charAt(n - 1)) throw syntax();
        String body = s.substring(1, n - 1);
        if (q == '`') {
            if (body.indexOf('`') >= 0) throw syntax();
            return body.replace("\r", "");
        }
        if (q != '"' && q != '\'') throw syntax();
        if (body.indexOf('\n') >= 0) throw syntax();
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length());
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c == q) throw syntax();
            if (c != '\\') {
                int cp = body.codePointAt(i);
                out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
                continue;
            }
            if (i + 1 >= body.length()) throw syntax();
            char e = body.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'a' -> out.write(7);
                case 'b' -> out.write('\b');
                case 'f' -> out.write('\f');
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'v' -> out.write(11);
                case '\\' -> out.write('\\');
                case '\'', '"' -> {
                    if (e != q) throw syntax();
                    out.write(e);
                }
                case 'x' -> {
                    out.write(hex(body, i, 2));
                    i += 2;
                }
                case 'u', 'U' -> {
                    int len = e == 'u' ? 4 : 8;
                    int cp = hex(body, i, len);
                    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) throw syntax();
                    out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                    i += len;
                }
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    if (i + 2 > body.length()) throw syntax();
                    String oct = e + body.substring(i, i + 2);
                    int v;
                    try {
                        v = Integer.parseInt(oct, 8);
                    } catch (NumberFormatException ex) {
                        throw syntax();
                    }
                    if (v > 255) throw syntax();
                    out.write(v);
                    i += 2;
                }
                default -> throw syntax();
            }
        }
        String result = out.toString(StandardCharsets.UTF_8);
        if (q == '\'' && result.codePointCount(0, result.length()) != 1) throw syntax();
        return result;
    }

    private static int hex(String s, int from, int len) {
        if (from + len > s.length()) throw syntax();
        try {
            return Integer.parseUnsignedInt(s.substring(from, from + len), 16);
        } catch (NumberFormatException e) {
            throw syntax();
        }
    }

    private static QueryException syntax() {
        return new QueryException("invalid syntax");
    }
}
