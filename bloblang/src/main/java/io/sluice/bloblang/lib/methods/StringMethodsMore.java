package io.sluice.bloblang.lib.methods;

import io.sluice.bloblang.lib.Category;
import io.sluice.bloblang.lib.Example;
import io.sluice.bloblang.lib.Library;
import io.sluice.bloblang.lib.LibraryModule;
import io.sluice.bloblang.lib.MethodSpec;
import io.sluice.bloblang.lib.Param;
import io.sluice.bloblang.lib.Status;
import io.sluice.bloblang.lib.ValueMethod;
import io.sluice.bloblang.lib.ValueMethodFactory;
import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.runtime.QueryException;
import org.bouncycastle.crypto.DataLengthException;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * String methods beyond the core set: escaping (HTML, URL, Go quoting), {@code format}, {@code slug},
 * {@code strip_html}, {@code unicode_segments}, password hash checks and small helpers.
 */
public final class StringMethodsMore implements LibraryModule {

    @Override
    public void register(Library lib) {
        lib.addValueMethod(MethodSpec.of("capitalize", Category.STRINGS,
                        "Upper-cases the first letter of every word and lower-cases the rest of it, so `wORLD` becomes "
                                + "`World`. An apostrophe between letters does not start a new word.")
                .example(Example.of("", "root.heading = this.heading.capitalize()",
                        "{\"heading\":\"the QUICK fox\"}", "{\"heading\":\"The Quick Fox\"}")),
                args -> stringOrBytes(StringMethodsMore::titleCase));

        lib.addValueMethod(MethodSpec.of("escape_html", Category.STRINGS,
                        "Replaces the five characters that mean something in HTML, `<`, `>`, `&`, `'` and `\"`, with "
                                + "entities, so that text can go inside an element or a quoted attribute. Quotes become numeric "
                                + "entities such as `&#34;`.")
                .example(Example.of("", "root.safe = this.comment.escape_html()",
                        "{\"comment\":\"<b>5 > 3</b>\"}", "{\"safe\":\"&lt;b&gt;5 &gt; 3&lt;/b&gt;\"}")),
                args -> string(Html::escape));

        lib.addValueMethod(MethodSpec.of("unescape_html", Category.STRINGS,
                        "Turns HTML entities back into characters: numeric ones such as `&#233;` or `&#xE9;` and the "
                                + "common named ones such as `&eacute;` or `&euro;`. It understands more entities than "
                                + "`escape_html` writes.")
                .example(Example.of("", "root.text = this.html.unescape_html()",
                        "{\"html\":\"caf&eacute; &#8364;5 &amp; more\"}", "{\"text\":\"café €5 & more\"}")),
                args -> string(Html::unescape));

        lib.addValueMethod(MethodSpec.of("escape_url_query", Category.STRINGS,
                        "Percent-encodes text for use as a name or value in a URL query: a space becomes `+`, and `&`, "
                                + "`=`, `/` and the like are encoded so that they cannot end the value.")
                .example(Example.of("", "root.url = \"https://shop.example/search?q=\" + this.q.escape_url_query()",
                        "{\"q\":\"size=10 & up\"}", "{\"url\":\"https://shop.example/search?q=size%3D10+%26+up\"}")),
                args -> string(s -> GoText.urlEscape(s, true)));

        lib.addValueMethod(MethodSpec.of("unescape_url_query", Category.STRINGS,
                        "Decodes a value taken from a URL query: percent escapes become characters and `+` becomes a "
                                + "space. A broken escape such as `%zz` is an error.")
                .example(Example.of("", "root.path = this.q.unescape_url_query()",
                        "{\"q\":\"a%2Fb+c%20d\"}", "{\"path\":\"a/b c d\"}")),
                args -> string(s -> GoText.urlUnescape(s, true)));

        lib.addValueMethod(MethodSpec.of("escape_url_path", Category.STRINGS,
                        "Percent-encodes text for use as one segment of a URL path: a space becomes `%20` and `/` is "
                                + "encoded too, so a value cannot add segments of its own.")
                .example(Example.of("", "root.url = \"https://files.example/docs/\" + this.name.escape_url_path()",
                        "{\"name\":\"Q3 report/final.pdf\"}", "{\"url\":\"https://files.example/docs/Q3%20report%2Ffinal.pdf\"}")),
                args -> string(s -> GoText.urlEscape(s, false)));

        lib.addValueMethod(MethodSpec.of("unescape_url_path", Category.STRINGS,
                        "Decodes the percent escapes of a URL path segment. Unlike `unescape_url_query`, a `+` stays a "
                                + "`+`.")
                .example(Example.of("", "root.segment = this.segment.unescape_url_path()",
                        "{\"segment\":\"a%2Fb+c%20d\"}", "{\"segment\":\"a/b+c d\"}")),
                args -> string(s -> GoText.urlUnescape(s, false)));

        lib.addValueMethod(MethodSpec.of("filepath_join", Category.STRINGS,
                        "Joins an array of path pieces with `/` and tidies the result: empty pieces are skipped, doubled "
                                + "slashes collapse, and `.` and `..` are resolved.")
                .example(Example.of("", "root.path = this.parts.filepath_join()",
                        "{\"parts\":[\"/var/log/\",\"../tmp\",\"app.log\"]}", "{\"path\":\"/var/tmp/app.log\"}")),
                args -> (v, ctx) -> {
                    List<Object> arr = Values.asArray(v);
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < arr.size(); i++) {
                        String s;
                        try {
                            s = Values.asString(arr.get(i));
                        } catch (QueryException e) {
                            throw new QueryException("path element " + i + ": " + e.getMessage());
                        }
                        if (s.isEmpty()) continue;
                        if (!sb.isEmpty()) sb.append('/');
                        sb.append(s);
                    }
                    return sb.isEmpty() ? "" : GoText.cleanPath(sb.toString());
                });

