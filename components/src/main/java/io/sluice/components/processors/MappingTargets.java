package io.sluice.components.processors;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Bloblang mapping reads from its input and what it assigns, found by scanning its text.
 *
 * <p>The {@code workflow} processor orders branches by these targets and the {@code branch} result
 * map needs to know which parts of the origin message it writes. The expression-language contract
 * in core does not expose a compiled mapping's targets yet, so this reads them from the source: it
 * understands the statement forms a mapping assigns with ({@code root.a.b = }, {@code a.b = },
 * {@code meta k = }, {@code meta = }) and the usual ways to read the input ({@code this.a.b},
 * {@code json("a.b")}, {@code @k}, {@code meta("k")}, {@code metadata("k")}). Replace it with the
 * compiled mapping's own answer once core offers one.
 */
record MappingTargets(Set<Target> reads, Set<Target> assigns) {

    /** A value path (in the document) or a metadata key; an empty path means the whole document or all metadata. */
    record Target(boolean metadata, List<String> path) {
        /** True when this target, read, depends on {@code provided} being assigned: {@code provided} is a prefix of it. */
        boolean dependsOn(Target provided) {
            if (metadata != provided.metadata || path.size() < provided.path.size()) return false;
            return path.subList(0, provided.path.size()).equals(provided.path);
        }

        @Override
        public String toString() {
            return (metadata ? "metadata" : "path") + (path.isEmpty() ? "" : "." + String.join(".", path));
        }
    }

    static final MappingTargets NONE = new MappingTargets(Set.of(), Set.of());

    private static final String SEGMENTS = "((?:\\s*\\.\\s*(?:[A-Za-z0-9_]+|\"(?:[^\"\\\\]|\\\\.)*\"))*)";
    private static final Pattern SEGMENT = Pattern.compile("\\.\\s*([A-Za-z0-9_]+|\"(?:[^\"\\\\]|\\\\.)*\")");
    private static final Pattern ROOT_ASSIGN = Pattern.compile("^root" + SEGMENTS + "\\s*=(?!=)");
    private static final Pattern BARE_ASSIGN = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)" + SEGMENTS + "\\s*=(?!=)");
    private static final Pattern META_ALL_ASSIGN = Pattern.compile("^meta\\s*=(?!=)");
    private static final Pattern META_KEY_ASSIGN = Pattern.compile("^meta\\s+(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^\\s=]+))\\s*=(?!=)");
    private static final Pattern THIS_READ = Pattern.compile("(?<![A-Za-z0-9_.])this" + SEGMENTS);
    private static final Pattern JSON_READ = Pattern.compile("(?<![A-Za-z0-9_.])json\\(\\s*(?:\"([^\"]*)\")?\\s*\\)");
    private static final Pattern META_FN_READ = Pattern.compile("(?<![A-Za-z0-9_.])(?:meta|metadata)\\(\\s*(?:\"([^\"]*)\")?\\s*\\)");
    private static final Pattern AT_READ = Pattern.compile("@(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([A-Za-z0-9_]+))?");
    private static final Set<String> KEYWORDS = Set.of("root", "this", "meta", "let", "map", "import", "if", "else", "match", "from", "from_all");

    static MappingTargets scan(String mapping) {
        if (mapping == null || mapping.isBlank()) return NONE;
        Set<Target> reads = new LinkedHashSet<>();
        Set<Target> assigns = new LinkedHashSet<>();
        for (String rawLine : mapping.split("\\R")) {
            String line = stripComment(rawLine).trim();
            if (line.isEmpty()) continue;
            String expression = line;
            Matcher m;
            if ((m = META_ALL_ASSIGN.matcher(line)).find()) {
                assigns.add(new Target(true, List.of()));
                expression = line.substring(m.end());
            } else if ((m = META_KEY_ASSIGN.matcher(line)).find()) {
                assigns.add(new Target(true, List.of(m.group(1) != null ? unquote(m.group(1)) : m.group(2))));
                expression = line.substring(m.end());
            } else if ((m = ROOT_ASSIGN.matcher(line)).find()) {
                assigns.add(new Target(false, segments(m.group(1))));
                expression = line.substring(m.end());
            } else if ((m = BARE_ASSIGN.matcher(line)).find() && !KEYWORDS.contains(m.group(1))) {
                List<String> path = new ArrayList<>();
                path.add(m.group(1));
                path.addAll(segments(m.group(2)));
                assigns.add(new Target(false, List.copyOf(path)));
                expression = line.substring(m.end());
            }
            collectReads(expression, reads);
        }
        return new MappingTargets(Set.copyOf(reads), Set.copyOf(assigns));
    }

    private static void collectReads(String expression, Set<Target> reads) {
        Matcher m = THIS_READ.matcher(expression);
        while (m.find()) reads.add(new Target(false, segments(m.group(1))));
        m = JSON_READ.matcher(expression);
        while (m.find()) reads.add(new Target(false, m.group(1) == null || m.group(1).isEmpty() ? List.of() : List.of(m.group(1).split("\\."))));
        m = META_FN_READ.matcher(expression);
        while (m.find()) reads.add(new Target(true, m.group(1) == null ? List.of() : List.of(m.group(1))));
        m = AT_READ.matcher(stripStrings(expression));
        while (m.find()) {
            String key = m.group(1) != null ? unquote(m.group(1)) : m.group(2);
            reads.add(new Target(true, key == null ? List.of() : List.of(key)));
        }
    }

    /** True when the mapping assigns to the document (anything but metadata). */
    boolean assignsDocument() {
        return assigns.stream().anyMatch(t -> !t.metadata());
    }

    /** True when the mapping replaces the whole document ({@code root = ...}). */
    boolean assignsWholeDocument() {
        return assigns.contains(new Target(false, List.of()));
    }

    boolean assignsAllMetadata() {
        return assigns.contains(new Target(true, List.of()));
    }

    /** The metadata keys assigned one by one ({@code meta k = ...}). */
    List<String> assignedMetadataKeys() {
        List<String> keys = new ArrayList<>();
        for (Target t : assigns) if (t.metadata() && !t.path().isEmpty()) keys.add(t.path().get(0));
        return keys;
    }

    private static List<String> segments(String text) {
        if (text == null || text.isEmpty()) return List.of();
        List<String> out = new ArrayList<>();
        Matcher m = SEGMENT.matcher(text);
        while (m.find()) out.add(unquote(m.group(1)));
        return List.copyOf(out);
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) s = s.substring(1, s.length() - 1);
        return s.replace("\\\"", "\"").replace("\\\\", "\\");
    }

    /** Cuts a {@code #} comment, ignoring {@code #} inside string literals. */
    private static String stripComment(String line) {
        boolean inString = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && inString) {
                i++;
            } else if (c == '"') {
                inString = !inString;
            } else if (c == '#' && !inString) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /** Blanks string literal contents so that e.g. an e-mail address in a string is not read as {@code @}metadata. */
    private static String stripStrings(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                    sb.append(' ');
                } else if (c == '"') {
                    inString = false;
                    sb.append(c);
                } else {
                    sb.append(' ');
                }
            } else {
                if (c == '"') inString = true;
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
