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
import io.sluice.core.regex.Regex;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The regular expression methods ({@code re_match}, {@code re_find_all}, {@code re_replace_all}...).
 * Patterns are written in Go's RE2 syntax and matched by the core's {@link Regex} (RE2/J), which
 * follows Go's rules ({@code $} without multi-line mode, empty matches next to a previous match,
 * {@code $name} expansion).
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
                    Regex re = Regex.compile(args.string("pattern"));
                    return (v, ctx) -> {
                        List<Object> out = new ArrayList<>();
                        for (Regex.Match m : re.findAll(text(v))) out.add(m.group());
                        return out;
                    };
                });

        lib.addValueMethod(MethodSpec.of("re_find_all_submatch", Category.REGEX,
                        "Returns an array of arrays containing all successive matches of the regular expression in a string and the matches, if any, of its subexpressions.")
                .param(PATTERN)
                .example(Example.of("", "root.matches = this.value.re_find_all_submatch(\"a(x*)b\")",
                        "{\"value\":\"-axxb-ab-\"}", "{\"matches\":[[\"axxb\",\"xx\"],[\"ab\",\"\"]]}")),
                args -> {
                    Regex re = Regex.compile(args.string("pattern"));
                    return (v, ctx) -> {
                        List<Object> out = new ArrayList<>();
                        for (Regex.Match m : re.findAll(text(v))) {
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
                    Regex re = Regex.compile(args.string("pattern"));
                    return (v, ctx) -> {
                        Regex.Match m = re.first(text(v));
                        return m != null ? toObject(re, m) : new LinkedHashMap<String, Object>();
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
                    Regex re = Regex.compile(args.string("pattern"));
                    return (v, ctx) -> {
                        List<Object> out = new ArrayList<>();
                        for (Regex.Match m : re.findAll(text(v))) out.add(toObject(re, m));
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
                    Regex re = Regex.compile(args.string("pattern"));
                    return (v, ctx) -> re.find(text(v));
                });

        ValueMethodFactory replaceAll = args -> {
            Regex re = Regex.compile(args.string("pattern"));
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
    private static String group(Regex.Match m, int i) {
        String g = m.group(i);
        return g == null ? "" : g;
    }

    /** The match as an object: each group under its name, or its index when it has none. */
    static Map<String, Object> toObject(Regex re, Regex.Match m) {
        Map<String, Object> obj = new LinkedHashMap<>();
        for (int i = 0; i <= m.groupCount(); i++) {
            String name = i < re.groupNames().size() ? re.groupNames().get(i) : null;
            obj.put(name == null || name.isEmpty() ? Integer.toString(i) : name, group(m, i));
        }
        return obj;
    }
}
