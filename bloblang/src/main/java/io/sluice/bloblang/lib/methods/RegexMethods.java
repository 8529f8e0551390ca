package io.sluice.bloblang.lib.methods;

import io.sluice.bloblang.lib.Category;
import io.sluice.bloblang.lib.Example;
import io.sluice.bloblang.lib.Library;
import io.sluice.bloblang.lib.LibraryModule;
import io.sluice.bloblang.lib.MethodSpec;
import io.sluice.bloblang.lib.Param;
import io.sluice.bloblang.lib.Status;
import io.sluice.bloblang.lib.ValueMethodFactory;
import io.sluice.bloblang.lib.Values;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The regular expression methods ({@code re_match}, {@code re_find_all}, {@code re_replace_all}...).
 * Patterns are written in Go's RE2 syntax; {@link GoRegex} translates them to {@link Pattern} and
 * reproduces Go's matching rules where they differ from Java's (named groups with underscores,
 * {@code $} without multi-line mode, empty matches next to a previous match, {@code $name} expansion).
 */
public final class RegexMethods implements LibraryModule {

    private static final Param PATTERN = Param.string("pattern", "The pattern to match against.");

    @Override
    public void register(Library lib) {
        lib.addValueMethod(MethodSpec.of("re_find_all", Category.REGEX,
                        "Returns an array containing all successive matches of a regular expression in a string.")
                .param(PATTERN)
                .example(Example.of("", "root.matches = this.value.re_find_all(\"a.\")",
                        "{\"value\":\"paranormal\"}", "{\"matches\":[\"ar\",\"an\",\"al\"]}")),
                args -> {
                    GoRegex re = GoRegex.compile(args.string("pattern"));
                    return (v, ctx) -> {
                        List<Object> out = new ArrayList<>();
                        for (MatchResult m : re.findAll(text(v))) out.add(m.group());
                        return out;
                    };
                });

        lib.addValueMethod(MethodSpec.of("re_find_all_submatch", Category.REGEX,
                        "Returns an array of arrays containing all successive matches of the regular expression in a string and the matches, if any, of its subexpressions.")
                .param(PATTERN)
                .example(Example.of("", "root.matches = this.value.re_find_all_submatch(\"a(x*)b\")",
                        "{\"value\":\"-axxb-ab-\"}", "{\"matches\":[[\"axxb\",\"xx\"],[\"ab\",\"\"]]}")),
                args -> {
                    GoRegex re = GoRegex.compile(args.string("pattern"));
                    return (v, ctx) -> {
                        List<Object> out = new ArrayList<>();
                        for (MatchResult m : re.findAll(text(v))) {
                            List<Object> groups = new ArrayList<>(m.groupCount() + 1);
                            for (int i = 0; i <= m.groupCount(); i++) groups.add(group(m, i));
                            out.add(groups);
                        }
                        return out;
                    };
                });

        lib.addValueMethod(MethodSpec.of("re_find_object", Category.REGEX,
                        "Returns an object containing the first match of the regular expression and the matches of its subexpressions. The key of each match value is the name of the group when specified, otherwise it is the index of the matching group, starting with the expression as a whole at 0.")
                .param(PATTERN)
                .example(Example.of("", "root.matches = this.value.re_find_object(\"a(?P<foo>x*)b\")",
                        "{\"value\":\"-axxb-ab-\"}", "{\"matches\":{\"0\":\"axxb\",\"foo\":\"xx\"}}"))
                .example(Example.of("", "root.matches = this.value.re_find_object(\"(?P<key>\\\\w+):\\\\s+(?P<value>\\\\w+)\")",
                        "{\"value\":\"option1: value1\"}", "{\"matches\":{\"0\":\"option1: value1\",\"key\":\"option1\",\"value\":\"value1\"}}")),
                args -> {
                    GoRegex re = GoRegex.compile(args.string("pattern"));
                    return (v, ctx) -> {
                        Matcher m = re.pattern().matcher(text(v));
                        return m.find() ? re.toObject(m) : new LinkedHashMap<String, Object>();
                    };
                });

        lib.addValueMethod(MethodSpec.of("re_find_all_object", Category.REGEX,
                        "Returns an array of objects containing all matches of the regular expression and the matches of its subexpressions. The key of each match value is the name of the group when specified, otherwise it is the index of the matching group, starting with the expression as a whole at 0.")
                .param(PATTERN)
                .example(Example.of("", "root.matches = this.value.re_find_all_object(\"a(?P<foo>x*)b\")",
                        "{\"value\":\"-axxb-ab-\"}", "{\"matches\":[{\"0\":\"axxb\",\"foo\":\"xx\"},{\"0\":\"ab\",\"foo\":\"\"}]}"))
                .example(Example.of("", "root.matches = this.value.re_find_all_object(\"(?m)(?P<key>\\\\w+):\\\\s+(?P<value>\\\\w+)$\")",
                        "{\"value\":\"option1: value1\\noption2: value2\\noption3: value3\"}",
                        "{\"matches\":[{\"0\":\"option1: value1\",\"key\":\"option1\",\"value\":\"value1\"},{\"0\":\"option2: value2\",\"key\":\"option2\",\"value\":\"value2\"},{\"0\":\"option3: value3\",\"key\":\"option3\",\"value\":\"value3\"}]}")),
                args -> {
                    GoRegex re = GoRegex.compile(args.string("pattern"));
                    return (v, ctx) -> {
                        List<Object> out = new ArrayList<>();
                        for (MatchResult m : re.findAll(text(v))) out.add(re.toObject(m));
                        return out;
                    };
                });

        lib.addValueMethod(MethodSpec.of("re_match", Category.REGEX,
                        "Checks whether a regular expression matches against any part of a string and returns a boolean.")
                .param(PATTERN)
                .example(Example.of("", "root.matches = this.value.re_match(\"[0-9]\")",
                        "{\"value\":\"there are 10 puppies\"}", "{\"matches\":true}",
                        "{\"value\":\"there are ten puppies\"}", "{\"matches\":false}")),
                args -> {
                    GoRegex re = GoRegex.compile(args.string("pattern"));
                    return (v, ctx) -> re.pattern().matcher(text(v)).find();
                });

        ValueMethodFactory replaceAll = args -> {
            GoRegex re = GoRegex.compile(args.string("pattern"));
            String with = args.string("value");
            return (v, ctx) -> re.replaceAll(text(v), with);
        };
        lib.addValueMethod(MethodSpec.of("re_replace_all", Category.REGEX,
                        "Replaces all occurrences of the argument regular expression in a string with a value. Inside the value $ signs are interpreted as submatch expansions, e.g. `$1` represents the text of the first submatch.")
                .param(PATTERN)
                .param(Param.string("value", "The value to replace with."))
                .example(Example.of("", "root.new_value = this.value.re_replace_all(\"ADD ([0-9]+)\",\"+($1)\")",
                        "{\"value\":\"foo ADD 70\"}", "{\"new_value\":\"foo +(70)\"}")),
                replaceAll);
        lib.addValueMethod(MethodSpec.of("re_replace", Category.REGEX, "An alias of `re_replace_all`.")
                .param(PATTERN)
                .param(Param.string("value", "The value to replace with."))
                .status(Status.HIDDEN),
                replaceAll);
    }

