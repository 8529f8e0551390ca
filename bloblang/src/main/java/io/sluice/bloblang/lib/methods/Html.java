package io.sluice.bloblang.lib.methods;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** HTML escaping as Go's {@code html} package, and tag stripping in the manner of bluemonday's strict policy. */
final class Html {
    private Html() {
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '\'' -> sb.append("&#39;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&#34;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static final Map<String, String> ENTITIES = buildEntities();

    private static Map<String, String> buildEntities() {
        Map<String, String> m = new HashMap<>();
        String[] named = {"amp", "&", "lt", "<", "gt", ">", "quot", "\"", "apos", "'", "nbsp", "\u00a0",
                "copy", "\u00a9", "reg", "\u00ae", "trade", "\u2122", "hellip", "\u2026", "mdash", "\u2014",
                "ndash", "\u2013", "lsquo", "\u2018", "rsquo", "\u2019", "ldquo", "\u201c", "rdquo", "\u201d",
                "laquo", "\u00ab", "raquo", "\u00bb", "bull", "\u2022", "middot", "\u00b7", "euro", "\u20ac",
                "pound", "\u00a3", "yen", "\u00a5", "cent", "\u00a2", "sect", "\u00a7", "para", "\u00b6",
                "deg", "\u00b0", "plusmn", "\u00b1", "times", "\u00d7", "divide", "\u00f7", "frac12", "\u00bd",
                "frac14", "\u00bc", "frac34", "\u00be", "sup1", "\u00b9", "sup2", "\u00b2", "sup3", "\u00b3",
                "micro", "\u00b5", "iexcl", "\u00a1", "iquest", "\u00bf", "szlig", "\u00df", "shy", "\u00ad",
                "ordf", "\u00aa", "ordm", "\u00ba", "not", "\u00ac", "macr", "\u00af", "acute", "\u00b4",
                "cedil", "\u00b8", "uml", "\u00a8", "curren", "\u00a4", "brvbar", "\u00a6", "larr", "\u2190",
                "rarr", "\u2192", "uarr", "\u2191", "darr", "\u2193", "harr", "\u2194", "hearts", "\u2665",
                "ensp", "\u2002", "emsp", "\u2003", "thinsp", "\u2009", "zwnj", "\u200c", "zwj", "\u200d",
                "dagger", "\u2020", "Dagger", "\u2021", "permil", "\u2030", "prime", "\u2032", "Prime", "\u2033",
                "infin", "\u221e", "ne", "\u2260", "le", "\u2264", "ge", "\u2265", "minus", "\u2212", "alpha", "\u03b1",
                "beta", "\u03b2", "gamma", "\u03b3", "delta", "\u03b4", "pi", "\u03c0", "sigma", "\u03c3", "omega", "\u03c9"};
        for (int i = 0; i < named.length; i += 2) m.put(named[i], named[i + 1]);
        // Latin-1 letters with accents: &Agrave; ... &yuml;
        String[][] accents = {{"grave", "\u00c0\u00c8\u00cc\u00d2\u00d9\u00e0\u00e8\u00ec\u00f2\u00f9", "AEIOUaeiou"},
                {"acute", "\u00c1\u00c9\u00cd\u00d3\u00da\u00dd\u00e1\u00e9\u00ed\u00f3\u00fa\u00fd", "AEIOUYaeiouy"},
                {"circ", "\u00c2\u00ca\u00ce\u00d4\u00db\u00e2\u00ea\u00ee\u00f4\u00fb", "AEIOUaeiou"},
                {"tilde", "\u00c3\u00d1\u00d5\u00e3\u00f1\u00f5", "ANOano"},
                {"uml", "\u00c4\u00cb\u00cf\u00d6\u00dc\u00e4\u00eb\u00ef\u00f6\u00fc\u00ff", "AEIOUaeiouy"},
                {"ring", "\u00c5\u00e5", "Aa"}, {"cedil", "\u00c7\u00e7", "Cc"}, {"slash", "\u00d8\u00f8", "Oo"}};
        for (String[] a : accents) {
            for (int i = 0; i < a[2].length(); i++) m.put(a[2].charAt(i) + a[0], String.valueOf(a[1].charAt(i)));
        }
        m.put("AElig", "\u00c6");
        m.put("aelig", "\u00e6");
        m.put("ETH", "\u00d0");
        m.put("eth", "\u00f0");
        m.put("THORN", "\u00de");
        m.put("thorn", "\u00fe");
        return m;
    }

    /** Go's {@code html.UnescapeString}: named and numeric character references. */
    static String unescape(String s) {
        int amp = s.indexOf('&');
        if (amp < 0) return s;
        StringBuilder sb = new StringBuilder(s.length());
        sb.append(s, 0, amp);
        int i = amp;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '&') {
                sb.append(c);
                i++;
                continue;
            }
            int j = i + 1;
            if (j < s.length() && s.charAt(j) == '#') {
                j++;
                boolean hex = j < s.length() && (s.charAt(j) == 'x' || s.charAt(j) == 'X');
                if (hex) j++;
                int start = j;
                while (j < s.length() && Character.digit(s.charAt(j), hex ? 16 : 10) >= 0) j++;
                if (j == start) {
                    sb.append(c);
                    i++;
                    continue;
                }
                int cp;
                try {
                    cp = Integer.parseInt(s.substring(start, j), hex ? 16 : 10);
                } catch (NumberFormatException e) {
                    cp = 0xFFFD;
                }
                if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
                if (cp >= 0x80 && cp <= 0x9F) cp = WINDOWS_1252[cp - 0x80];
                sb.appendCodePoint(cp);
                if (j < s.length() && s.charAt(j) == ';') j++;
                i = j;
                continue;
            }
            int start = j;
            while (j < s.length() && Character.isLetterOrDigit(s.charAt(j)) && j - start < 32) j++;
            String name = s.substring(start, j);
            String rep = ENTITIES.get(name);
            if (rep != null && j < s.length() && s.charAt(j) == ';') {
                sb.append(rep);
                i = j + 1;
            } else if (rep != null && !name.isEmpty() && LEGACY.contains(name)) {
                sb.append(rep);
                i = j;
            } else {
                sb.append(c);
                i++;
            }
        }
        return sb.toString();
    }

