package io.sluice.bloblang.lib.methods;

import io.sluice.bloblang.lib.Timestamp;
import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.runtime.Marker;
import io.sluice.bloblang.runtime.QueryException;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * YAML as Go's yaml.v3 reads and writes it: YAML 1.2 style scalars (only {@code true}/{@code false} are
 * booleans, timestamps stay text), and output with four space indentation, sorted keys and quoting
 * only where a plain scalar would be read back as something else.
 */
final class ParsingMethodsYaml {

    private ParsingMethodsYaml() {
    }

    private static final Pattern BOOL = Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");
    private static final Pattern INT = Pattern.compile("^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$");
    private static final Pattern FLOAT = Pattern.compile("^(?:[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");
    private static final Pattern NULL = Pattern.compile("^(?:~|null|Null|NULL|)$");

    /** Resolves plain scalars with the YAML 1.2 core schema instead of snakeyaml's YAML 1.1 rules. */
    private static final class CoreResolver extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, BOOL, "tTfF");
            addImplicitResolver(Tag.INT, INT, "-+0123456789");
            addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.");
            addImplicitResolver(Tag.NULL, NULL, "~nN\0");
            addImplicitResolver(Tag.MERGE, MERGE, "<");
        }
    }

    static Object parse(String text) {
        LoaderOptions opts = new LoaderOptions();
        opts.setAllowDuplicateKeys(false);
        opts.setCodePointLimit(Integer.MAX_VALUE);
        Yaml yaml = new Yaml(new SafeConstructor(opts), new Representer(new DumperOptions()),
                new DumperOptions(), opts, new CoreResolver());
        try {
            // like yaml.v3's Unmarshal, only the first document counts
            Iterator<Object> docs = yaml.loadAll(text).iterator();
            return docs.hasNext() ? normalize(docs.next()) : null;
        } catch (MarkedYAMLException e) {
            String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new QueryException("failed to parse value as YAML: yaml: line " + line + ": " + problem);
        } catch (YAMLException e) {
            throw new QueryException("failed to parse value as YAML: " + e.getMessage());
        }
    }

    private static Object normalize(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) out.put(Values.toText(normalize(e.getKey())), normalize(e.getValue()));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) out.add(normalize(o));
            return out;
        }
        if (v instanceof Integer || v instanceof Long) return ((Number) v).longValue();
        if (v instanceof BigInteger b) return Values.integer(b);
        if (v instanceof Float f) return f.doubleValue();
        if (v instanceof Date d) return Timestamp.utc(d.toInstant());
        if (v instanceof Object[] arr) return normalize(List.of(arr));
        return v;
    }

    // ---- writing -------------------------------------------------------------------------------

    static String format(Object v) {
        StringBuilder sb = new StringBuilder();
        v = Values.normalize(v);
        if (v instanceof Map<?, ?> m && !m.isEmpty()) {
            writeMap(sb, m, "");
        } else if (v instanceof List<?> l && !l.isEmpty()) {
            writeList(sb, l, "");
        } else {
            writeScalarValue(sb, v, "");
            sb.append('\n');
        }
        return sb.toString();
    }

    private static final String INDENT = "    ";

    private static void writeMap(StringBuilder sb, Map<?, ?> m, String indent) {
        boolean first = true;
        Map<String, Object> sorted = new TreeMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) sorted.put(String.valueOf(e.getKey()), e.getValue());
        for (Map.Entry<String, Object> e : sorted.entrySet()) {
            if (!first) sb.append(indent);
            first = false;
            sb.append(scalar(e.getKey(), true)).append(':');
            writeChild(sb, Values.normalize(e.getValue()), indent);
        }
    }

    /** After {@code key:}, writes a value: nested blocks on the following lines, scalars inline. */
    private static void writeChild(StringBuilder sb, Object v, String indent) {
        if (v instanceof Map<?, ?> m && !m.isEmpty()) {
            sb.append('\n').append(indent).append(INDENT);
            writeMap(sb, m, indent + INDENT);
        } else if (v instanceof List<?> l && !l.isEmpty()) {
            sb.append('\n').append(indent).append(INDENT);
            writeList(sb, l, indent + INDENT);
        } else {
            sb.append(' ');
            writeScalarValue(sb, v, indent + INDENT);
            sb.append('\n');
        }
    }

    private static void writeList(StringBuilder sb, List<?> l, String indent) {
        boolean first = true;
        for (Object item : l) {
            if (!first) sb.append(indent);
            first = false;
            sb.append("- ");
            Object v = Values.normalize(item);
            if (v instanceof Map<?, ?> m && !m.isEmpty()) {
                writeMap(sb, m, indent + "  ");
            } else if (v instanceof List<?> inner && !inner.isEmpty()) {
                writeList(sb, inner, indent + "  ");
            } else {
                writeScalarValue(sb, v, indent + "  ");
                sb.append('\n');
            }
        }
    }

    private static void writeScalarValue(StringBuilder sb, Object v, String blockIndent) {
        if (v == null || v instanceof Marker) {
            sb.append("null");
        } else if (v instanceof Map) {
            sb.append("{}");
        } else if (v instanceof List) {
            sb.append("[]");
        } else if (v instanceof Boolean b) {
            sb.append(b);
        } else if (v instanceof Double d) {
            sb.append(formatFloat(d));
        } else if (v instanceof BigDecimal || v instanceof Long || v instanceof BigInteger) {
            sb.append(v);
        } else if (v instanceof Timestamp t) {
            sb.append(t);
        } else {
            String s = v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : Values.toText(v);
            if (s.indexOf('\n') >= 0 && isPrintable(s)) {
                literalBlock(sb, s, blockIndent);
            } else {
                sb.append(scalar(s, false));
            }
        }
    }

    private static String formatFloat(double d) {
        if (Double.isNaN(d)) return ".nan";
        if (Double.isInfinite(d)) return d > 0 ? ".inf" : "-.inf";
        return Values.formatFloat(d);
    }

    private static void literalBlock(StringBuilder sb, String s, String indent) {
        int trailing = 0;
        while (trailing < s.length() && s.charAt(s.length() - 1 - trailing) == '\n') trailing++;
        sb.append('|');
        if (!s.isEmpty() && s.charAt(0) == ' ') sb.append(INDENT.length());
        if (trailing == 0) sb.append('-');
        else if (trailing > 1) sb.append('+');
        String body = trailing == 0 ? s : s.substring(0, s.length() - trailing);
        for (String line : body.split("\n", -1)) {
            sb.append('\n');
            if (!line.isEmpty()) sb.append(indent).append(line);
        }
        for (int i = 1; i < trailing; i++) sb.append('\n');
    }

    /** A string scalar: plain when it reads back as the same string, else single or double quoted. */
    static String scalar(String s, boolean key) {
        if (!isPrintable(s)) return doubleQuoted(s);
        if (resolvesToOther(s)) return doubleQuoted(s);
        if (plainAllowed(s)) return s;
        return "'" + s.replace("'", "''") + "'";
    }

    private static boolean resolvesToOther(String s) {
        if (NULL.matcher(s).matches() || BOOL.matcher(s).matches() || INT.matcher(s).matches() || FLOAT.matcher(s).matches()) return true;
        // yaml.v3 also quotes YAML 1.1 booleans and base 60 numbers for older readers
        if (s.matches("^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")) return true;
        if (s.matches("^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?$")) return true;
        return s.matches("^[-+]?(?:[0-9][0-9_]*)?\\.[0-9_]+(?:[eE][-+]?[0-9]+)?$|^[-+]?[0-9][0-9_]*(?:[eE][-+]?[0-9]+)$|^0b[01_]+$|^[-+]?[0-9_]+$");
    }

    private static boolean plainAllowed(String s) {
        if (s.isEmpty()) return false;
        char first = s.charAt(0);
        if (" \t".indexOf(first) >= 0 || " \t".indexOf(s.charAt(s.length() - 1)) >= 0) return false;
        if ("#,[]{}&*!|>'\"%@`".indexOf(first) >= 0) return false;
        if ((first == '-' || first == '?' || first == ':') && (s.length() == 1 || s.charAt(1) == ' ' || s.charAt(1) == '\t')) return false;
        if (s.startsWith("---") || s.startsWith("...")) return false;
        if (s.endsWith(":")) return false;
        if (s.contains(": ") || s.contains(":\t") || s.contains(" #") || s.contains("\t#")) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r' || c == '\t') return false;
        }
        return true;
    }

    private static boolean isPrintable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') return false;
            if (c == 0x7f || (c >= 0x80 && c <= 0x9f && c != 0x85) || c == 0xFEFF || c == 0xFFFE || c == 0xFFFF) return false;
        }
        return true;
    }

    private static String doubleQuoted(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case 0 -> sb.append("\\0");
                default -> {
                    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == 0xFEFF) sb.append(String.format("\\x%02X", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}
