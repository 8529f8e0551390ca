package io.sluice.core.message;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.sluice.core.config.ReadLimits;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Arrays;

/**
 * The structured value model shared by the engine and Bloblang, and its JSON form.
 *
 * <p>Integers stay integers ({@code Long}, or {@code BigInteger} beyond 64 bits) so that ids beyond
 * 2^53 keep full precision. Serialisation follows the original Go implementation so that users see the
 * same bytes: object keys sorted, whole floats printed without a fraction, no HTML escaping.
 */
public final class Structured {
    private static final JsonFactory JSON = ReadLimits.json(ReadLimits.MESSAGES);

    private Structured() {
    }

    public static Object parseJson(byte[] bytes) {
        try (JsonParser p = JSON.createParser(bytes)) {
            JsonToken t = p.nextToken();
            if (t == null) throw new MessageParseException("failed to parse message as JSON: empty body", null);
            Object v = read(p, t);
            if (p.nextToken() != null) {
                throw new MessageParseException("failed to parse message as JSON: unexpected data after the document at offset "
                        + p.currentLocation().getCharOffset(), null);
            }
            return v;
        } catch (JsonProcessingException e) {
            throw new MessageParseException("failed to parse message as JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MessageParseException("failed to parse message as JSON: " + e.getMessage(), e);
        }
    }

    public static Object parseJson(String text) {
        return parseJson(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Object read(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = p.currentName();
                    m.put(name, read(p, p.nextToken()));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) l.add(read(p, e));
                return l;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return switch (p.getNumberType()) {
                    case INT, LONG -> p.getLongValue();
                    default -> p.getBigIntegerValue();
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                double d = p.getDoubleValue();
                if (Double.isInfinite(d)) return p.getDecimalValue();
                return d;
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new MessageParseException("unexpected JSON token " + t, null);
        }
    }

    public static byte[] toJsonBytes(Object value) {
        return toJson(value).getBytes(StandardCharsets.UTF_8);
    }

    public static String toJson(Object value) {
        StringBuilder sb = new StringBuilder();
        writeJson(sb, value, null, "");
        return sb.toString();
    }

    /** JSON with the given indent per level (e.g. two spaces), as Bloblang's {@code format_json} does. */
    public static String toJsonIndented(Object value, String indent) {
        StringBuilder sb = new StringBuilder();
        writeJson(sb, value, indent, "");
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static void writeJson(StringBuilder sb, Object v, String indent, String current) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            quote(sb, s);
        } else if (v instanceof Boolean b) {
            sb.append(b ? "true" : "false");
        } else if (v instanceof Double || v instanceof Float) {
            sb.append(formatDouble(((Number) v).doubleValue()));
        } else if (v instanceof BigDecimal bd) {
            sb.append(bd.toString());
        } else if (v instanceof Number n) {
            sb.append(n.toString());
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            // Sorting an array of keys is much cheaper than copying the map into a TreeMap.
            Map<String, Object> map = (Map<String, Object>) m;
            String[] keys = map.keySet().toArray(new String[0]);
            Arrays.sort(keys);
            sb.append('{');
            String inner = indent == null ? null : current + indent;
            boolean first = true;
            for (String key : keys) {
                if (!first) sb.append(',');
                first = false;
                if (inner != null) sb.append('\n').append(inner);
                quote(sb, key);
                sb.append(indent == null ? ":" : ": ");
                writeJson(sb, map.get(key), indent, inner);
            }
            if (inner != null) sb.append('\n').append(current);
            sb.append('}');
        } else if (v instanceof List<?> l) {
            if (l.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append('[');
            String inner = indent == null ? null : current + indent;
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) sb.append(',');
                if (inner != null) sb.append('\n').append(inner);
                writeJson(sb, l.get(i), indent, inner);
            }
            if (inner != null) sb.append('\n').append(current);
            sb.append(']');
        } else if (v instanceof byte[] bytes) {
            // Go's encoding/json writes []byte as base64; Bloblang writes raw byte values as strings.
            quote(sb, new String(bytes, StandardCharsets.UTF_8));
        } else if (v instanceof Object[] arr) {
            writeJson(sb, List.of(arr), indent, current);
        } else {
            quote(sb, v.toString());
        }
    }

    /** Formats a double the way Go's encoding/json does (shortest round-trip form, no ".0" on whole numbers). */
    public static String formatDouble(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) return Double.toString(d).replace("Infinity", "Inf");
        if (d == 0) return (1 / d < 0) ? "-0" : "0";
        double abs = Math.abs(d);
        if (abs < 1e21 && abs >= 1e-6) {
            BigDecimal bd = new BigDecimal(Double.toString(d));
            String s = bd.stripTrailingZeros().toPlainString();
            return s;
        }
        // Exponent form like Go: 1e+21, 1.5e-07
        String s = Double.toString(d); // e.g. 1.0E21, 1.5E-7
        int e = s.indexOf('E');
        String mant = s.substring(0, e);
        if (mant.endsWith(".0")) mant = mant.substring(0, mant.length() - 2);
        int exp = Integer.parseInt(s.substring(e + 1));
        String es = Integer.toString(Math.abs(exp));
        if (es.length() < 2) es = "0" + es;
        return mant + "e" + (exp < 0 ? "-" : "+") + es;
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    public static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        sb.append("\\u").append(HEX[(c >> 12) & 15]).append(HEX[(c >> 8) & 15]).append(HEX[(c >> 4) & 15]).append(HEX[c & 15]);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** The text form of a value as metadata and interpolations show it: strings raw, everything else as JSON. */
    public static String toText(Object v) {
        if (v instanceof String s) return s;
        if (v instanceof byte[] b) return new String(b, StandardCharsets.UTF_8);
        if (v == null || v instanceof Map || v instanceof List || v instanceof Number || v instanceof Boolean) return toJson(v);
        return v.toString(); // timestamps and other scalar types print as themselves, unquoted
    }

    @SuppressWarnings("unchecked")
    public static Object deepCopy(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> c = new LinkedHashMap<>(Math.max(4, m.size() * 2));
            for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) c.put(e.getKey(), deepCopy(e.getValue()));
            return c;
        }
        if (v instanceof List<?> l) {
            List<Object> c = new ArrayList<>(l.size());
            for (Object o : l) c.add(deepCopy(o));
            return c;
        }
        if (v instanceof byte[] b) return b.clone();
        return v;
    }

    public static String base64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    public static BigInteger toBigInteger(Number n) {
        if (n instanceof BigInteger b) return b;
        if (n instanceof BigDecimal d) return d.toBigInteger();
        return BigInteger.valueOf(n.longValue());
    }
}
