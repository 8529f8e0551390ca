package io.sluice.core.regex;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A regular expression in RE2 syntax with Go's matching rules: the one engine behind Bloblang's
 * regex methods, regex config fields and the gateway's URL patterns. Users of the dialect write
 * Go patterns ({@code (?P<name>...)}, {@code $} meaning end of text, POSIX classes); RE2/J reads
 * them as Go does, and matches in linear time, so no pattern can backtrack catastrophically on
 * hostile input.
 */
public final class Regex {
    private final Pattern pattern;
    private final List<String> groupNames;

    private Regex(Pattern pattern) {
        this.pattern = pattern;
        String[] names = new String[pattern.groupCount() + 1];
        for (Map.Entry<String, Integer> e : pattern.namedGroups().entrySet()) names[e.getValue()] = e.getKey();
        this.groupNames = Collections.unmodifiableList(Arrays.asList(names));
    }

    /** Compiles RE2 syntax; a bad pattern fails with Go's wording: {@code error parsing regexp: ...}. */
    public static Regex compile(String re) {
        try {
            return new Regex(Pattern.compile(re));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("error parsing regexp: " + e.getDescription() + ": `" + e.getPattern() + "`");
        }
    }

    /** What is wrong with {@code re}, or null when it compiles. For lint. */
    public static String problem(String re) {
        try {
            compile(re);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** A pattern matching {@code text} literally. */
    public static String quote(String text) {
        return Pattern.quote(text);
    }

    public String pattern() {
        return pattern.pattern();
    }

    /** Group names by index; index 0 is the whole match, unnamed groups are null. */
    public List<String> groupNames() {
        return groupNames;
    }

    /** Whether the pattern matches anywhere in {@code s}. */
    public boolean find(CharSequence s) {
        return pattern.matcher(s).find();
    }

    /** Whether the pattern matches the whole of {@code s}. */
    public boolean matchesWhole(CharSequence s) {
        return pattern.matcher(s).matches();
    }

    /** Whether the pattern matches at the start of {@code s} (a prefix match). */
    public boolean matchesPrefix(CharSequence s) {
        return pattern.matcher(s).lookingAt();
    }

    /** The first match, or null. */
    public Match first(String s) {
        Matcher m = pattern.matcher(s);
        return m.find() ? Match.of(m) : null;
    }

    /**
     * All successive non-overlapping matches, as Go finds them: an empty match directly after the
     * previous match is skipped.
     */
    public List<Match> findAll(String s) {
        List<Match> out = new ArrayList<>();
        scan(s, m -> {
            out.add(m);
            return true;
        });
        return out;
    }

    /** Hands each match, as {@link #findAll} finds them, to {@code onMatch} until it returns false. */
    public void scan(CharSequence s, Predicate<Match> onMatch) {
        Matcher m = pattern.matcher(s);
        int prevEnd = -1;
        while (m.find()) {
            boolean empty = m.start() == m.end();
            if (!(empty && m.start() == prevEnd) && !onMatch.test(Match.of(m))) return;
            prevEnd = m.end();
        }
    }

    /**
     * Go's {@code ReplaceAllString}: in the template {@code $1}, {@code ${1}}, {@code $name} and
     * {@code ${name}} stand for groups, {@code $$} for a dollar sign.
     */
    public String replaceAll(String s, String template) {
        StringBuilder sb = new StringBuilder(s.length());
        int last = 0;
        for (Match m : findAll(s)) {
            sb.append(s, last, m.start());
            expand(sb, template, m);
            last = m.end();
        }
        sb.append(s, last, s.length());
        return sb.toString();
    }

    /** Every match replaced by {@code literal}, with no group expansion. */
    public String replaceAllLiteral(String s, String literal) {
        StringBuilder sb = new StringBuilder(s.length());
        int last = 0;
        for (Match m : findAll(s)) {
            sb.append(s, last, m.start()).append(literal);
            last = m.end();
        }
        sb.append(s, last, s.length());
        return sb.toString();
    }

    private void expand(StringBuilder dst, String template, Match m) {
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
                dst.append('$'); // malformed: the $ is kept as text, as Go does
                continue;
            }
            String name = template.substring(start, end);
            i = brace ? end + 1 : end;
            int num = groupNumber(name);
            if (num >= 0) {
                if (num <= m.groupCount() && m.group(num) != null) dst.append(m.group(num));
            } else {
                int g = groupNames.indexOf(name);
                if (g > 0 && m.group(g) != null) dst.append(m.group(g));
            }
        }
        if (i < template.length()) dst.append(template, i, template.length());
    }

    /** The name as a group number, or -1 when it is not all digits (or too big to be one). */
    private static int groupNumber(String name) {
        int num = 0;
        for (int k = 0; k < name.length(); k++) {
            char c = name.charAt(k);
            if (c < '0' || c > '9' || num >= 100_000_000) return -1;
            num = num * 10 + (c - '0');
        }
        return num;
    }

    @Override
    public String toString() {
        return pattern.pattern();
    }

    /** One match: where it is and what each group took ({@code null} for a group that took no part). */
    public record Match(int start, int end, String[] groups) {
        static Match of(Matcher m) {
            String[] g = new String[m.groupCount() + 1];
            for (int i = 0; i < g.length; i++) g[i] = m.group(i);
            return new Match(m.start(), m.end(), g);
        }

        public String group() {
            return groups[0];
        }

        public String group(int i) {
            return groups[i];
        }

        public int groupCount() {
            return groups.length - 1;
        }
    }
}