    /** The target as text: strings and bytes only, as the original. */
    private static String text(Object v) {
        if (v instanceof String s) return s;
        if (v instanceof byte[] b) return new String(b, StandardCharsets.UTF_8);
        throw Values.typeError(v, "string");
    }

    /** Go reports a group that took no part in the match as an empty string. */
    private static String group(MatchResult m, int i) {
        String g = m.group(i);
        return g == null ? "" : g;
    }

    /** A Go (RE2) regular expression compiled for Java, with its group names. */
    public static final class GoRegex {
        private final Pattern pattern;
        private final List<String> groupNames;

        private GoRegex(Pattern pattern, List<String> groupNames) {
            this.pattern = pattern;
            this.groupNames = groupNames;
        }

        /** Compiles Go syntax; a bad pattern fails with Go's {@code error parsing regexp: ...} prefix. */
        public static GoRegex compile(String goPattern) {
            Translation t = translate(goPattern);
            try {
                return new GoRegex(Pattern.compile(t.javaPattern, Pattern.UNIX_LINES), t.names);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new IllegalArgumentException("error parsing regexp: " + e.getDescription() + ": `" + goPattern + "`");
            }
        }

        public Pattern pattern() {
            return pattern;
        }

        /** Group names by index; index 0 is the whole match, unnamed groups are null. */
        public List<String> groupNames() {
            return groupNames;
        }

        /**
         * All successive non-overlapping matches, following Go: an empty match directly after the
         * previous match is ignored.
         */
        public List<MatchResult> findAll(String s) {
            List<MatchResult> out = new ArrayList<>();
            Matcher m = pattern.matcher(s);
            int prevEnd = -1;
            while (m.find()) {
                boolean empty = m.start() == m.end();
                if (!(empty && m.start() == prevEnd)) out.add(m.toMatchResult());
                prevEnd = m.end();
            }
            return out;
        }

