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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Parsing and formatting of text formats: CSV, YAML, XML, URLs, form bodies, logfmt and MessagePack.
 * ({@code parse_json} / {@code format_json} live with the language core.)
 */
public final class ParsingMethodsFormats implements LibraryModule {

    @Override
    public void register(Library lib) {
        lib.addValueMethod(MethodSpec.of("parse_csv", Category.PARSING,
                        "Reads CSV text into an array of rows, following RFC 4180: a quoted field may hold delimiters, "
                                + "quotes (doubled) and line breaks. With a header row every row becomes an object keyed by the "
                                + "header; without one, an array. Values stay text, so convert numbers with `.number()`.")
                .param(Param.bool("parse_header_row", "Take the keys from the first row.").withDefault(true))
                .param(Param.string("delimiter", "The one character between fields, e.g. `;` or a tab.").withDefault(","))
                .param(Param.bool("lazy_quotes", "Accept stray quotes inside fields instead of failing.").withDefault(false))
                .example(Example.of("", "root.lines = this.csv.parse_csv()",
                        "{\"csv\":\"sku,qty\\nA-1,2\\nB-7,10\"}", "{\"lines\":[{\"sku\":\"A-1\",\"qty\":\"2\"},{\"sku\":\"B-7\",\"qty\":\"10\"}]}"))
                .example(Example.of("No header, semicolons between fields.", "root.rows = this.csv.parse_csv(parse_header_row: false, delimiter: \";\")",
                        "{\"csv\":\"A-1;2\\nB-7;10\"}", "{\"rows\":[[\"A-1\",\"2\"],[\"B-7\",\"10\"]]}"))
                .example(Example.of("Quotes in the middle of a field.", "root.notes = this.csv.parse_csv(lazy_quotes: true)",
                        "{\"csv\":\"name,note\\nada,said \\\"hi\\\"\"}", "{\"notes\":[{\"name\":\"ada\",\"note\":\"said \\\"hi\\\"\"}]}")),
                args -> {
                    boolean header = args.bool("parse_header_row");
                    String delim = args.string("delimiter");
                    boolean lazy = args.bool("lazy_quotes");
                    return text(s -> {
                        if (delim.codePointCount(0, delim.length()) != 1) throw new QueryException("delimiter value must be exactly one character");
                        return ParsingMethodsCsv.parse(s, delim.codePointAt(0), lazy, header);
                    });
                });

        lib.addValueMethod(MethodSpec.of("parse_yaml", Category.PARSING,
                        "Reads YAML text into a value, numbers and booleans typed as YAML types them. Only the first "
                                + "document of a multi-document stream is read.")
                .example(Example.of("", "root.config = this.yaml.parse_yaml()",
                        "{\"yaml\":\"name: ada\\nroles: [admin, dev]\\nport: 8080\"}", "{\"config\":{\"name\":\"ada\",\"roles\":[\"admin\",\"dev\"],\"port\":8080}}")),
                args -> text(ParsingMethodsYaml::parse));

        lib.addValueMethod(MethodSpec.of("format_yaml", Category.PARSING,
                        "Writes a value as YAML bytes. Add `.string()` to keep the result as text inside a document.")
                .example(Example.of("", "root.yaml = this.user.format_yaml().string()",
                        "{\"user\":{\"name\":\"ada\",\"roles\":[\"admin\",\"dev\"]}}", "{\"yaml\":\"name: ada\\nroles:\\n    - admin\\n    - dev\\n\"}")),
                args -> (v, ctx) -> ParsingMethodsYaml.format(v).getBytes(StandardCharsets.UTF_8));

        lib.addValueMethod(MethodSpec.of("parse_xml", Category.PARSING,
                        "Reads an XML document into objects. Each element becomes a key holding its text, or an object "
                                + "when it has children or attributes; attributes become keys starting with `-`, and the text "
                                + "beside them goes under `#text`. A repeated element becomes an array. Comments and processing "
                                + "instructions are dropped. All values are text unless `cast` is true.")
                .param(Param.bool("cast", "Turn values that look like numbers or booleans into numbers and booleans.").withDefault(false))
                .example(Example.of("", "root = this.xml.parse_xml()",
                        "{\"xml\":\"<order id=\\\"7\\\"><item>a</item><item>b</item><total currency=\\\"EUR\\\">12.50</total><paid>true</paid></order>\"}", "{\"order\":{\"-id\":\"7\",\"item\":[\"a\",\"b\"],\"total\":{\"#text\":\"12.50\",\"-currency\":\"EUR\"},\"paid\":\"true\"}}"))
                .example(Example.of("Typed values.", "root = this.xml.parse_xml(cast: true)",
                        "{\"xml\":\"<order id=\\\"7\\\"><total currency=\\\"EUR\\\">12.50</total><paid>true</paid></order>\"}", "{\"order\":{\"-id\":7,\"total\":{\"#text\":12.5,\"-currency\":\"EUR\"},\"paid\":true}}")),
                args -> {
                    boolean cast = args.bool("cast");
                    return (v, ctx) -> ParsingMethodsXml.parse(Values.asBytes(v), cast);
                });

        lib.addValueMethod(MethodSpec.of("format_xml", Category.PARSING,
                        "Writes an object as XML bytes, the reverse of `parse_xml`: keys starting with `-` become "
                                + "attributes, `#text` the text of the element, and arrays repeated elements. The single key at the "
                                + "top names the root element; with several keys they are wrapped in a `doc` element.")
                .param(Param.string("indent", "What is written once per level of nesting at the start of each line.").withDefault("    "))
                .param(Param.bool("no_indent", "Write everything on one line.").withDefault(false))
                .example(Example.of("", "root.xml = this.format_xml().string()",
                        "{\"order\":{\"-id\":\"7\",\"item\":[\"a\",\"b\"],\"total\":{\"#text\":\"12.50\",\"-currency\":\"EUR\"}}}", "{\"xml\":\"<order id=\\\"7\\\">\\n    <item>a</item>\\n    <item>b</item>\\n    <total currency=\\\"EUR\\\">12.50</total>\\n</order>\"}"))
                .example(Example.of("On one line.", "root = this.doc.format_xml(no_indent: true)",
                        "{\"doc\":{\"order\":{\"-id\":\"7\",\"item\":[\"a\",\"b\"]}}}", "<order id=\"7\"><item>a</item><item>b</item></order>")),
                args -> {
                    String indent = args.bool("no_indent") ? null : args.string("indent");
                    return (v, ctx) -> ParsingMethodsXml.format(Values.asObject(v), indent).getBytes(StandardCharsets.UTF_8);
                });

        lib.addValueMethod(MethodSpec.of("parse_url", Category.PARSING,
                        "Splits a URL into an object with `scheme`, `host` (with the port), `path`, `raw_query`, "
                                + "`fragment` and, when the URL has them, `user` credentials as `name` and `password`; `opaque`, "
                                + "`raw_path` and `raw_fragment` follow Go's URL type. The query stays one string: "
                                + "`parse_form_url_encoded` splits it.")
                .example(Example.of("", "root.url = this.url.parse_url()",
                        "{\"url\":\"https://ada:pw@shop.example:8443/cart/items?sort=price&page=2#top\"}", "{\"url\":{\"scheme\":\"https\",\"host\":\"shop.example:8443\",\"path\":\"/cart/items\",\"raw_query\":\"sort=price&page=2\",\"fragment\":\"top\",\"user\":{\"name\":\"ada\",\"password\":\"pw\"},\"opaque\":\"\",\"raw_path\":\"\",\"raw_fragment\":\"\"}}"))
                .example(Example.of("A fallback for URLs without credentials.", "root.user = this.url.parse_url().user.name | \"anonymous\"",
                        "{\"url\":\"redis://localhost:6379\"}", "{\"user\":\"anonymous\"}")),
                args -> text(ParsingMethodsUrl::parse));

        lib.addValueMethod(MethodSpec.of("parse_form_url_encoded", Category.PARSING,
                        "Reads a form body or query string such as `a=1&b=2` into an object of decoded text. A key that "
                                + "repeats gives an array of its values.")
                .example(Example.of("", "root.form = this.body.parse_form_url_encoded()",
                        "{\"body\":\"name=Ada+L&tag=a&tag=b&empty=\"}", "{\"form\":{\"name\":\"Ada L\",\"tag\":[\"a\",\"b\"],\"empty\":\"\"}}")),
                args -> text(ParsingMethodsUrl::parseQuery));

        lib.addValueMethod(MethodSpec.of("parse_logfmt", Category.PARSING,
                        "Reads a logfmt line, `key=value` pairs separated by spaces with values optionally in double "
                                + "quotes, into an object. Every value is text; a key without `=` gets an empty string.")
                .example(Example.of("", "root = this.line.parse_logfmt()",
                        "{\"line\":\"level=warn msg=\\\"disk almost full\\\" used=91% host=db-1\"}", "{\"level\":\"warn\",\"msg\":\"disk almost full\",\"used\":\"91%\",\"host\":\"db-1\"}")),
                args -> text(ParsingMethodsFormats::parseLogfmt));

        lib.addValueMethod(MethodSpec.of("parse_msgpack", Category.PARSING,
                        "Reads MessagePack bytes into a value.")
                .status(Status.EXPERIMENTAL)
                .example(Example.of("A payload that arrives as hex.", "root.reading = content().decode(\"hex\").parse_msgpack()",
                        "82a2696407a26f6bc3", "{\"reading\":{\"id\":7,\"ok\":true}}")),
                args -> (v, ctx) -> ParsingMethodsMsgpack.decode(Values.asBytes(v)));

        lib.addValueMethod(MethodSpec.of("format_msgpack", Category.PARSING,
                        "Writes a value as MessagePack bytes. Integers are written in their 8-byte form, even small ones.")
                .status(Status.EXPERIMENTAL)
                .example(Example.of("", "root.packed = this.format_msgpack().encode(\"hex\")",
                        "{\"id\":7,\"ok\":true}", "{\"packed\":\"82a26964d30000000000000007a26f6bc3\"}")),
                args -> (v, ctx) -> ParsingMethodsMsgpack.encode(v));
    }

