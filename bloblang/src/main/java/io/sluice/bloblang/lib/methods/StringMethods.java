package io.sluice.bloblang.lib.methods;

import io.sluice.bloblang.lib.Category;
import io.sluice.bloblang.lib.Example;
import io.sluice.bloblang.lib.Library;
import io.sluice.bloblang.lib.LibraryModule;
import io.sluice.bloblang.lib.MethodSpec;
import io.sluice.bloblang.lib.Param;
import io.sluice.bloblang.lib.Status;
import io.sluice.bloblang.lib.ValueMethod;
import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.runtime.QueryException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The most used methods of the "String Manipulation" category. Byte arrays are accepted wherever
 * strings are, and methods returning text keep bytes as bytes, as in the original.
 */
public final class StringMethods implements LibraryModule {

    @Override
    public void register(Library lib) {
        lib.addValueMethod(MethodSpec.of("uppercase", Category.STRINGS,
                        "Changes every letter to upper case by the Unicode rules, so the result can be longer: `ß` becomes `SS`.")
                        .example(Example.of("", "root.code = this.code.uppercase()", "{\"code\":\"gb-lon\"}", "{\"code\":\"GB-LON\"}")),
                args -> text(s -> s.toUpperCase(Locale.ROOT)));

        lib.addValueMethod(MethodSpec.of("lowercase", Category.STRINGS, "Changes every letter to lower case by the Unicode rules.")
                        .example(Example.of("Compare e-mail addresses without regard to case.", "root.email = this.email.lowercase()",
                                "{\"email\":\"Ada@Example.COM\"}", "{\"email\":\"ada@example.com\"}")),
                args -> text(s -> s.toLowerCase(Locale.ROOT)));

        lib.addValueMethod(MethodSpec.of("has_prefix", Category.STRINGS, "True when the text starts with the argument. Case matters.")
                        .param(Param.string("value", "The beginning to look for."))
                        .example(Example.of("", "root.admin = this.path.has_prefix(\"/admin/\")",
                                "{\"path\":\"/admin/users\"}", "{\"admin\":true}", "{\"path\":\"/shop/admin/\"}", "{\"admin\":false}")),
                args -> {
                    String prefix = args.string("value");
                    return (v, ctx) -> Values.asString(v).startsWith(prefix);
                });

        lib.addValueMethod(MethodSpec.of("replace_all", Category.STRINGS,
                        "Swaps every occurrence of `old` for `new`. Both are plain text, not patterns (see `re_replace_all`); "
                                + "an empty `old` puts `new` between all characters and at both ends.")
                        .param(Param.string("old", "The text to find."))
                        .param(Param.string("new", "What goes in its place."))
                        .example(Example.of("Spaces become dashes, the ones at the ends too.", "root.slug = this.title.lowercase().replace_all(\" \", \"-\")",
                                "{\"title\":\" Summer Sale Now\"}", "{\"slug\":\"-summer-sale-now\"}")),
                args -> {
                    String old = args.string("old");
                    String with = args.string("new");
                    return text(s -> old.isEmpty() ? replaceEmpty(s, with) : s.replace(old, with));
                });

        lib.addValueMethod(MethodSpec.of("replace", Category.DEPRECATED, "Use `replace_all` instead: this older name behaves the same.")
                        .status(Status.DEPRECATED)
                        .param(Param.string("old", "The text to find."))
                        .param(Param.string("new", "What goes in its place.")),
                args -> {
                    String old = args.string("old");
                    String with = args.string("new");
                    return text(s -> old.isEmpty() ? replaceEmpty(s, with) : s.replace(old, with));
                });

        lib.addValueMethod(MethodSpec.of("split", Category.STRINGS,
                        "Cuts text at each occurrence of the delimiter and gives the pieces as an array. Empty pieces are kept, "
                                + "so `\"a,,b\"` gives three; an empty delimiter cuts between every character. Bytes give pieces of bytes.")
                        .param(Param.string("delimiter", "Where to cut; it is not part of any piece."))
                        .param(Param.bool("empty_as_null", "Give null rather than an empty string for an empty piece.").withDefault(false))
                        .example(Example.of("", "root.tags = this.tags.split(\",\")\nroot.gaps = this.tags.split(\",\", true)",
                                "{\"tags\":\"red,,blue\"}", "{\"tags\":[\"red\",\"\",\"blue\"],\"gaps\":[\"red\",null,\"blue\"]}")),
                args -> {
                    String delim = args.string("delimiter");
                    boolean emptyAsNull = args.bool("empty_as_null");
                    return (v, ctx) -> {
                        boolean bytes = v instanceof byte[];
                        List<Object> out = new ArrayList<>();
                        for (String part : split(Values.asString(v), delim)) {
                            if (part.isEmpty() && emptyAsNull) out.add(null);
                            else out.add(bytes ? part.getBytes(StandardCharsets.UTF_8) : part);
                        }
                        return out;
                    };
                });

        lib.addValueMethod(MethodSpec.of("join", Category.STRINGS,
                        "Glues an array of strings into one, with the delimiter between neighbours. Every element must be "
                                + "text or bytes: turn numbers into text first with `.map_each(n -> n.string())`.")
                        .param(Param.string("delimiter", "Put between neighbouring elements.").withDefault(""))
                        .example(Example.of("", "root.path = this.parts.join(\"/\")",
                                "{\"parts\":[\"usr\",\"local\",\"bin\"]}", "{\"path\":\"usr/local/bin\"}")),
                args -> {
                    String delim = args.string("delimiter");
                    return (v, ctx) -> {
                        List<Object> l = Values.asArray(v);
                        StringBuilder sb = new StringBuilder();
                        for (int i = 0; i < l.size(); i++) {
                            if (i > 0) sb.append(delim);
                            try {
                                sb.append(Values.asString(l.get(i)));
                            } catch (QueryException e) {
                                throw new QueryException("failed to join element " + i + ": " + e.getMessage());
                            }
                        }
                        return sb.toString();
                    };
                });

        lib.addValueMethod(MethodSpec.of("trim", Category.STRINGS,
                        "Strips whitespace from both ends, or, given a cutset, every character at either end that the cutset "
                                + "contains. The cutset is a set of characters, not a word: `\"bark\".trim(\"ab\")` gives `\"rk\"`.")
                        .param(Param.string("cutset", "The characters to strip, in any order; without it, whitespace goes.").optional())
                        .example(Example.of("", "root.title = this.title.trim()\nroot.code = this.code.trim(\"#\")",
                                "{\"title\":\"  Big news \",\"code\":\"##A12#\"}", "{\"title\":\"Big news\",\"code\":\"A12\"}")),
                args -> {
                    String cutset = args.has("cutset") ? args.string("cutset") : null;
                    return text(s -> cutset == null ? s.strip() : trim(s, cutset));
                });
    }