        lib.addValueMethod(MethodSpec.of("filepath_split", Category.STRINGS,
                        "Splits a path after its last `/` into a two-element array: the directory, slash included, and "
                                + "the file name. A path without a slash has an empty directory.")
                .example(Example.of("", "root.parts = this.path.filepath_split()",
                        "{\"path\":\"/var/log/app.log\"}", "{\"parts\":[\"/var/log/\",\"app.log\"]}",
                        "{\"path\":\"app.log\"}", "{\"parts\":[\"\",\"app.log\"]}")),
                args -> string(s -> {
                    int i = s.lastIndexOf('/');
                    return new ArrayList<>(List.of(s.substring(0, i + 1), s.substring(i + 1)));
                }));

        lib.addValueMethod(MethodSpec.of("format", Category.STRINGS,
                        "Fills a Go-style format string with the arguments: `%s` for text, `%d` for integers, `%f` for "
                                + "floats, `%v` for any value, `%x` for hex, with widths and precision such as `%-6s` or `%.2f`. An "
                                + "argument that does not suit its verb prints as `%!d(string=a)` rather than failing.")
                .variadic()
                .example(Example.of("A fixed-width line.", "root.line = \"%-6s|%6.2f|%03d\".format(this.sku, this.price, this.qty)",
                        "{\"sku\":\"A-1\",\"price\":3.14159,\"qty\":7}", "{\"line\":\"A-1   |  3.14|007\"}")),
                args -> {
                    List<Object> values = args.all();
                    return string(s -> GoFormat.sprintf(s, values));
                });

        lib.addValueMethod(MethodSpec.of("has_suffix", Category.STRINGS,
                        "True when the text ends with the argument. Case matters.")
                .param(Param.string("value", "The ending to look for."))
                .example(Example.of("", "root.csv = this.file.has_suffix(\".csv\")",
                        "{\"file\":\"report.csv\"}", "{\"csv\":true}",
                        "{\"file\":\"report.CSV\"}", "{\"csv\":false}")),
                args -> {
                    String suffix = args.string("value");
                    return string(s -> s.endsWith(suffix));
                });