    /** A method on strings and bytes. */
    static ValueMethod text(Function<String, Object> fn) {
        return (v, ctx) -> {
            if (v instanceof String s) return fn.apply(s);
            if (v instanceof byte[] b) return fn.apply(new String(b, StandardCharsets.UTF_8));
            throw Values.typeError(v, "string");
        };
    }

    /**
     * logfmt: space separated {@code key=value} pairs, values optionally double quoted with escapes. A key
     * without a value maps to an empty string.
     */
    static Map<String, Object> parseLogfmt(String s) {
        Map<String, Object> out = new LinkedHashMap<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && (s.charAt(i) <= ' ')) i++;
            if (i >= n) break;
            int ks = i;
            while (i < n && s.charAt(i) > ' ' && s.charAt(i) != '=' && s.charAt(i) != '"') i++;
            if (i == ks) throw new QueryException("failed to parse logfmt: unexpected '" + s.charAt(i) + "' at position " + (i + 1));
            String key = s.substring(ks, i);
            if (i >= n || s.charAt(i) != '=') {
                out.put(key, "");
                continue;
            }
            i++;
            if (i < n && s.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = s.charAt(i);
                    if (c == '\\' && i + 1 < n) {
                        char e = s.charAt(i + 1);
                        switch (e) {
                            case 'n' -> sb.append('\n');
                            case 't' -> sb.append('\t');
                            case 'r' -> sb.append('\r');
                            case 'u' -> {
                                if (i + 6 > n) throw new QueryException("failed to parse logfmt: invalid quoted value");
                                sb.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                                i += 4;
                            }
                            default -> sb.append(e);
                        }
                        i += 2;
                        continue;
                    }
                    if (c == '"') {
                        closed = true;
                        i++;
                        break;
                    }
                    sb.append(c);
                    i++;
                }
                if (!closed) throw new QueryException("failed to parse logfmt: unterminated quoted value for key " + key);
                out.put(key, sb.toString());
            } else {
                int vs = i;
                while (i < n && s.charAt(i) > ' ') {
                    if (s.charAt(i) == '"' || s.charAt(i) == '=') throw new QueryException("failed to parse logfmt: unexpected '" + s.charAt(i) + "' at position " + (i + 1));
                    i++;
                }
                out.put(key, s.substring(vs, i));
            }
        }
        return out;
    }

    // ---- CSV -----------------------------------------------------------------------------------

    /** Go's {@code encoding/csv} reader: quotes, doubled quotes, lazy quotes, CRLF, blank lines skipped. */
    static final class ParsingMethodsCsv {
        private ParsingMethodsCsv() {
        }

        static Object parse(String s, int comma, boolean lazy, boolean header) {
            List<List<String>> records = read(s, comma, lazy);
            if (records.isEmpty()) throw new QueryException("zero records were parsed");
            List<Object> out = new ArrayList<>();
            if (header) {
                List<String> headers = records.get(0);
                if (headers.isEmpty()) throw new QueryException("no headers found on first row");
                for (int j = 1; j < records.size(); j++) {
                    List<String> rec = records.get(j);
                    if (rec.size() != headers.size()) throw new QueryException("record on line " + (j - 1) + ": record mismatch with headers");
                    Map<String, Object> obj = new LinkedHashMap<>();
                    for (int i = 0; i < rec.size(); i++) obj.put(headers.get(i), rec.get(i));
                    out.add(obj);
                }
            } else {
                for (List<String> rec : records) out.add(new ArrayList<Object>(rec));
            }
            return out;
        }

        static List<List<String>> read(String s, int comma, boolean lazy) {
            List<List<String>> records = new ArrayList<>();
            String text = s.replace("\r\n", "\n");
            int pos = 0;
            int line = 0;
            int expected = -1;
            int n = text.length();
            while (pos < n) {
                line++;
                int recordLine = line;
                // blank lines are skipped
                if (text.charAt(pos) == '\n') {
                    pos++;
                    continue;
                }
                List<String> fields = new ArrayList<>();
                boolean endOfRecord = false;
                while (!endOfRecord) {
                    StringBuilder field = new StringBuilder();
                    int col = pos;
                    if (pos < n && text.charAt(pos) == '"') {
                        pos++;
                        boolean done = false;
                        while (!done) {
                            if (pos >= n) {
                                if (!lazy) throw error(recordLine, line, col, "extraneous or missing \" in quoted-field");
                                endOfRecord = true;
                                break;
                            }
                            char c = text.charAt(pos);
                            if (c == '"') {
                                if (pos + 1 < n && text.charAt(pos + 1) == '"') {
                                    field.append('"');
                                    pos += 2;
                                } else if (pos + 1 >= n || text.charAt(pos + 1) == '\n') {
                                    pos += 1;
                                    done = true;
                                    if (pos < n) pos++;
                                    endOfRecord = true;
                                } else if (text.codePointAt(pos + 1) == comma) {
                                    pos += 1 + Character.charCount(comma);
                                    done = true;
                                } else if (lazy) {
                                    field.append('"');
                                    pos++;
                                } else {
                                    throw error(recordLine, line, pos + 1, "extraneous or missing \" in quoted-field");
                                }
                            } else {
                                if (c == '\n') line++;
                                field.append(c);
                                pos++;
                            }
                        }
                    } else {
                        while (pos < n && text.charAt(pos) != '\n' && text.codePointAt(pos) != comma) {
                            if (text.charAt(pos) == '"' && !lazy) throw error(recordLine, line, pos - lineStart(text, pos) + 1, "bare \" in non-quoted field");
                            field.append(text.charAt(pos));
                            pos++;
                        }
                        if (pos >= n || text.charAt(pos) == '\n') {
                            endOfRecord = true;
                            if (pos < n) pos++;
                        } else {
                            pos += Character.charCount(comma);
                            if (pos >= n) {
                                fields.add(field.toString());
                                field.setLength(0);
                                endOfRecord = true;
                            }
                        }
                    }
                    fields.add(field.toString());
                }
                if (expected < 0) expected = fields.size();
                else if (fields.size() != expected) throw new QueryException("record on line " + recordLine + ": wrong number of fields");
                records.add(fields);
            }
            return records;
        }

        private static int lineStart(String text, int pos) {
            int i = text.lastIndexOf('\n', pos - 1);
            return i + 1;
        }

        private static QueryException error(int startLine, int line, int col, String msg) {
            if (startLine != line) return new QueryException("record on line " + startLine + "; parse error on line " + line + ", column " + col + ": " + msg);
            return new QueryException("parse error on line " + line + ", column " + col + ": " + msg);
        }
    }
}
