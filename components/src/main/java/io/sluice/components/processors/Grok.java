package io.sluice.components.processors;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles grok expressions ({@code %{PATTERN:field:type}} over regular expressions) to Java patterns. Java group
 * names allow only letters and digits, so each capture gets a generated group name and a table maps it back to
 * the field name and type. Written here: the Java grok libraries on Maven Central are unmaintained.
 */
class Grok {
    private static final Pattern REFERENCE = Pattern.compile("%\\{(\\w+)(?::([\\w@.\\[\\]-]+)(?::(int|float|string))?)?}");
    private static final Map<String, String> DEFAULTS = load();

    /** One capture of a compiled expression. */
    record Capture(String group, String field, String type) {
    }

    /** A compiled expression: the Java pattern and its captures. */
    record Compiled(Pattern pattern, List<Capture> captures) {
        /** The captured fields of a match, or null when the text does not match. */
        Map<String, Object> match(String text, boolean removeEmpty) {
            Matcher m = pattern.matcher(text);
            if (!m.find()) return null;
            Map<String, Object> out = new LinkedHashMap<>();
            for (Capture c : captures) {
                String v = m.group(c.group());
                if (v == null || (removeEmpty && v.isEmpty())) {
                    if (!removeEmpty) out.putIfAbsent(c.field(), v == null ? "" : v);
                    continue;
                }
                out.put(c.field(), convert(v, c.type()));
            }
            return out;
        }
    }

    private final Map<String, String> patterns;
    private final boolean namedOnly;

    Grok(Map<String, String> definitions, boolean useDefaults, boolean namedOnly) {
        this.patterns = new LinkedHashMap<>(useDefaults ? DEFAULTS : Map.of());
        this.patterns.putAll(definitions);
        this.namedOnly = namedOnly;
    }

    /** Pattern files: NAME and expression per line; blank lines and lines starting with '#' are skipped. */
    static Map<String, String> readDefinitions(BufferedReader reader) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        String line;
        while ((line = reader.readLine()) != null) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) continue;
            int space = t.indexOf(' ');
            if (space < 0) throw new IOException("pattern definition '" + t + "' has no expression after its name");
            out.put(t.substring(0, space), t.substring(space + 1).strip());
        }
        return out;
    }

    static Map<String, String> readFile(Path path) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return readDefinitions(r);
        }
    }

    private static Map<String, String> load() {
        try (InputStream in = Grok.class.getResourceAsStream("grok-patterns.txt")) {
            if (in == null) throw new IllegalStateException("grok-patterns.txt is missing from the class path");
            return Map.copyOf(readDefinitions(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the grok pattern library", e);
        }
    }

    static Set<String> defaultNames() {
        return DEFAULTS.keySet();
    }

    /** Compiles one expression; unknown patterns, loops and bad regular expressions fail with what went wrong. */
    Compiled compile(String expression) {
        List<Capture> captures = new ArrayList<>();
        String regex = expand(expression, captures, new HashSet<>());
        try {
            return new Compiled(Pattern.compile(regex), List.copyOf(captures));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("expression '" + expression + "' is not a valid regular expression: " + e.getDescription());
        }
    }

    /**
     * For lint, which sees one value at a time: whether the expression is a valid regular expression once the
     * library's patterns are put in. Patterns it does not know may come from the processor's own definitions,
     * so they stand for "anything" here; the processor checks them against its definitions when it starts.
     */
    static String lintProblem(Object value) {
        if (!(value instanceof String expression)) return null;
        Grok lenient = new Grok(Map.of(), true, true) {
            @Override
            String definition(String name) {
                String known = super.definition(name);
                return known != null ? known : ".*?";
            }
        };
        try {
            lenient.compile(expression);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    String definition(String name) {
        return patterns.get(name);
    }

    private String expand(String expression, List<Capture> captures, Set<String> inProgress) {
        Matcher m = REFERENCE.matcher(expression);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String definition = definition(name);
            if (definition == null) throw new IllegalArgumentException("pattern %{" + name + "} is not defined");
            if (!inProgress.add(name)) throw new IllegalArgumentException("pattern %{" + name + "} refers to itself");
            String inner = expand(definition, captures, inProgress);
            inProgress.remove(name);
            String field = m.group(2) != null ? m.group(2) : namedOnly ? null : name;
            String replacement;
            if (field != null) {
                String group = "g" + captures.size();
                captures.add(new Capture(group, field, m.group(3) == null ? "string" : m.group(3)));
                replacement = "(?<" + group + ">" + inner + ")";
            } else {
                replacement = "(?:" + inner + ")";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Object convert(String v, String type) {
        try {
            return switch (type) {
                case "int" -> Long.parseLong(v.startsWith("+") ? v.substring(1) : v);
                case "float" -> Double.parseDouble(v);
                default -> v;
            };
        } catch (NumberFormatException e) {
            return v; // a capture that does not read as its type keeps its text
        }
    }
}