    /** A string-to-string method that keeps byte arrays as byte arrays. */
    static ValueMethod text(Function<String, String> f) {
        return (v, ctx) -> {
            if (v instanceof byte[] b) return f.apply(new String(b, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            if (v instanceof String s) return f.apply(s);
            throw Values.typeError(v, "string");
        };
    }

    /** Go's strings.Split: an empty separator splits into characters; empty parts are kept. */
    static List<String> split(String s, String sep) {
        List<String> out = new ArrayList<>();
        if (sep.isEmpty()) {
            s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
            return out;
        }
        int from = 0;
        while (true) {
            int at = s.indexOf(sep, from);
            if (at < 0) {
                out.add(s.substring(from));
                return out;
            }
            out.add(s.substring(from, at));
            from = at + sep.length();
        }
    }

    /** Go's strings.ReplaceAll with an empty old string: inserts between every character. */
    private static String replaceEmpty(String s, String with) {
        StringBuilder sb = new StringBuilder(with);
        s.codePoints().forEach(cp -> sb.appendCodePoint(cp).append(with));
        return sb.toString();
    }

    /** Go's strings.Trim: removes leading and trailing code points contained in the cutset. */
    static String trim(String s, String cutset) {
        int[] cps = s.codePoints().toArray();
        int start = 0;
        int end = cps.length;
        while (start < end && cutset.indexOf(Character.toString(cps[start])) >= 0) start++;
        while (end > start && cutset.indexOf(Character.toString(cps[end - 1])) >= 0) end--;
        return new String(cps, start, end - start);
    }
}