        lib.addValueMethod(MethodSpec.of("index_of", Category.STRINGS,
                        "Where the argument first occurs in the text, as a byte offset from 0, or -1 when it does not "
                                + "occur. Characters beyond ASCII take several bytes, so the offset can be larger than the number "
                                + "of characters before the match.")
                .param(Param.string("value", "The text to look for."))
                .example(Example.of("", "root.dash = this.id.index_of(\"-\")",
                        "{\"id\":\"order-123\"}", "{\"dash\":5}"))
                .example(Example.of("`ï` takes two bytes.", "root.at = this.text.index_of(\"café\")",
                        "{\"text\":\"naïve café\"}", "{\"at\":7}")),
                args -> {
                    String sub = args.string("value");
                    return string(s -> {
                        int i = s.indexOf(sub);
                        // Go reports byte offsets into the UTF-8 text
                        return i < 0 ? -1L : (long) s.substring(0, i).getBytes(StandardCharsets.UTF_8).length;
                    });
                });

        lib.addValueMethod(MethodSpec.of("reverse", Category.STRINGS,
                        "Reverses text character by character; a byte array is reversed byte by byte.")
                .example(Example.of("", "root.reversed = this.word.reverse()",
                        "{\"word\":\"stressed\"}", "{\"reversed\":\"desserts\"}")),
                args -> (v, ctx) -> {
                    if (v instanceof String s) {
                        int[] cps = s.codePoints().toArray();
                        StringBuilder sb = new StringBuilder(s.length());
                        for (int i = cps.length - 1; i >= 0; i--) sb.appendCodePoint(cps[i]);
                        return sb.toString();
                    }
                    if (v instanceof byte[] b) {
                        byte[] r = new byte[b.length];
                        for (int i = 0; i < b.length; i++) r[b.length - 1 - i] = b[i];
                        return r;
                    }
                    throw Values.typeError(v, "string");
                });

        lib.addValueMethod(MethodSpec.of("quote", Category.STRINGS,
                        "Writes text as a double-quoted Go string literal: quotes and backslashes get a backslash, and "
                                + "control characters become escapes such as `\\n`, `\\t` or `\\x1b`.")
                .example(Example.of("", "root.quoted = this.text.quote()",
                        "{\"text\":\"line one\\nline \\\"two\\\"\\ttab\"}", "{\"quoted\":\"\\\"line one\\\\nline \\\\\\\"two\\\\\\\"\\\\ttab\\\"\"}")),
                args -> string(GoFormat::quote));

        lib.addValueMethod(MethodSpec.of("unquote", Category.STRINGS,
                        "Reads a Go string literal, quotes included, and expands its escapes: the reverse of `quote`. "
                                + "Text that is not such a literal is an error.")
                .example(Example.of("", "root.text = this.quoted.unquote()",
                        "{\"quoted\":\"\\\"caf\\\\u00e9\\\\tbar\\\"\"}", "{\"text\":\"café\\tbar\"}")),
                args -> string(GoFormat::unquote));

        ValueMethodFactory replaceMany = args -> {
            List<Object> items = args.array("values");
            if (items.size() % 2 != 0) {
                throw new IllegalArgumentException("invalid arg, expected pairs of search and replacement texts (an even count), got: " + GoFormat.formatValue(items));
            }
            List<String[]> pairs = new ArrayList<>();
            for (int i = 0; i < items.size(); i += 2) {
                pairs.add(new String[]{pairString(items, i), pairString(items, i + 1)});
            }
            return stringOrBytes(s -> {
                for (String[] p : pairs) s = replaceAllGo(s, p[0], p[1]);
                return s;
            });
        };
        lib.addValueMethod(MethodSpec.of("replace_all_many", Category.STRINGS,
                        "Makes several plain-text replacements in one call. The pairs are applied one after the other, so "
                                + "a later pair also sees what an earlier one wrote: `[\"a\", \"b\", \"b\", \"c\"]` turns `aaa` into `ccc`.")
                .param(Param.array("values", "Search texts and their replacements, alternating: `[find, put, find, put]`. An odd length is an "
                                        + "error."))
                .example(Example.of("", "root.text = this.text.replace_all_many([\"&\", \"and\", \"@\", \"at\"])",
                        "{\"text\":\"Tom & Jerry @ home\"}", "{\"text\":\"Tom and Jerry at home\"}")),
                replaceMany);
        lib.addValueMethod(MethodSpec.of("replace_many", Category.STRINGS,
                        "Another name for `replace_all_many`.")
                .param(Param.array("values", "Search texts and their replacements, alternating: `[find, put, find, put]`."))
                .status(Status.HIDDEN), replaceMany);