        Map<String, Object> toObject(MatchResult m) {
            Map<String, Object> obj = new LinkedHashMap<>();
            for (int i = 0; i <= m.groupCount(); i++) {
                String name = i < groupNames.size() ? groupNames.get(i) : null;
                obj.put(name == null || name.isEmpty() ? Integer.toString(i) : name, group(m, i));
            }
            return obj;
        }

        /** Go's {@code ReplaceAllString}: {@code $1}, {@code ${1}}, {@code $name}, {@code ${name}} and {@code $$}. */
        public String replaceAll(String s, String template) {
            StringBuilder sb = new StringBuilder(s.length());
            int last = 0;
            for (MatchResult m : findAll(s)) {
                sb.append(s, last, m.start());
                expand(sb, template, m);
                last = m.end();
            }
            sb.append(s, last, s.length());
            return sb.toString();
        }

        private void expand(StringBuilder dst, String template, MatchResult m) {
            int i = 0;
            while (i < template.length()) {
                int dollar = template.indexOf('$', i);
                if (dollar < 0) break;
                dst.append(template, i, dollar);
                i = dollar + 1;
                if (i < template.length() && template.charAt(i) == '$') {
                    dst.append('$');
                    i++;
                    continue;
                }
                boolean brace = i < template.length() && template.charAt(i) == '{';
                int start = brace ? i + 1 : i;
                int end = start;
                while (end < template.length()) {
                    int cp = template.codePointAt(end);
                    if (!(Character.isLetter(cp) || Character.isDigit(cp) || cp == '_')) break;
                    end += Character.charCount(cp);
                }
                if (end == start || (brace && (end >= template.length() || template.charAt(end) != '}'))) {
                    dst.append('$'); // malformed: the $ is kept as text
                    continue;
                }
                String name = template.substring(start, end);
                i = brace ? end + 1 : end;
                int num = 0;
                for (int k = 0; k < name.length(); k++) {
                    char c = name.charAt(k);
                    if (c < '0' || c > '9' || num >= 100_000_000) {
                        num = -1;
                        break;
                    }
                    num = num * 10 + (c - '0');
                }
                if (num >= 0) {
                    if (num <= m.groupCount() && m.group(num) != null) dst.append(m.group(num));
                } else {
                    for (int g = 1; g < groupNames.size() && g <= m.groupCount(); g++) {
                        if (name.equals(groupNames.get(g))) {
                            if (m.group(g) != null) dst.append(m.group(g));
                            break;
                        }
                    }
                }
            }
            if (i < template.length()) dst.append(template, i, template.length());
        }

        private record Translation(String javaPattern, List<String> names) {
        }

        private static final Map<String, String> POSIX_CLASSES = Map.ofEntries(
                Map.entry("alnum", "\\p{Alnum}"), Map.entry("alpha", "\\p{Alpha}"), Map.entry("ascii", "\\p{ASCII}"),
                Map.entry("blank", "\\p{Blank}"), Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("digit", "\\p{Digit}"),
                Map.entry("graph", "\\p{Graph}"), Map.entry("lower", "\\p{Lower}"), Map.entry("print", "\\p{Print}"),
                Map.entry("punct", "\\p{Punct}"), Map.entry("space", "\\s"), Map.entry("upper", "\\p{Upper}"),
                Map.entry("word", "\\w"), Map.entry("xdigit", "\\p{XDigit}"));

