package io.sluice.bloblang.lib.methods;

import io.sluice.bloblang.lib.Category;
import io.sluice.bloblang.lib.Example;
import io.sluice.bloblang.lib.Library;
import io.sluice.bloblang.lib.LibraryModule;
import io.sluice.bloblang.lib.MethodSpec;
import io.sluice.bloblang.lib.Param;
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
        lib.addValueMethod(MethodSpec.of("uppercase", Category.STRINGS, "Convert a string value into uppercase.")
                        .example(Example.of("", "root.foo = this.foo.uppercase()", "{\"foo\":\"hello world\"}", "{\"foo\":\"HELLO WORLD\"}")),
                args -> text(s -> s.toUpperCase(Locale.ROOT)));

        lib.addValueMethod(MethodSpec.of("lowercase", Category.STRINGS, "Convert a string value into lowercase.")
                        .example(Example.of("", "root.foo = this.foo.lowercase()", "{\"foo\":\"HELLO WORLD\"}", "{\"foo\":\"hello world\"}")),
                args -> text(s -> s.toLowerCase(Locale.ROOT)));

        lib.addValueMethod(MethodSpec.of("has_prefix", Category.STRINGS, "Checks whether a string has a prefix argument and returns a bool.")
                        .param(Param.string("value", "The string to test."))
                        .example(Example.of("", "root.t1 = this.v1.has_prefix(\"foo\")\nroot.t2 = this.v2.has_prefix(\"foo\")",
                                "{\"v1\":\"foobar\",\"v2\":\"barfoo\"}", "{\"t1\":true,\"t2\":false}")),
                args -> {
                    String prefix = args.string("value");
                    return (v, ctx) -> Values.asString(v).startsWith(prefix);
                });

        lib.addValueMethod(MethodSpec.of("replace_all", Category.STRINGS,
                        "Replaces all occurrences of the first argument in a target string with the second argument.")
                        .param(Param.string("old", "A string to match against."))
                        .param(Param.string("new", "A string to replace with."))
                        .example(Example.of("", "root.new_value = this.value.replace_all(\"foo\",\"dog\")",
                                "{\"value\":\"The foo ate my homework\"}", "{\"new_value\":\"The dog ate my homework\"}")),
                args -> {
                    String old = args.string("old");
                    String with = args.string("new");
                    return text(s -> old.isEmpty() ? replaceEmpty(s, with) : s.replace(old, with));
                });

        lib.addValueMethod(MethodSpec.of("replace", Category.DEPRECATED, "Replaces all occurrences of the first argument with the second. Use replace_all instead.")
                        .status(io.sluice.bloblang.lib.Status.DEPRECATED)
                        .param(Param.string("old", "A string to match against."))
                        .param(Param.string("new", "A string to replace with.")),
                args -> {
                    String old = args.string("old");
                    String with = args.string("new");
                    return text(s -> old.isEmpty() ? replaceEmpty(s, with) : s.replace(old, with));
                });

        lib.addValueMethod(MethodSpec.of("split", Category.STRINGS,
                        "Split a string value into an array of strings by splitting it on a string separator. With empty_as_null, empty parts are null.")
                        .param(Param.string("delimiter", "The delimiter to split with."))
                        .param(Param.bool("empty_as_null", "Whether empty parts should be null instead of empty strings.").withDefault(false))
                        .example(Example.of("", "root.new_value = this.value.split(\",\")", "{\"value\":\"foo,bar,baz\"}", "{\"new_value\":[\"foo\",\"bar\",\"baz\"]}")),
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
                        "Join an array of strings with an optional delimiter into a single string.")
                        .param(Param.string("delimiter", "An optional delimiter to add between each string.").withDefault(""))
                        .example(Example.of("", "root.joined_words = this.words.join()", "{\"words\":[\"hello\",\"world\"]}", "{\"joined_words\":\"helloworld\"}")),
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
                        "Remove all leading and trailing characters from a string that are contained within an argument cutset. If no arguments are provided then whitespace is removed.")
                        .param(Param.string("cutset", "An optional string of characters to trim from the target value.").optional())
                        .example(Example.of("", "root.title = this.title.trim(\"!?\")\nroot.description = this.description.trim()",
                                "{\"description\":\"  something happened and its amazing! \",\"title\":\"!!!watch out!?\"}",
                                "{\"description\":\"something happened and its amazing!\",\"title\":\"watch out\"}")),
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