        lib.addValueMethod(MethodSpec.of("trim_prefix", Category.STRINGS,
                        "Removes the prefix from the start of the text once, when it is there; otherwise the text is "
                                + "returned as it is. Unlike `trim`, the argument is matched as a whole.")
                .param(Param.string("prefix", "The text to remove from the start."))
                .example(Example.of("", "root.version = this.tag.trim_prefix(\"v\")",
                        "{\"tag\":\"v1.2.3\"}", "{\"version\":\"1.2.3\"}",
                        "{\"tag\":\"1.2.4\"}", "{\"version\":\"1.2.4\"}")),
                args -> {
                    String prefix = args.string("prefix");
                    return stringOrBytes(s -> s.startsWith(prefix) ? s.substring(prefix.length()) : s);
                });

        lib.addValueMethod(MethodSpec.of("trim_suffix", Category.STRINGS,
                        "Removes the suffix from the end of the text once, when it is there; otherwise the text is "
                                + "returned as it is.")
                .param(Param.string("suffix", "The text to remove from the end."))
                .example(Example.of("", "root.base = this.file.trim_suffix(\".jpeg\")",
                        "{\"file\":\"photo.jpeg\"}", "{\"base\":\"photo\"}")),
                args -> {
                    String suffix = args.string("suffix");
                    return stringOrBytes(s -> s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s);
                });

        lib.addValueMethod(MethodSpec.of("repeat", Category.STRINGS,
                        "The text repeated `count` times, end to end. Zero gives an empty string; a negative count is an "
                                + "error.")
                .param(Param.int64("count", "How many copies."))
                .example(Example.of("", "root.rule = \"=\".repeat(this.width)",
                        "{\"width\":8}", "{\"rule\":\"========\"}")),
                args -> {
                    long count = args.int64("count");
                    if (count < 0) throw new IllegalArgumentException("invalid count, must be greater than or equal to zero: " + count);
                    return stringOrBytes(s -> {
                        if ((long) s.length() * count > Integer.MAX_VALUE - 16) throw new QueryException("repeat count causes overflow");
                        return s.repeat((int) count);
                    });
                });

        lib.addValueMethod(MethodSpec.of("slug", Category.STRINGS,
                        "Turns text into a lower-case slug for URLs: accents go, symbols become words or vanish, and "
                                + "everything else between words becomes a single `-`. The language decides some of it: in English "
                                + "`&` reads `and` and `ü` becomes `u`; in German they become `und` and `ue`. An unknown language "
                                + "code falls back to English.")
                .status(Status.EXPERIMENTAL)
                .param(Param.string("lang", "The language of the text, as a code such as `en`, `de` or `fr`.").withDefault("en"))
                .example(Example.of("", "root.en = this.title.slug()\nroot.de = this.title.slug(\"de\")",
                        "{\"title\":\"Größe & Gewicht: über 9000!\"}", "{\"en\":\"grosse-and-gewicht-uber-9000\",\"de\":\"groesse-und-gewicht-ueber-9000\"}")),
                args -> {
                    String lang = args.string("lang");
                    return string(s -> GoText.slug(s, lang));
                });