    private static final Set<String> LEGACY = Set.of("amp", "lt", "gt", "quot", "nbsp", "copy", "reg");

    private static final int[] WINDOWS_1252 = {0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6,
            0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
            0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178};

    private static final Set<String> SKIP_CONTENT = Set.of("script", "style");

    /**
     * Removes tags, keeping the elements named in {@code keep} (without attributes). The content of
     * script and style elements is dropped; text is unescaped and escaped again as HTML.
     */
    static String strip(String s, Set<String> keep) {
        StringBuilder out = new StringBuilder(s.length());
        StringBuilder text = new StringBuilder();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '<' && i + 1 < n && (Character.isLetter(s.charAt(i + 1)) || s.charAt(i + 1) == '/' || s.charAt(i + 1) == '!' || s.charAt(i + 1) == '?')) {
                if (s.startsWith("<!--", i)) {
                    int end = s.indexOf("-->", i + 4);
                    flushText(out, text);
                    i = end < 0 ? n : end + 3;
                    continue;
                }
                int end = tagEnd(s, i + 1);
                if (end < 0) {
                    text.append(s, i, n);
                    break;
                }
                flushText(out, text);
                String inner = s.substring(i + 1, end);
                boolean closing = inner.startsWith("/");
                String body = closing ? inner.substring(1) : inner;
                int k = 0;
                while (k < body.length() && (Character.isLetterOrDigit(body.charAt(k)) || body.charAt(k) == '-' || body.charAt(k) == ':')) k++;
                String name = body.substring(0, k).toLowerCase(Locale.ROOT);
                boolean selfClosing = inner.endsWith("/");
                i = end + 1;
                if (!closing && SKIP_CONTENT.contains(name) && !selfClosing) {
                    int close = indexOfIgnoreCase(s, "</" + name, i);
                    if (close < 0) {
                        i = n;
                    } else {
                        int closeEnd = s.indexOf('>', close);
                        i = closeEnd < 0 ? n : closeEnd + 1;
                    }
                    continue;
                }
                if (!name.isEmpty() && keep.contains(name)) {
                    out.append(closing ? "</" : "<").append(name).append(selfClosing && !closing ? "/>" : ">");
                }
                continue;
            }
            text.append(c);
            i++;
        }
        flushText(out, text);
        return out.toString();
    }

    private static void flushText(StringBuilder out, StringBuilder text) {
        if (text.isEmpty()) return;
        out.append(escape(unescape(text.toString())));
        text.setLength(0);
    }

    private static int tagEnd(String s, int from) {
        char quote = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfIgnoreCase(String s, String needle, int from) {
        return s.toLowerCase(Locale.ROOT).indexOf(needle, from);
    }
}
