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

    private static final Param PATTERN = Param.string("pattern", "A regular expression in Go's RE2 syntax, e.g. `(?i)^ord-[0-9]+$`.");

    @Override
    public void register(Library lib) {
        lib.addValueMethod(MethodSpec.of("re_find_all", Category.REGEX,
                        "Every match of the pattern in the text, left to right and not overlapping, as an array of "
                                + "strings; an empty array when there is none.")
                .param(PATTERN)
                .example(Example.of("", "root.phones = this.text.re_find_all(\"[0-9]{3}-[0-9]{4}\")",
                        "{\"text\":\"Call 555-0100 or 555-0199 today\"}", "{\"phones\":[\"555-0100\",\"555-0199\"]}")),
                args -> {
                    Regex re = Regex.compile(args.string("pattern"));
                    return (v, ctx) -> {
                        List<Object> out = new ArrayList<>();
                        for (Regex.Match m : re.findAll(text(v))) out.add(m.group());
                        return out;
                    };
                });

        lib.addValueMethod(MethodSpec.of("re_find_all_submatch", Category.REGEX,
                        "Every match of the pattern, each as an array of the whole match followed by its capture groups. "
                                + "A group that took no part in the match gives an empty string.")
                .param(PATTERN)
                .example(Example.of("", "root.pairs = this.text.re_find_all_submatch(\"(\\\\w)=(\\\\d+)\")",
                        "{\"text\":\"w=10 h=20\"}", "{\"pairs\":[[\"w=10\",\"w\",\"10\"],[\"h=20\",\"h\",\"20\"]]}")),
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
                        "The first match of the pattern as an object: the whole match under `\"0\"` and each capture group "
                                + "under its name, or its number when it has none. No match gives an empty object.")
                .param(PATTERN)
                .example(Example.of("Pick a request line apart.", "root.request = this.line.re_find_object(\"^(?P<method>[A-Z]+) (?P<path>\\\\S+)\")",
                        "{\"line\":\"GET /orders/42 HTTP/1.1\"}", "{\"request\":{\"0\":\"GET /orders/42\",\"method\":\"GET\",\"path\":\"/orders/42\"}}")),
                args -> {
                    Regex re = Regex.compile(args.string("pattern"));
                    return (v, ctx) -> {
                        Regex.Match m = re.first(text(v));
                        return m != null ? toObject(re, m) : new LinkedHashMap<String, Object>();
                    };
                });

        lib.addValueMethod(MethodSpec.of("re_find_all_object", Category.REGEX,
                        "Every match of the pattern as an object, like `re_find_object` gives for the first: the whole "
                                + "match under `\"0\"`, each group under its name or number.")
                .param(PATTERN)
                .example(Example.of("", "root.settings = this.text.re_find_all_object(\"(?P<key>\\\\w)=(?P<value>\\\\d+)\")",
                        "{\"text\":\"w=10 h=20\"}", "{\"settings\":[{\"0\":\"w=10\",\"key\":\"w\",\"value\":\"10\"},{\"0\":\"h=20\",\"key\":\"h\",\"value\":\"20\"}]}")),
                args -> {
                    Regex re = Regex.compile(args.string("pattern"));
                    return (v, ctx) -> {
                        List<Object> out = new ArrayList<>();
                        for (Regex.Match m : re.findAll(text(v))) out.add(toObject(re, m));
                        return out;
                    };
                });

        lib.addValueMethod(MethodSpec.of("re_match", Category.REGEX,
                        "True when the pattern matches anywhere in the text. Anchor it with `^` and `$` to test the whole "
                                + "text; `$` matches only at the very end unless the pattern starts with `(?m)`.")
                .param(PATTERN)
                .example(Example.of("", "root.valid = this.id.re_match(\"^ORD-[0-9]{4}$\")",
                        "{\"id\":\"ORD-1234\"}", "{\"valid\":true}",
                        "{\"id\":\"ord-1234\"}", "{\"valid\":false}")),
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
                        "Replaces every match of the pattern. In the replacement, `$1` or `${name}` stands for a capture "
                                + "group and `$$` for a dollar sign. A name runs as far as letters, digits and underscores go, so "
                                + "write `${1}x` rather than `$1x`, which means the group called `1x`.")
                .param(PATTERN)
                .param(Param.string("value", "The replacement, with `$` expansions."))
                .example(Example.of("Reorder the parts of a date.", "root.date = this.date.re_replace_all(\"(\\\\d+)-(\\\\d+)-(\\\\d+)\", \"$3/$2/$1\")",
                        "{\"date\":\"2024-03-10\"}", "{\"date\":\"10/03/2024\"}"))
                .example(Example.of("Mask all but the last digits.", "root.card = this.card.re_replace_all(\"\\\\d{4} (\\\\d{4} ){2}\", \"**** **** **** \")",
                        "{\"card\":\"4111 1111 1111 1234\"}", "{\"card\":\"**** **** **** 1234\"}")),
                replaceAll);
        lib.addValueMethod(MethodSpec.of("re_replace", Category.REGEX,
                        "Another name for `re_replace_all`.")
                .param(PATTERN)
                .param(Param.string("value", "The replacement, with `$` expansions."))
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