        lib.addValueMethod(MethodSpec.of("strip_html", Category.STRINGS,
                        "Removes HTML tags and keeps the text between them; `script` and `style` elements go with their "
                                + "content. Tags of the elements listed in `preserve` stay, without their attributes.")
                .param(Param.array("preserve", "Names of the elements whose tags are kept, e.g. `[\"b\", \"i\"]`.").optional())
                .example(Example.of("", "root.text = this.html.strip_html()",
                        "{\"html\":\"<p>Hi <b>there</b><script>track()</script></p>\"}", "{\"text\":\"Hi there\"}"))
                .example(Example.of("Keep bold text bold.", "root.text = this.html.strip_html([\"b\"])",
                        "{\"html\":\"<p class=\\\"x\\\">Hi <b class=\\\"y\\\">there</b></p>\"}", "{\"text\":\"Hi <b>there</b>\"}")),
                args -> {
                    Set<String> keep = new HashSet<>();
                    if (args.has("preserve")) {
                        List<Object> arr = args.array("preserve");
                        for (int i = 0; i < arr.size(); i++) {
                            if (!(arr.get(i) instanceof String s)) {
                                throw new IllegalArgumentException("invalid arg at index " + i + ": " + Values.typeError(arr.get(i), "string").getMessage());
                            }
                            keep.add(s.toLowerCase(Locale.ROOT));
                        }
                    }
                    return stringOrBytes(s -> Html.strip(s, keep));
                });

        lib.addValueMethod(MethodSpec.of("unicode_segments", Category.STRINGS,
                        "Splits text by the Unicode segmentation rules into graphemes (what a reader sees as one "
                                + "character, accents and emoji sequences included), words (spaces and punctuation come out as "
                                + "segments of their own) or sentences (each keeps the space after it).")
                .status(Status.EXPERIMENTAL)
                .param(Param.string("segmentation_type", "`grapheme`, `word` or `sentence`."))
                .example(Example.of("", "root.words = this.text.unicode_segments(\"word\")",
                        "{\"text\":\"don't panic, ok?\"}", "{\"words\":[\"don't\",\" \",\"panic\",\",\",\" \",\"ok\",\"?\"]}"))
                .example(Example.of("", "root.parts = this.text.unicode_segments(\"sentence\")",
                        "{\"text\":\"It rained. We stayed in!\"}", "{\"parts\":[\"It rained. \",\"We stayed in!\"]}")),
                args -> {
                    String kind = args.string("segmentation_type");
                    if (!kind.equals("grapheme") && !kind.equals("word") && !kind.equals("sentence")) {
                        throw new IllegalArgumentException("invalid segmentation type: " + kind);
                    }
                    return string(s -> GoText.segments(s, kind));
                });

        lib.addValueMethod(MethodSpec.of("compare_bcrypt", Category.STRINGS,
                        "True when the text is the password a bcrypt hash was made from. A hash that is not a valid "
                                + "bcrypt hash is an error, not false.")
                .param(Param.string("hashed_secret", "The bcrypt hash, starting `$2a$`, `$2b$` or `$2y$`; it carries its own cost and salt."))
                .example(Example.of("", "root.ok = this.password.compare_bcrypt(\"$2y$10$a0vzYULjJUPtW1Kra0Dqb.ZGb9etG02YlD.JNqTiLhMvTMEB0XnEe\")",
                        "{\"password\":\"open-sesame-42\"}", "{\"ok\":true}",
                        "{\"password\":\"open-sesame-43\"}", "{\"ok\":false}")),
                args -> {
                    String hash = args.string("hashed_secret");
                    return string(s -> {
                        checkBcryptHash(hash);
                        try {
                            return OpenBSDBCrypt.checkPassword(hash, s.getBytes(StandardCharsets.UTF_8));
                        } catch (IllegalArgumentException | DataLengthException e) {
                            throw new QueryException("crypto/bcrypt: " + e.getMessage());
                        }
                    });
                });

