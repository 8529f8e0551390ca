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
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.BreakIterator;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
                args -> string(s -> urlEscape(s, true)));

        lib.addValueMethod(MethodSpec.of("unescape_url_query", Category.STRINGS,
                        "Decodes a value taken from a URL query: percent escapes become characters and `+` becomes a "
                                + "space. A broken escape such as `%zz` is an error.")
                .example(Example.of("", "root.path = this.q.unescape_url_query()",
                        "{\"q\":\"a%2Fb+c%20d\"}", "{\"path\":\"a/b c d\"}")),
                args -> string(s -> urlUnescape(s, true)));

        lib.addValueMethod(MethodSpec.of("escape_url_path", Category.STRINGS,
                        "Percent-encodes text for use as one segment of a URL path: a space becomes `%20` and `/` is "
                                + "encoded too, so a value cannot add segments of its own.")
                .example(Example.of("", "root.url = \"https://files.example/docs/\" + this.name.escape_url_path()",
                        "{\"name\":\"Q3 report/final.pdf\"}", "{\"url\":\"https://files.example/docs/Q3%20report%2Ffinal.pdf\"}")),
                args -> string(s -> urlEscape(s, false)));

        lib.addValueMethod(MethodSpec.of("unescape_url_path", Category.STRINGS,
                        "Decodes the percent escapes of a URL path segment. Unlike `unescape_url_query`, a `+` stays a "
                                + "`+`.")
                .example(Example.of("", "root.segment = this.segment.unescape_url_path()",
                        "{\"segment\":\"a%2Fb+c%20d\"}", "{\"segment\":\"a/b+c d\"}")),
                args -> string(s -> urlUnescape(s, false)));

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
                    return sb.isEmpty() ? "" : cleanPath(sb.toString());
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
                    return string(s -> slug(s, lang));
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
                    return string(s -> segments(s, kind));
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
                        } catch (IllegalArgumentException | org.bouncycastle.crypto.DataLengthException e) {
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

    /** An encoded Argon2 hash ({@code $argon2id$v=19$m=...,t=...,p=...$salt$hash}). */
    private record Argon2Hash(int type, int version, int memory, int iterations, int parallelism, byte[] salt, byte[] hash) {

        static Argon2Hash parse(String encoded) {
            String[] parts = encoded.split("\\$", -1);
            if (parts.length != 6) throw new QueryException("invalid argon2 hash");
            int type = switch (parts[1]) {
                case "argon2id" -> Argon2Parameters.ARGON2_id;
                case "argon2i" -> Argon2Parameters.ARGON2_i;
                default -> throw new QueryException("invalid argon2 hash: unrecognised argon2 format");
            };
            if (!parts[2].startsWith("v=") || parts[2].length() == 2) throw new QueryException("invalid argon2 hash: failed to parse version");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^m=(\\d+),t=(\\d+),p=(\\d+)$").matcher(parts[3]);
            if (!m.matches()) throw new QueryException("invalid argon2 hash: failed to parse parameters");
            int memory;
            int iterations;
            int parallelism;
            try {
                memory = Integer.parseUnsignedInt(m.group(1));
                iterations = Integer.parseUnsignedInt(m.group(2));
                parallelism = Integer.parseInt(m.group(3));
                if (parallelism > 255) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                throw new QueryException("invalid argon2 hash: failed to parse parameters");
            }
            byte[] salt;
            byte[] key;
            try {
                salt = Base64.getDecoder().decode(pad(parts[4], "salt"));
            } catch (IllegalArgumentException e) {
                throw new QueryException("invalid argon2 hash: failed to parse base64 salt");
            }
            try {
                key = Base64.getDecoder().decode(pad(parts[5], "key"));
            } catch (IllegalArgumentException e) {
                throw new QueryException("invalid argon2 hash: failed to parse base64 key");
            }
            // the Go library always computes version 0x13, whatever the hash says
            return new Argon2Hash(type, Argon2Parameters.ARGON2_VERSION_13, memory, iterations, parallelism, salt, key);
        }

        /** Raw (unpadded) standard base64, as the original requires. */
        private static String pad(String s, String what) {
            if (s.indexOf('=') >= 0) throw new IllegalArgumentException(what);
            return stripPadding(s);
        }

        private static String stripPadding(String s) {
            String t = s.replace("=", "");
            int pad = (4 - t.length() % 4) % 4;
            return t + "=".repeat(pad);
        }

        boolean matches(String secret) {
            Argon2BytesGenerator gen = new Argon2BytesGenerator();
            gen.init(new Argon2Parameters.Builder(type).withVersion(version).withMemoryAsKB(memory)
                    .withIterations(iterations).withParallelism(parallelism).withSalt(salt).build());
            byte[] out = new byte[hash.length];
            gen.generateBytes(secret.getBytes(StandardCharsets.UTF_8), out);
            return MessageDigest.isEqual(out, hash);
        }
    }

    /** HTML escaping as Go's {@code html} package, and tag stripping in the manner of bluemonday's strict policy. */
    static final class Html {
        private Html() {
        }

        static String escape(String s) {
            StringBuilder sb = new StringBuilder(s.length() + 8);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '&' -> sb.append("&amp;");
                    case '\'' -> sb.append("&#39;");
                    case '<' -> sb.append("&lt;");
                    case '>' -> sb.append("&gt;");
                    case '"' -> sb.append("&#34;");
                    default -> sb.append(c);
                }
            }
            return sb.toString();
        }

        private static final Map<String, String> ENTITIES = buildEntities();

        private static Map<String, String> buildEntities() {
            Map<String, String> m = new java.util.HashMap<>();
            String[] named = {"amp", "&", "lt", "<", "gt", ">", "quot", "\"", "apos", "'", "nbsp", "\u00a0",
                    "copy", "\u00a9", "reg", "\u00ae", "trade", "\u2122", "hellip", "\u2026", "mdash", "\u2014",
                    "ndash", "\u2013", "lsquo", "\u2018", "rsquo", "\u2019", "ldquo", "\u201c", "rdquo", "\u201d",
                    "laquo", "\u00ab", "raquo", "\u00bb", "bull", "\u2022", "middot", "\u00b7", "euro", "\u20ac",
                    "pound", "\u00a3", "yen", "\u00a5", "cent", "\u00a2", "sect", "\u00a7", "para", "\u00b6",
                    "deg", "\u00b0", "plusmn", "\u00b1", "times", "\u00d7", "divide", "\u00f7", "frac12", "\u00bd",
                    "frac14", "\u00bc", "frac34", "\u00be", "sup1", "\u00b9", "sup2", "\u00b2", "sup3", "\u00b3",
                    "micro", "\u00b5", "iexcl", "\u00a1", "iquest", "\u00bf", "szlig", "\u00df", "shy", "\u00ad",
                    "ordf", "\u00aa", "ordm", "\u00ba", "not", "\u00ac", "macr", "\u00af", "acute", "\u00b4",
                    "cedil", "\u00b8", "uml", "\u00a8", "curren", "\u00a4", "brvbar", "\u00a6", "larr", "\u2190",
                    "rarr", "\u2192", "uarr", "\u2191", "darr", "\u2193", "harr", "\u2194", "hearts", "\u2665",
                    "ensp", "\u2002", "emsp", "\u2003", "thinsp", "\u2009", "zwnj", "\u200c", "zwj", "\u200d",
                    "dagger", "\u2020", "Dagger", "\u2021", "permil", "\u2030", "prime", "\u2032", "Prime", "\u2033",
                    "infin", "\u221e", "ne", "\u2260", "le", "\u2264", "ge", "\u2265", "minus", "\u2212", "alpha", "\u03b1",
                    "beta", "\u03b2", "gamma", "\u03b3", "delta", "\u03b4", "pi", "\u03c0", "sigma", "\u03c3", "omega", "\u03c9"};
            for (int i = 0; i < named.length; i += 2) m.put(named[i], named[i + 1]);
            // Latin-1 letters with accents: &Agrave; ... &yuml;
            String[][] accents = {{"grave", "\u00c0\u00c8\u00cc\u00d2\u00d9\u00e0\u00e8\u00ec\u00f2\u00f9", "AEIOUaeiou"},
                    {"acute", "\u00c1\u00c9\u00cd\u00d3\u00da\u00dd\u00e1\u00e9\u00ed\u00f3\u00fa\u00fd", "AEIOUYaeiouy"},
                    {"circ", "\u00c2\u00ca\u00ce\u00d4\u00db\u00e2\u00ea\u00ee\u00f4\u00fb", "AEIOUaeiou"},
                    {"tilde", "\u00c3\u00d1\u00d5\u00e3\u00f1\u00f5", "ANOano"},
                    {"uml", "\u00c4\u00cb\u00cf\u00d6\u00dc\u00e4\u00eb\u00ef\u00f6\u00fc\u00ff", "AEIOUaeiouy"},
                    {"ring", "\u00c5\u00e5", "Aa"}, {"cedil", "\u00c7\u00e7", "Cc"}, {"slash", "\u00d8\u00f8", "Oo"}};
            for (String[] a : accents) {
                for (int i = 0; i < a[2].length(); i++) m.put(a[2].charAt(i) + a[0], String.valueOf(a[1].charAt(i)));
            }
            m.put("AElig", "\u00c6");
            m.put("aelig", "\u00e6");
            m.put("ETH", "\u00d0");
            m.put("eth", "\u00f0");
            m.put("THORN", "\u00de");
            m.put("thorn", "\u00fe");
            return m;
        }

        /** Go's {@code html.UnescapeString}: named and numeric character references. */
        static String unescape(String s) {
            int amp = s.indexOf('&');
            if (amp < 0) return s;
            StringBuilder sb = new StringBuilder(s.length());
            sb.append(s, 0, amp);
            int i = amp;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c != '&') {
                    sb.append(c);
                    i++;
                    continue;
                }
                int j = i + 1;
                if (j < s.length() && s.charAt(j) == '#') {
                    j++;
                    boolean hex = j < s.length() && (s.charAt(j) == 'x' || s.charAt(j) == 'X');
                    if (hex) j++;
                    int start = j;
                    while (j < s.length() && Character.digit(s.charAt(j), hex ? 16 : 10) >= 0) j++;
                    if (j == start) {
                        sb.append(c);
                        i++;
                        continue;
                    }
                    int cp;
                    try {
                        cp = Integer.parseInt(s.substring(start, j), hex ? 16 : 10);
                    } catch (NumberFormatException e) {
                        cp = 0xFFFD;
                    }
                    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
                    if (cp >= 0x80 && cp <= 0x9F) cp = WINDOWS_1252[cp - 0x80];
                    sb.appendCodePoint(cp);
                    if (j < s.length() && s.charAt(j) == ';') j++;
                    i = j;
                    continue;
                }
                int start = j;
                while (j < s.length() && Character.isLetterOrDigit(s.charAt(j)) && j - start < 32) j++;
                String name = s.substring(start, j);
                String rep = ENTITIES.get(name);
                if (rep != null && j < s.length() && s.charAt(j) == ';') {
                    sb.append(rep);
                    i = j + 1;
                } else if (rep != null && !name.isEmpty() && LEGACY.contains(name)) {
                    sb.append(rep);
                    i = j;
                } else {
                    sb.append(c);
                    i++;
                }
            }
            return sb.toString();
        }

        private static final Set<String> LEGACY = Set.of("amp", "lt", "gt", "quot", "nbsp", "copy", "reg");

        private static final int[] WINDOWS_1252 = {0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6,
                0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
                0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178};

        private static final Set<String> SKIP_CONTENT = Set.of("script", "style");

        /**
         * Removes tags, keeping the elements named in {@code keep} (without attributes). The content of
         * script and style elements is dropped; text is unescaped and escaped again as HTML.
         */
        static String strip(String s, Set<String> keep) {
            StringBuilder out = new StringBuilder(s.length());
            StringBuilder text = new StringBuilder();
            int i = 0;
            int n = s.length();
            while (i < n) {
                char c = s.charAt(i);
                if (c == '<' && i + 1 < n && (Character.isLetter(s.charAt(i + 1)) || s.charAt(i + 1) == '/' || s.charAt(i + 1) == '!' || s.charAt(i + 1) == '?')) {
                    if (s.startsWith("<!--", i)) {
                        int end = s.indexOf("-->", i + 4);
                        flushText(out, text);
                        i = end < 0 ? n : end + 3;
                        continue;
                    }
                    int end = tagEnd(s, i + 1);
                    if (end < 0) {
                        text.append(s, i, n);
                        break;
                    }
                    flushText(out, text);
                    String inner = s.substring(i + 1, end);
                    boolean closing = inner.startsWith("/");
                    String body = closing ? inner.substring(1) : inner;
                    int k = 0;
                    while (k < body.length() && (Character.isLetterOrDigit(body.charAt(k)) || body.charAt(k) == '-' || body.charAt(k) == ':')) k++;
                    String name = body.substring(0, k).toLowerCase(Locale.ROOT);
                    boolean selfClosing = inner.endsWith("/");
                    i = end + 1;
                    if (!closing && SKIP_CONTENT.contains(name) && !selfClosing) {
                        int close = indexOfIgnoreCase(s, "</" + name, i);
                        if (close < 0) {
                            i = n;
                        } else {
                            int closeEnd = s.indexOf('>', close);
                            i = closeEnd < 0 ? n : closeEnd + 1;
                        }
                        continue;
                    }
                    if (!name.isEmpty() && keep.contains(name)) {
                        out.append(closing ? "</" : "<").append(name).append(selfClosing && !closing ? "/>" : ">");
                    }
                    continue;
                }
                text.append(c);
                i++;
            }
            flushText(out, text);
            return out.toString();
        }

        private static void flushText(StringBuilder out, StringBuilder text) {
            if (text.isEmpty()) return;
            out.append(escape(unescape(text.toString())));
            text.setLength(0);
        }

        private static int tagEnd(String s, int from) {
            char quote = 0;
            for (int i = from; i < s.length(); i++) {
                char c = s.charAt(i);
                if (quote != 0) {
                    if (c == quote) quote = 0;
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '>') {
                    return i;
                }
            }
            return -1;
        }

        private static int indexOfIgnoreCase(String s, String needle, int from) {
            return s.toLowerCase(Locale.ROOT).indexOf(needle, from);
        }
    }

    /** Go's {@code fmt.Sprintf} for Bloblang values, and {@code strconv.Quote} / {@code Unquote}. */
    static final class GoFormat {
        private GoFormat() {
        }

        static String sprintf(String format, List<Object> args) {
            StringBuilder sb = new StringBuilder(format.length() + 16);
            int argi = 0;
            int n = format.length();
            for (int i = 0; i < n; i++) {
                char c = format.charAt(i);
                if (c != '%') {
                    sb.append(c);
                    continue;
                }
                if (i + 1 >= n) {
                    sb.append("%!(NOVERB)");
                    break;
                }
                boolean minus = false;
                boolean plus = false;
                boolean space = false;
                boolean zero = false;
                boolean sharp = false;
                int j = i + 1;
                for (; j < n; j++) {
                    char f = format.charAt(j);
                    if (f == '-') minus = true;
                    else if (f == '+') plus = true;
                    else if (f == ' ') space = true;
                    else if (f == '0') zero = true;
                    else if (f == '#') sharp = true;
                    else break;
                }
                int width = -1;
                int ws = j;
                while (j < n && Character.isDigit(format.charAt(j))) j++;
                if (j > ws) width = Integer.parseInt(format.substring(ws, j));
                int prec = -1;
                if (j < n && format.charAt(j) == '.') {
                    j++;
                    int ps = j;
                    while (j < n && Character.isDigit(format.charAt(j))) j++;
                    prec = j > ps ? Integer.parseInt(format.substring(ps, j)) : 0;
                }
                if (j >= n) {
                    sb.append("%!(NOVERB)");
                    break;
                }
                char verb = format.charAt(j);
                i = j;
                if (verb == '%') {
                    sb.append('%');
                    continue;
                }
                if (argi >= args.size()) {
                    sb.append("%!").append(verb).append("(MISSING)");
                    continue;
                }
                Object arg = Values.normalize(args.get(argi++));
                String body = formatOne(verb, arg, prec, plus, space, sharp);
                if (width >= 0 && body.length() < width) {
                    String pad = " ".repeat(width - body.length());
                    if (minus) {
                        body = body + pad;
                    } else if (zero && (arg instanceof Number) && "dfFeEgGxXob".indexOf(verb) >= 0) {
                        boolean signed = body.startsWith("-") || body.startsWith("+");
                        String digits = signed ? body.substring(1) : body;
                        body = (signed ? body.substring(0, 1) : "") + "0".repeat(width - body.length()) + digits;
                    } else {
                        body = pad + body;
                    }
                }
                sb.append(body);
            }
            if (argi < args.size()) {
                sb.append("%!(EXTRA ");
                for (int k = argi; k < args.size(); k++) {
                    if (k > argi) sb.append(", ");
                    Object a = Values.normalize(args.get(k));
                    sb.append(goType(a)).append('=').append(formatValue(a));
                }
                sb.append(')');
            }
            return sb.toString();
        }

        private static String formatOne(char verb, Object arg, int prec, boolean plus, boolean space, boolean sharp) {
            switch (verb) {
                case 'v' -> {
                    if (arg instanceof Double d && prec >= 0) return formatG(d, prec);
                    String s = formatValue(arg);
                    if (plus && arg instanceof Number && !s.startsWith("-")) s = "+" + s;
                    return s;
                }
                case 's' -> {
                    if (arg instanceof String || arg instanceof byte[]) return truncate(Values.asString(arg), prec);
                    if (arg instanceof List<?> l) return listOf(l, 's', prec);
                    if (arg instanceof Map<?, ?> m) return mapOf(m, 's', prec);
                    if (arg instanceof io.sluice.bloblang.lib.Timestamp) return formatValue(arg);
                    return bad('s', arg);
                }
                case 'q' -> {
                    if (arg instanceof String || arg instanceof byte[]) return quote(Values.asString(arg));
                    if (arg instanceof Long l) return "'" + new String(Character.toChars((int) (long) l)) + "'";
                    return bad('q', arg);
                }
                case 'd' -> {
                    if (arg instanceof Long || arg instanceof java.math.BigInteger) return sign(arg.toString(), plus, space);
                    if (arg instanceof List<?> l) return listOf(l, 'd', prec);
                    return bad('d', arg);
                }
                case 'b', 'o', 'O', 'x', 'X', 'c', 'U' -> {
                    if (arg instanceof Long || arg instanceof java.math.BigInteger) {
                        java.math.BigInteger b = Values.toBigInteger((Number) arg);
                        return switch (verb) {
                            case 'b' -> b.toString(2);
                            case 'o' -> (sharp ? "0" : "") + b.toString(8);
                            case 'O' -> "0o" + b.toString(8);
                            case 'x' -> (b.signum() < 0 ? "-" : "") + (sharp ? "0x" : "") + b.abs().toString(16);
                            case 'X' -> (b.signum() < 0 ? "-" : "") + (sharp ? "0X" : "") + b.abs().toString(16).toUpperCase(Locale.ROOT);
                            case 'c' -> new String(Character.toChars(b.intValue()));
                            default -> String.format("U+%04X", b.intValue());
                        };
                    }
                    if ((verb == 'x' || verb == 'X') && (arg instanceof String || arg instanceof byte[])) {
                        StringBuilder sb = new StringBuilder();
                        for (byte bt : Values.asBytes(arg)) sb.append(String.format(verb == 'x' ? "%02x" : "%02X", bt & 0xff));
                        return sb.toString();
                    }
                    if ((verb == 'x' || verb == 'X') && arg instanceof Double d) {
                        String h = Double.toHexString(d);
                        return verb == 'X' ? h.toUpperCase(Locale.ROOT) : h;
                    }
                    return bad(verb, arg);
                }
                case 'f', 'F', 'e', 'E', 'g', 'G' -> {
                    if (!(arg instanceof Double || arg instanceof java.math.BigDecimal)) return bad(verb, arg);
                    double d = ((Number) arg).doubleValue();
                    if (Double.isNaN(d)) return "NaN";
                    if (Double.isInfinite(d)) return d > 0 ? (plus ? "+Inf" : "+Inf") : "-Inf";
                    String s = switch (verb) {
                        case 'f', 'F' -> new java.math.BigDecimal(d).setScale(prec < 0 ? 6 : prec, java.math.RoundingMode.HALF_EVEN).toPlainString();
                        case 'e', 'E' -> goExp(d, prec < 0 ? 6 : prec, verb == 'E');
                        default -> {
                            String g = prec < 0 ? Values.formatFloat(d) : formatG(d, prec);
                            yield verb == 'G' ? g.toUpperCase(Locale.ROOT) : g;
                        }
                    };
                    if ((verb == 'f' || verb == 'F') && d < 0 && !s.startsWith("-")) s = "-" + s;
                    if ((verb == 'f' || verb == 'F') && d == 0 && 1 / d < 0 && !s.startsWith("-")) s = "-" + s;
                    return sign(s, plus, space);
                }
                case 't' -> {
                    if (arg instanceof Boolean b) return b.toString();
                    return bad('t', arg);
                }
                case 'T' -> {
                    return goType(arg);
                }
                default -> {
                    return "%!" + verb + "(" + goType(arg) + "=" + formatValue(arg) + ")";
                }
            }
        }

        private static String truncate(String s, int prec) {
            if (prec < 0 || s.codePointCount(0, s.length()) <= prec) return s;
            return s.substring(0, s.offsetByCodePoints(0, prec));
        }

        private static String sign(String s, boolean plus, boolean space) {
            if (s.startsWith("-")) return s;
            if (plus) return "+" + s;
            if (space) return " " + s;
            return s;
        }

        private static String bad(char verb, Object arg) {
            if (arg == null) return "%!" + verb + "(<nil>)";
            return "%!" + verb + "(" + goType(arg) + "=" + formatValue(arg) + ")";
        }

        private static String listOf(List<?> l, char verb, int prec) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) sb.append(' ');
                sb.append(formatOne(verb, Values.normalize(l.get(i)), prec, false, false, false));
            }
            return sb.append(']').toString();
        }

        private static String mapOf(Map<?, ?> m, char verb, int prec) {
            StringBuilder sb = new StringBuilder("map[");
            boolean first = true;
            for (Object k : new java.util.TreeSet<>(m.keySet())) {
                if (!first) sb.append(' ');
                first = false;
                sb.append(k).append(':').append(formatOne(verb, Values.normalize(m.get(k)), prec, false, false, false));
            }
            return sb.append(']').toString();
        }

        /** Go's {@code %v}. */
        static String formatValue(Object v) {
            v = Values.normalize(v);
            if (v == null || v instanceof io.sluice.bloblang.runtime.Marker) return "<nil>";
            if (v instanceof String s) return s;
            if (v instanceof Double d) return Values.formatFloat(d);
            if (v instanceof byte[] b) {
                StringBuilder sb = new StringBuilder("[");
                for (int i = 0; i < b.length; i++) {
                    if (i > 0) sb.append(' ');
                    sb.append(b[i] & 0xff);
                }
                return sb.append(']').toString();
            }
            if (v instanceof List<?> l) return listOf(l, 'v', -1);
            if (v instanceof Map<?, ?> m) return mapOf(m, 'v', -1);
            if (v instanceof io.sluice.bloblang.lib.Timestamp t) {
                return TimestampMethodsLayouts.format(t.time(), "2006-01-02 15:04:05.999999999 -0700 MST");
            }
            return Values.toText(v);
        }

        private static String goType(Object v) {
            if (v == null) return "<nil>";
            if (v instanceof String) return "string";
            if (v instanceof Long) return "int64";
            if (v instanceof java.math.BigInteger) return "uint64";
            if (v instanceof Double || v instanceof java.math.BigDecimal) return "float64";
            if (v instanceof Boolean) return "bool";
            if (v instanceof byte[]) return "[]uint8";
            if (v instanceof List) return "[]interface {}";
            if (v instanceof Map) return "map[string]interface {}";
            if (v instanceof io.sluice.bloblang.lib.Timestamp) return "time.Time";
            return "interface {}";
        }

        private static String goExp(double d, int prec, boolean upper) {
            String s = String.format(Locale.ROOT, "%." + prec + "e", d);
            // Java prints e+05 style already with at least two exponent digits
            return upper ? s.toUpperCase(Locale.ROOT) : s;
        }

        /** {@code %.Ng}: N significant digits, exponent form for small or large exponents. */
        private static String formatG(double d, int prec) {
            if (prec == 0) prec = 1;
            if (d == 0) return "0";
            java.math.BigDecimal bd = new java.math.BigDecimal(d).round(new java.math.MathContext(prec, java.math.RoundingMode.HALF_EVEN));
            int exp = bd.precision() - bd.scale() - 1;
            if (exp < -4 || exp >= prec) {
                String digits = bd.unscaledValue().abs().toString().replaceAll("0+$", "");
                if (digits.isEmpty()) digits = "0";
                StringBuilder sb = new StringBuilder(d < 0 ? "-" : "");
                sb.append(digits.charAt(0));
                if (digits.length() > 1) sb.append('.').append(digits, 1, digits.length());
                sb.append('e').append(exp < 0 ? '-' : '+');
                if (Math.abs(exp) < 10) sb.append('0');
                return sb.append(Math.abs(exp)).toString();
            }
            return bd.stripTrailingZeros().toPlainString();
        }

        /** Go's {@code strconv.Quote}. */
        static String quote(String s) {
            StringBuilder sb = new StringBuilder(s.length() + 2);
            sb.append('"');
            for (int i = 0; i < s.length(); ) {
                int cp = s.codePointAt(i);
                i += Character.charCount(cp);
                switch (cp) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case 7 -> sb.append("\\a");
                    case '\b' -> sb.append("\\b");
                    case '\f' -> sb.append("\\f");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    case 11 -> sb.append("\\v");
                    default -> {
                        if (isPrint(cp)) {
                            sb.appendCodePoint(cp);
                        } else if (cp < ' ' || cp == 0x7f) {
                            sb.append(String.format("\\x%02x", cp));
                        } else if (cp >= 0xD800 && cp <= 0xDFFF) {
                            sb.append("\\ufffd");
                        } else if (cp < 0x10000) {
                            sb.append(String.format("\\u%04x", cp));
                        } else {
                            sb.append(String.format("\\U%08x", cp));
                        }
                    }
                }
            }
            return sb.append('"').toString();
        }

        private static boolean isPrint(int cp) {
            if (cp == ' ') return true;
            int t = Character.getType(cp);
            return switch (t) {
                case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                     Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
                     Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER,
                     Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION,
                     Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                     Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                     Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                     Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
                default -> false;
            };
        }

        /** Go's {@code strconv.Unquote}. */
        static String unquote(String s) {
            int n = s.length();
            if (n < 2) throw syntax();
            char q = s.charAt(0);
            if (q != s.charAt(n - 1)) throw syntax();
            String body = s.substring(1, n - 1);
            if (q == '`') {
                if (body.indexOf('`') >= 0) throw syntax();
                return body.replace("\r", "");
            }
            if (q != '"' && q != '\'') throw syntax();
            if (body.indexOf('\n') >= 0) throw syntax();
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length());
            int i = 0;
            while (i < body.length()) {
                char c = body.charAt(i);
                if (c == q) throw syntax();
                if (c != '\\') {
                    int cp = body.codePointAt(i);
                    out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                    i += Character.charCount(cp);
                    continue;
                }
                if (i + 1 >= body.length()) throw syntax();
                char e = body.charAt(i + 1);
                i += 2;
                switch (e) {
                    case 'a' -> out.write(7);
                    case 'b' -> out.write('\b');
                    case 'f' -> out.write('\f');
                    case 'n' -> out.write('\n');
                    case 'r' -> out.write('\r');
                    case 't' -> out.write('\t');
                    case 'v' -> out.write(11);
                    case '\\' -> out.write('\\');
                    case '\'', '"' -> {
                        if (e != q) throw syntax();
                        out.write(e);
                    }
                    case 'x' -> {
                        out.write(hex(body, i, 2));
                        i += 2;
                    }
                    case 'u', 'U' -> {
                        int len = e == 'u' ? 4 : 8;
                        int cp = hex(body, i, len);
                        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) throw syntax();
                        out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                        i += len;
                    }
                    case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                        if (i + 2 > body.length()) throw syntax();
                        String oct = e + body.substring(i, i + 2);
                        int v;
                        try {
                            v = Integer.parseInt(oct, 8);
                        } catch (NumberFormatException ex) {
                            throw syntax();
                        }
                        if (v > 255) throw syntax();
                        out.write(v);
                        i += 2;
                    }
                    default -> throw syntax();
                }
            }
            String result = out.toString(StandardCharsets.UTF_8);
            if (q == '\'' && result.codePointCount(0, result.length()) != 1) throw syntax();
            return result;
        }

        private static int hex(String s, int from, int len) {
            if (from + len > s.length()) throw syntax();
            try {
                return Integer.parseUnsignedInt(s.substring(from, from + len), 16);
            } catch (NumberFormatException e) {
                throw syntax();
            }
        }

        private static QueryException syntax() {
            return new QueryException("invalid syntax");
        }
    }
}
