package io.sluice.bloblang.lib.methods;

import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.runtime.QueryException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.text.BreakIterator;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Text helpers that follow Go's standard library and the slug package: URL and path escaping, {@code path.Clean}, slugs, transliteration and Unicode segments. */
final class GoText {
    private GoText() {
    }

    private static final String URL_UNRESERVED = "-_.~";

    /** Go's {@code url.QueryEscape} ({@code query}) or {@code url.PathEscape}. */
    static String urlEscape(String s, boolean query) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || URL_UNRESERVED.indexOf(c) >= 0
                    || (!query && "$&+:=@".indexOf(c) >= 0);
            if (keep) {
                sb.append((char) c);
            } else if (query && c == ' ') {
                sb.append('+');
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }

    /** Go's {@code url.QueryUnescape} ({@code query}: {@code +} is a space) or {@code url.PathUnescape}. */
    static String urlUnescape(String s, boolean query) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '%') {
                if (i + 2 >= in.length || Character.digit(in[i + 1], 16) < 0 || Character.digit(in[i + 2], 16) < 0) {
                    String bad = new String(in, i, Math.min(3, in.length - i), StandardCharsets.UTF_8);
                    throw new QueryException("invalid URL escape " + Values.goQuote(bad));
                }
                out.write(Character.digit(in[i + 1], 16) << 4 | Character.digit(in[i + 2], 16));
                i += 2;
            } else if (b == '+' && query) {
                out.write(' ');
            } else {
                out.write(b);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Go's {@code path.Clean}. */
    static String cleanPath(String path) {
        if (path.isEmpty()) return ".";
        boolean rooted = path.charAt(0) == '/';
        List<String> parts = new ArrayList<>();
        for (String seg : path.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) continue;
            if (seg.equals("..")) {
                if (!parts.isEmpty() && !parts.get(parts.size() - 1).equals("..")) parts.remove(parts.size() - 1);
                else if (!rooted) parts.add("..");
                continue;
            }
            parts.add(seg);
        }
        String joined = String.join("/", parts);
        if (rooted) return "/" + joined;
        return joined.isEmpty() ? "." : joined;
    }

    private static final Map<String, Map<Character, String>> SLUG_LANGS = Map.ofEntries(
            Map.entry("de", Map.of('&', "und", '@', "an", 'ä', "ae", 'Ä', "Ae", 'ö', "oe", 'Ö', "Oe", 'ü', "ue", 'Ü', "Ue", 'ß', "ss")),
            Map.entry("en", Map.of('&', "and", '@', "at")),
            Map.entry("es", Map.of('&', "y", '@', "en")),
            Map.entry("fi", Map.of('&', "ja", '@', "at")),
            Map.entry("fr", Map.of('&', "et", '@', "arobase")),
            Map.entry("gr", Map.of('&', "kai")),
            Map.entry("hu", Map.of('&', "es", '@', "kukac")),
            Map.entry("id", Map.of('&', "dan")),
            Map.entry("it", Map.of('&', "e", '@', "chiocciola")),
            Map.entry("kk", Map.of('&', "jane")),
            Map.entry("nb", Map.of('&', "og", '@', "at")),
            Map.entry("nl", Map.of('&', "en", '@', "at")),
            Map.entry("nn", Map.of('&', "og", '@', "at")),
            Map.entry("pl", Map.of('&', "i", '@', "na")),
            Map.entry("ro", Map.of('&', "si")),
            Map.entry("sl", Map.of('&', "in")),
            Map.entry("sv", Map.of('&', "och", '@', "snabel a")),
            Map.entry("tr", Map.of('&', "ve", '@', "at")));

    /** A URL slug as the gosimple/slug package builds one. */
    static String slug(String s, String lang) {
        Map<Character, String> subs = SLUG_LANGS.getOrDefault(lang.toLowerCase(Locale.ROOT), SLUG_LANGS.get("en"));
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String sub = subs.get(c);
            if (sub != null) sb.append(sub);
            else sb.append(c);
        }
        String ascii = transliterate(sb.toString()).toLowerCase(Locale.ROOT);
        String dashed = ascii.replaceAll("[^a-z0-9\\-_]", "-").replaceAll("-+", "-");
        int start = 0;
        int end = dashed.length();
        while (start < end && (dashed.charAt(start) == '-' || dashed.charAt(start) == '_')) start++;
        while (end > start && (dashed.charAt(end - 1) == '-' || dashed.charAt(end - 1) == '_')) end--;
        return dashed.substring(start, end);
    }

    private static final Map<Character, String> TRANSLITERATIONS = Map.ofEntries(
            Map.entry('ß', "ss"), Map.entry('æ', "ae"), Map.entry('Æ', "AE"), Map.entry('ø', "o"), Map.entry('Ø', "O"),
            Map.entry('œ', "oe"), Map.entry('Œ', "OE"), Map.entry('ð', "d"), Map.entry('Ð', "D"), Map.entry('þ', "th"),
            Map.entry('Þ', "TH"), Map.entry('ł', "l"), Map.entry('Ł', "L"), Map.entry('đ', "d"), Map.entry('Đ', "D"),
            Map.entry('ı', "i"), Map.entry('€', "EUR"), Map.entry('£', "PS"));

    /** An ASCII approximation: accents removed, a few letters spelt out. */
    static String transliterate(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String t = TRANSLITERATIONS.get(c);
            if (t == null && c >= '\u0400' && c <= '\u045f') t = cyrillic(c);
            if (t != null) sb.append(t);
            else sb.append(c);
        }
        String decomposed = Normalizer.normalize(sb, Normalizer.Form.NFKD);
        StringBuilder out = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if (Character.getType(c) == Character.NON_SPACING_MARK) continue;
            out.append(c);
        }
        return out.toString();
    }

    private static final String[] CYRILLIC = {"a", "b", "v", "g", "d", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p",
            "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "\"", "y", "'", "e", "iu", "ia"};

    /** Russian letters as unidecode spells them (upper case letters come out capitalised). */
    private static String cyrillic(char c) {
        char lower = Character.toLowerCase(c);
        String t;
        if (lower >= '\u0430' && lower <= '\u044f') t = CYRILLIC[lower - '\u0430'];
        else if (lower == '\u0451') t = "io";
        else return null;
        return c == lower || t.isEmpty() ? t : Character.toUpperCase(t.charAt(0)) + t.substring(1);
    }

    static List<Object> segments(String s, String kind) {
        BreakIterator it = switch (kind) {
            case "grapheme" -> BreakIterator.getCharacterInstance(Locale.ROOT);
            case "word" -> BreakIterator.getWordInstance(Locale.ROOT);
            default -> BreakIterator.getSentenceInstance(Locale.ROOT);
        };
        it.setText(s);
        List<Object> out = new ArrayList<>();
        int start = it.first();
        for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
            out.add(s.substring(start, end));
        }
        return out;
    }
}
