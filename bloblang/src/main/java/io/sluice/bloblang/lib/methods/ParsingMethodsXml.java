package io.sluice.bloblang.lib.methods;

import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.runtime.QueryException;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * XML to and from the object shape of the original (the mxj conventions): attributes as {@code -name}
 * keys, text beside attributes or children as {@code #text}, repeated elements as arrays.
 */
final class ParsingMethodsXml {

    private ParsingMethodsXml() {
    }

    private static final XMLInputFactory FACTORY = newFactory();

    private static XMLInputFactory newFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    static Map<String, Object> parse(byte[] xml, boolean cast) {
        try {
            XMLStreamReader r = FACTORY.createXMLStreamReader(new ByteArrayInputStream(lenient(xml)));
            try {
                Map<String, Object> root = new LinkedHashMap<>();
                while (r.hasNext()) {
                    int ev = r.next();
                    if (ev == XMLStreamConstants.START_ELEMENT) {
                        String name = localName(r.getLocalName());
                        root.put(name, element(r, cast));
                        // the original stops at the end of the first root element
                        return root;
                    }
                }
                throw new QueryException("failed to parse value as XML: EOF");
            } finally {
                r.close();
            }
        } catch (XMLStreamException e) {
            String msg = e.getMessage() == null ? "invalid XML" : e.getMessage().replaceAll("\\s+", " ");
            throw new QueryException("failed to parse value as XML: " + msg);
        }
    }

    private static final Pattern ENTITY = Pattern.compile("^&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);");

    /**
     * The original decodes XML in Go's non-strict mode. This rewrites what that mode tolerates into
     * well-formed XML: unquoted attribute values are quoted, attributes without a value get their own
     * name as value, and an {@code &} that starts no entity is kept as a literal ampersand.
     */
    static byte[] lenient(byte[] xml) {
        String s = new String(xml, StandardCharsets.UTF_8);
        if (s.indexOf('&') < 0 && s.indexOf('=') < 0) return xml;
        StringBuilder out = new StringBuilder(s.length() + 16);
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '&') {
                out.append(ENTITY.matcher(s.substring(i, Math.min(n, i + 12))).find() ? "&" : "&amp;");
                i++;
            } else if (c == '<' && s.startsWith("<!--", i)) {
                int end = s.indexOf("-->", i + 4);
                end = end < 0 ? n : end + 3;
                out.append(s, i, end);
                i = end;
            } else if (c == '<' && s.startsWith("<![CDATA[", i)) {
                int end = s.indexOf("]]>", i + 9);
                end = end < 0 ? n : end + 3;
                out.append(s, i, end);
                i = end;
            } else if (c == '<' && i + 1 < n && Character.isLetter(s.charAt(i + 1))) {
                i = startTag(s, i, out);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Copies a start tag beginning at {@code i}, normalising its attributes; returns the index after it. */
    private static int startTag(String s, int i, StringBuilder out) {
        int n = s.length();
        int j = i + 1;
        while (j < n && !Character.isWhitespace(s.charAt(j)) && s.charAt(j) != '>' && s.charAt(j) != '/') j++;
        out.append(s, i, j);
        while (j < n) {
            char c = s.charAt(j);
            if (c == '>' || (c == '/' && j + 1 < n && s.charAt(j + 1) == '>')) {
                int end = c == '>' ? j + 1 : j + 2;
                out.append(s, j, end);
                return end;
            }
            if (Character.isWhitespace(c)) {
                out.append(c);
                j++;
                continue;
            }
            int nameStart = j;
            while (j < n && !Character.isWhitespace(s.charAt(j)) && "=>/".indexOf(s.charAt(j)) < 0) j++;
            String name = s.substring(nameStart, j);
            int k = j;
            while (k < n && Character.isWhitespace(s.charAt(k))) k++;
            if (k >= n || s.charAt(k) != '=') {
                out.append(name).append("=\"").append(name).append('"');
                continue;
            }
            k++;
            while (k < n && Character.isWhitespace(s.charAt(k))) k++;
            out.append(name).append('=');
            if (k < n && (s.charAt(k) == '"' || s.charAt(k) == '\'')) {
                char q = s.charAt(k);
                int close = s.indexOf(q, k + 1);
                close = close < 0 ? n - 1 : close;
                String value = s.substring(k + 1, close);
                out.append(q).append(escapeAmpersands(value)).append(q);
                j = close + 1;
            } else {
                int vs = k;
                while (k < n && !Character.isWhitespace(s.charAt(k)) && s.charAt(k) != '>') k++;
                if (k > vs && s.charAt(k - 1) == '/' && k < n && s.charAt(k) == '>') k--;
                out.append('"').append(escapeAmpersands(s.substring(vs, k)).replace("\"", "&quot;")).append('"');
                j = k;
            }
        }
        return n;
    }

    private static String escapeAmpersands(String v) {
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '&' && !ENTITY.matcher(v.substring(i, Math.min(v.length(), i + 12))).find()) sb.append("&amp;");
            else if (c == '<') sb.append("&lt;");
            else sb.append(c);
        }
        return sb.toString();
    }

    /** Reads the element the reader is on (a START_ELEMENT) up to its end. */
    private static Object element(XMLStreamReader r, boolean cast) throws XMLStreamException {
        Map<String, Object> node = new LinkedHashMap<>();
        for (int i = 0; i < r.getAttributeCount(); i++) {
            node.put("-" + r.getAttributeLocalName(i), castValue(r.getAttributeValue(i), cast));
        }
        // children seen more than once are collected into these lists
        Map<String, List<Object>> repeated = new HashMap<>();
        StringBuilder text = new StringBuilder();
        while (r.hasNext()) {
            int ev = r.next();
            switch (ev) {
                case XMLStreamConstants.START_ELEMENT -> {
                    String name = localName(r.getLocalName());
                    Object child = element(r, cast);
                    List<Object> list = repeated.get(name);
                    if (list != null) {
                        list.add(child);
                    } else if (node.containsKey(name)) {
                        list = new ArrayList<>();
                        list.add(node.get(name));
                        list.add(child);
                        repeated.put(name, list);
                        node.put(name, list);
                    } else {
                        node.put(name, child);
                    }
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> text.append(r.getText());
                case XMLStreamConstants.END_ELEMENT -> {
                    String t = trim(text.toString());
                    if (node.isEmpty()) return castValue(t, cast);
                    if (!t.isEmpty()) node.put("#text", castValue(t, cast));
                    return node;
                }
                default -> {
                    // comments, processing instructions and directives are ignored
                }
            }
        }
        throw new XMLStreamException("unexpected EOF");
    }

    private static String localName(String name) {
        int i = name.indexOf(':');
        return i < 0 ? name : name.substring(i + 1);
    }

    private static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && "\t\r\b\n ".indexOf(s.charAt(start)) >= 0) start++;
        while (end > start && "\t\r\b\n ".indexOf(s.charAt(end - 1)) >= 0) end--;
        return s.substring(start, end);
    }

    /** With {@code cast}: numbers become floats, t/f style booleans become booleans. */
    private static Object castValue(String s, boolean cast) {
        if (!cast) return s;
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.equals("nan") || lower.equals("inf") || lower.equals("-inf")) return s;
        try {
            return Values.parseGoFloat(s);
        } catch (NumberFormatException ignored) {
            // not a number
        }
        switch (s) {
            case "t", "T", "true", "TRUE", "True" -> {
                return true;
            }
            case "f", "F", "false", "FALSE", "False" -> {
                return false;
            }
            default -> {
                return s;
            }
        }
    }

    // ---- writing -------------------------------------------------------------------------------

    /** {@code indent} null: everything on one line. A map with several keys is wrapped in {@code <doc>}. */
    static String format(Map<String, Object> obj, String indent) {
        StringBuilder sb = new StringBuilder();
        if (obj.size() == 1) {
            Map.Entry<String, Object> e = obj.entrySet().iterator().next();
            writeValue(sb, e.getKey(), e.getValue(), 0, indent);
        } else {
            writeValue(sb, "doc", obj, 0, indent);
        }
        return sb.toString();
    }

    private static void writeValue(StringBuilder sb, String key, Object v, int depth, String indent) {
        v = Values.normalize(v);
        if (v instanceof List<?> l) {
            for (Object item : l) writeValue(sb, key, item, depth, indent);
            return;
        }
        if (indent != null && !sb.isEmpty()) sb.append('\n').append(indent.repeat(depth));
        sb.append('<').append(key);
        if (v instanceof Map<?, ?> raw) {
            Map<String, Object> m = new TreeMap<>();
            for (Map.Entry<?, ?> e : raw.entrySet()) m.put(String.valueOf(e.getKey()), e.getValue());
            String text = null;
            List<Map.Entry<String, Object>> children = new ArrayList<>();
            for (Map.Entry<String, Object> e : m.entrySet()) {
                if (e.getKey().startsWith("-") && e.getKey().length() > 1) {
                    sb.append(' ').append(e.getKey().substring(1)).append("=\"").append(escape(text(e.getValue()), true)).append('"');
                } else if (e.getKey().equals("#text")) {
                    text = text(e.getValue());
                } else {
                    children.add(e);
                }
            }
            if (children.isEmpty() && (text == null || text.isEmpty())) {
                sb.append("/>");
                return;
            }
            sb.append('>');
            if (text != null) sb.append(escape(text, false));
            for (Map.Entry<String, Object> c : children) writeValue(sb, c.getKey(), c.getValue(), depth + 1, indent);
            if (!children.isEmpty() && indent != null) sb.append('\n').append(indent.repeat(depth));
            sb.append("</").append(key).append('>');
            return;
        }
        if (v == null) {
            sb.append("/>");
            return;
        }
        sb.append('>').append(escape(text(v), false)).append("</").append(key).append('>');
    }

    private static String text(Object v) {
        if (v instanceof byte[] b) return new String(b, StandardCharsets.UTF_8);
        return Values.toText(v);
    }

    private static String escape(String s, boolean attribute) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append(attribute ? "&quot;" : "\"");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