        /**
         * Rewrites the differences between RE2 and java.util.regex that change meaning: named groups
         * become plain groups (names are kept aside, Java forbids {@code _} in them), {@code $} outside
         * multi-line mode means end of text, {@code [} and {@code &&} are literal inside classes, POSIX
         * classes and {@code \p{Script}} get Java's spelling.
         */
        private static Translation translate(String p) {
            StringBuilder out = new StringBuilder(p.length() + 16);
            List<String> names = new ArrayList<>();
            names.add(null);
            // multi-line flag per open group; the top of the stack is the current group
            java.util.ArrayDeque<Boolean> multiline = new java.util.ArrayDeque<>();
            multiline.push(false);
            int n = p.length();
            int i = 0;
            while (i < n) {
                char c = p.charAt(i);
                if (c == '\\') {
                    i = copyEscape(p, i, out);
                    continue;
                }
                if (c == '[') {
                    i = copyClass(p, i, out);
                    continue;
                }
                if (c == '(') {
                    if (i + 1 < n && p.charAt(i + 1) == '?') {
                        if (p.startsWith("(?P<", i) || (p.startsWith("(?<", i) && i + 3 < n && p.charAt(i + 3) != '=' && p.charAt(i + 3) != '!')) {
                            int nameStart = p.indexOf('<', i) + 1;
                            int close = p.indexOf('>', nameStart);
                            if (close < 0) throw new IllegalArgumentException("error parsing regexp: invalid named capture: `" + p.substring(i) + "`");
                            String name = p.substring(nameStart, close);
                            if (name.isEmpty() || !name.chars().allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '_')) {
                                throw new IllegalArgumentException("error parsing regexp: invalid named capture: `" + p.substring(i, close + 1) + "`");
                            }
                            if (names.contains(name)) {
                                throw new IllegalArgumentException("error parsing regexp: duplicate capture group name: `" + name + "`");
                            }
                            names.add(name);
                            out.append('(');
                            multiline.push(multiline.peek());
                            i = close + 1;
                            continue;
                        }
                        // flags: (?flags) or (?flags:...)
                        int j = i + 2;
                        boolean negate = false;
                        Boolean m = null;
                        while (j < n && p.charAt(j) != ')' && p.charAt(j) != ':') {
                            char f = p.charAt(j);
                            if (f == '-') negate = true;
                            else if (f == 'm') m = !negate;
                            j++;
                        }
                        if (j >= n) throw new IllegalArgumentException("error parsing regexp: missing closing ): `" + p + "`");
                        out.append(p, i, j + 1);
                        if (p.charAt(j) == ')') {
                            if (m != null) {
                                multiline.pop();
                                multiline.push(m);
                            }
                        } else {
                            multiline.push(m != null ? m : multiline.peek());
                        }
                        i = j + 1;
                        continue;
                    }
                    names.add(null);
                    out.append('(');
                    multiline.push(multiline.peek());
                    i++;
                    continue;
                }
                if (c == ')') {
                    if (multiline.size() > 1) multiline.pop();
                    out.append(')');
                    i++;
                    continue;
                }
                if (c == '$') {
                    out.append(Boolean.TRUE.equals(multiline.peek()) ? "$" : "\\z");
                    i++;
                    continue;
                }
                out.append(c);
                i++;
            }
            return new Translation(out.toString(), java.util.Collections.unmodifiableList(new ArrayList<>(names)));
        }

        private static int copyEscape(String p, int i, StringBuilder out) {
            if (i + 1 >= p.length()) throw new IllegalArgumentException("error parsing regexp: trailing backslash at end of expression: ``");
            char e = p.charAt(i + 1);
            if (e == 'Q') {
                int end = p.indexOf("\\E", i + 2);
                String lit = end < 0 ? p.substring(i + 2) : p.substring(i + 2, end);
                out.append(Pattern.quote(lit));
                return end < 0 ? p.length() : end + 2;
            }
            if ((e == 'p' || e == 'P') && i + 2 < p.length() && p.charAt(i + 2) == '{') {
                int close = p.indexOf('}', i + 3);
                if (close > 0) {
                    String name = p.substring(i + 3, close);
                    boolean neg = name.startsWith("^");
                    if (neg) name = name.substring(1);
                    char kind = neg ? (e == 'p' ? 'P' : 'p') : e;
                    out.append('\\').append(kind).append('{').append("Is").append(name).append('}');
                    return close + 1;
                }
            }
            out.append('\\').append(e);
            return i + 2;
        }

        private static int copyClass(String p, int i, StringBuilder out) {
            int n = p.length();
            out.append('[');
            int j = i + 1;
            if (j < n && p.charAt(j) == '^') {
                out.append('^');
                j++;
            }
            boolean first = true;
            while (j < n) {
                char c = p.charAt(j);
                if (c == ']' && !first) {
                    out.append(']');
                    return j + 1;
                }
                first = false;
                if (c == '[' && j + 1 < n && p.charAt(j + 1) == ':') {
                    int close = p.indexOf(":]", j + 2);
                    if (close > 0) {
                        String name = p.substring(j + 2, close);
                        boolean neg = name.startsWith("^");
                        String cls = POSIX_CLASSES.get(neg ? name.substring(1) : name);
                        if (cls != null) {
                            out.append(neg ? negate(cls) : cls);
                            j = close + 2;
                            continue;
                        }
                    }
                }
                if (c == '\\') {
                    j = copyEscape(p, j, out);
                    continue;
                }
                if (c == '[' || c == ']' || c == '&') {
                    out.append('\\').append(c);
                } else {
                    out.append(c);
                }
                j++;
            }
            throw new IllegalArgumentException("error parsing regexp: missing closing ]: `" + p.substring(i) + "`");
        }

        private static String negate(String cls) {
            if (cls.startsWith("\\p")) return "\\P" + cls.substring(2);
            return "\\" + Character.toUpperCase(cls.charAt(1));
        }
    }
}