        lib.addValueMethod(MethodSpec.of("compare_argon2", Category.STRINGS,
                        "True when the text is the password an Argon2 hash was made from. Empty text is never a match.")
                .param(Param.string("hashed_secret", "The hash in its encoded form, `$argon2id$v=19$m=...,t=...,p=...$salt$hash`, which carries its "
                                        + "own settings."))
                .example(Example.of("", "root.ok = this.password.compare_argon2(\"$argon2id$v=19$m=4096,t=3,p=1$c2x1aWNlLWRvY3Mtc2FsdA$S3k4Ky8QFgcCKwQRv4au0JOOpWELM8NReq1F7HENN5I\")",
                        "{\"password\":\"open-sesame-42\"}", "{\"ok\":true}",
                        "{\"password\":\"open-sesame-43\"}", "{\"ok\":false}")),
                args -> {
                    String encoded = args.string("hashed_secret");
                    return string(s -> s.isEmpty() ? false : Argon2Hash.parse(encoded).matches(s));
                });
    }

    /** The checks Go's bcrypt makes before comparing, with its messages. */
    static void checkBcryptHash(String hash) {
        if (hash.length() < 59) throw new QueryException("crypto/bcrypt: hashedSecret too short to be a bcrypted password");
        if (hash.charAt(0) != '$') {
            throw new QueryException("crypto/bcrypt: bcrypt hashes must start with '$', but hashedSecret started with '" + hash.charAt(0) + "'");
        }
        if (hash.charAt(1) > '2') {
            throw new QueryException("crypto/bcrypt: bcrypt algorithm version '" + hash.charAt(1) + "' requested is newer than current version '2'");
        }
        int costAt = hash.charAt(3) == '$' ? 4 : 3;
        try {
            int cost = Integer.parseInt(hash.substring(costAt, costAt + 2));
            if (cost < 4 || cost > 31) throw new QueryException("crypto/bcrypt: cost " + cost + " is outside allowed inclusive range 4..31");
        } catch (NumberFormatException e) {
            throw new QueryException("crypto/bcrypt: " + e.getMessage());
        }
    }

    private static String pairString(List<Object> items, int i) {
        try {
            return Values.asString(items.get(i));
        } catch (QueryException e) {
            throw new IllegalArgumentException("invalid replacement value at index " + i + ": " + e.getMessage());
        }
    }

    /** Go's {@code strings.ReplaceAll}: an empty {@code old} inserts {@code new} around every character. */
    static String replaceAllGo(String s, String old, String rep) {
        if (!old.isEmpty()) return s.replace(old, rep);
        StringBuilder sb = new StringBuilder(rep);
        s.codePoints().forEach(cp -> sb.appendCodePoint(cp).append(rep));
        return sb.toString();
    }

    /** A method on strings (bytes are decoded) returning a derived value. */
    static ValueMethod string(Function<String, Object> fn) {
        return (v, ctx) -> {
            if (v instanceof String s) return fn.apply(s);
            if (v instanceof byte[] b) return fn.apply(new String(b, StandardCharsets.UTF_8));
            throw Values.typeError(v, "string");
        };
    }

    /** A string transformation that keeps bytes as bytes, as the original does for byte input. */
    static ValueMethod stringOrBytes(Function<String, String> fn) {
        return (v, ctx) -> {
            if (v instanceof String s) return fn.apply(s);
            if (v instanceof byte[] b) return fn.apply(new String(b, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            throw Values.typeError(v, "string");
        };
    }

    /** Title case per word: the first letter of a word upper (title) cased, the rest lower cased. */
    static String titleCase(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean inWord = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int next = i + Character.charCount(cp);
            boolean letterLike = Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.NON_SPACING_MARK;
            // an apostrophe or similar between letters does not start a new word ("o'neil")
            boolean joiner = (cp == '\'' || cp == '\u2019' || cp == '.' || cp == ':') && inWord
                    && next < s.length() && Character.isLetter(s.codePointAt(next));
            if (letterLike) {
                sb.appendCodePoint(inWord ? Character.toLowerCase(cp) : Character.toTitleCase(cp));
                inWord = true;
            } else {
                sb.appendCodePoint(cp);
                inWord = joiner || (cp == '_' && inWord);
            }
            i = next;
        }
        return sb.toString();
    }

}
