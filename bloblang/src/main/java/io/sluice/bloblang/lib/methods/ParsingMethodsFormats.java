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
                        "Attempts to parse a string into an array of objects by following the CSV format described in RFC 4180.")
                .param(Param.bool("parse_header_row", "Whether to reference the first row as a header row. If set to true the output structure for messages will be an object where field keys are determined by the header row. Otherwise, the output will be an array of row arrays.").withDefault(true))
                .param(Param.string("delimiter", "The delimiter to use for splitting values in each record. It must be a single character.").withDefault(","))
                .param(Param.bool("lazy_quotes", "If set to `true`, a quote may appear in an unquoted field and a non-doubled quote may appear in a quoted field.").withDefault(false))
                .example(Example.of("Parses CSV data with a header row", "root.orders = this.orders.parse_csv()",
                        "{\"orders\":\"foo,bar\\nfoo 1,bar 1\\nfoo 2,bar 2\"}", "{\"orders\":[{\"bar\":\"bar 1\",\"foo\":\"foo 1\"},{\"bar\":\"bar 2\",\"foo\":\"foo 2\"}]}"))
                .example(Example.of("Parses CSV data without a header row", "root.orders = this.orders.parse_csv(false)",
                        "{\"orders\":\"foo 1,bar 1\\nfoo 2,bar 2\"}", "{\"orders\":[[\"foo 1\",\"bar 1\"],[\"foo 2\",\"bar 2\"]]}"))
                .example(Example.of("Parses CSV data delimited by dots", "root.orders = this.orders.parse_csv(delimiter:\".\")",
                        "{\"orders\":\"foo.bar\\nfoo 1.bar 1\\nfoo 2.bar 2\"}", "{\"orders\":[{\"bar\":\"bar 1\",\"foo\":\"foo 1\"},{\"bar\":\"bar 2\",\"foo\":\"foo 2\"}]}"))
                .example(Example.of("Parses CSV data containing a quote in an unquoted field", "root.orders = this.orders.parse_csv(lazy_quotes:true)",
                        "{\"orders\":\"foo,bar\\nfoo 1,bar 1\\nfoo\\\" \\\"2,bar\\\" \\\"2\"}", "{\"orders\":[{\"bar\":\"bar 1\",\"foo\":\"foo 1\"},{\"bar\":\"bar\\\" \\\"2\",\"foo\":\"foo\\\" \\\"2\"}]}")),
                args -> {
                    boolean header = args.bool("parse_header_row");
                    String delim = args.string("delimiter");
                    boolean lazy = args.bool("lazy_quotes");
                    return text(s -> {
                        if (delim.codePointCount(0, delim.length()) != 1) throw new QueryException("delimiter value must be exactly one character");
                        return ParsingMethodsCsv.parse(s, delim.codePointAt(0), lazy, header);
                    });
                });

        lib.addValueMethod(MethodSpec.of("parse_yaml", Category.PARSING, "Attempts to parse a string as a single YAML document and returns the result.")
                .example(Example.of("", "root.doc = this.doc.parse_yaml()", "{\"doc\":\"foo: bar\"}", "{\"doc\":{\"foo\":\"bar\"}}")),
                args -> text(ParsingMethodsYaml::parse));

        lib.addValueMethod(MethodSpec.of("format_yaml", Category.PARSING, "Serializes a target value into a YAML byte array.")
                .example(Example.of("", "root = this.doc.format_yaml()", "{\"doc\":{\"foo\":\"bar\"}}", "foo: bar\n"))
                .example(Example.of("Use the `.string()` method in order to coerce the result into a string.", "root.doc = this.doc.format_yaml().string()",
                        "{\"doc\":{\"foo\":\"bar\"}}", "{\"doc\":\"foo: bar\\n\"}")),
                args -> (v, ctx) -> ParsingMethodsYaml.format(v).getBytes(StandardCharsets.UTF_8));

        lib.addValueMethod(MethodSpec.of("parse_xml", Category.PARSING,
                        "Attempts to parse a string as an XML document and returns a structured result, where elements appear as keys of an object according to the following rules:\n\n"
                                + "- If an element contains attributes they are parsed by prefixing a hyphen, `-`, to the attribute label.\n"
                                + "- If the element is a simple element and has attributes, the element value is given the key `#text`.\n"
                                + "- XML comments, directives, and process instructions are ignored.\n"
                                + "- When elements are repeated the resulting JSON value is an array.\n"
                                + "- If cast is true, try to cast values to numbers and booleans instead of returning strings.")
                .param(Param.bool("cast", "whether to try to cast values that are numbers and booleans to the right type.").withDefault(false))
                .example(Example.of("", "root.doc = this.doc.parse_xml()",
                        "{\"doc\":\"<root><title>This is a title</title><content>This is some content</content></root>\"}",
                        "{\"doc\":{\"root\":{\"content\":\"This is some content\",\"title\":\"This is a title\"}}}"))
                .example(Example.of("", "root.doc = this.doc.parse_xml(cast: false)",
                        "{\"doc\":\"<root><title>This is a title</title><number id=99>123</number><bool>True</bool></root>\"}",
                        "{\"doc\":{\"root\":{\"bool\":\"True\",\"number\":{\"#text\":\"123\",\"-id\":\"99\"},\"title\":\"This is a title\"}}}"))
                .example(Example.of("", "root.doc = this.doc.parse_xml(cast: true)",
                        "{\"doc\":\"<root><title>This is a title</title><number id=99>123</number><bool>True</bool></root>\"}",
                        "{\"doc\":{\"root\":{\"bool\":true,\"number\":{\"#text\":123,\"-id\":99},\"title\":\"This is a title\"}}}")),
                args -> {
                    boolean cast = args.bool("cast");
                    return (v, ctx) -> ParsingMethodsXml.parse(Values.asBytes(v), cast);
                });

        lib.addValueMethod(MethodSpec.of("format_xml", Category.PARSING, "Serializes a target value into an XML byte array.")
                .param(Param.string("indent", "Indentation string. Each element in an XML object or array will begin on a new, indented line followed by one or more copies of indent according to the indentation nesting.").withDefault("    "))
                .param(Param.bool("no_indent", "Disable indentation.").withDefault(false))
                .example(Example.of("Serializes a target value into a pretty-printed XML byte array (with 4 space indentation by default).", "root = this.format_xml()",
                        "{\"foo\":{\"bar\":{\"baz\":\"foo bar baz\"}}}", "<foo>\n    <bar>\n        <baz>foo bar baz</baz>\n    </bar>\n</foo>"))
                .example(Example.of("Pass a string to the `indent` parameter in order to customise the indentation.", "root = this.format_xml(\"  \")",
                        "{\"foo\":{\"bar\":{\"baz\":\"foo bar baz\"}}}", "<foo>\n  <bar>\n    <baz>foo bar baz</baz>\n  </bar>\n</foo>"))
                .example(Example.of("Use the `.string()` method in order to coerce the result into a string.", "root.doc = this.format_xml(\"\").string()",
                        "{\"foo\":{\"bar\":{\"baz\":\"foo bar baz\"}}}", "{\"doc\":\"<foo>\\n<bar>\\n<baz>foo bar baz</baz>\\n</bar>\\n</foo>\"}"))
                .example(Example.of("Set the `no_indent` parameter to true to disable indentation.", "root = this.format_xml(no_indent: true)",
                        "{\"foo\":{\"bar\":{\"baz\":\"foo bar baz\"}}}", "<foo><bar><baz>foo bar baz</baz></bar></foo>")),
                args -> {
                    String indent = args.bool("no_indent") ? null : args.string("indent");
                    return (v, ctx) -> ParsingMethodsXml.format(Values.asObject(v), indent).getBytes(StandardCharsets.UTF_8);
                });

        lib.addValueMethod(MethodSpec.of("parse_url", Category.PARSING,
                        "Attempts to parse a URL from a string value, returning a structured result that describes the various facets of the URL. The fields returned within the structured result roughly follow https://pkg.go.dev/net/url#URL, and may be expanded in future in order to present more information.")
                .example(Example.of("", "root.foo_url = this.foo_url.parse_url()",
                        "{\"foo_url\":\"https://docs.redpanda.com/redpanda-connect/guides/bloblang/about/\"}",
                        "{\"foo_url\":{\"fragment\":\"\",\"host\":\"docs.redpanda.com\",\"opaque\":\"\",\"path\":\"/redpanda-connect/guides/bloblang/about/\",\"raw_fragment\":\"\",\"raw_path\":\"\",\"raw_query\":\"\",\"scheme\":\"https\"}}"))
                .example(Example.of("", "root.username = this.url.parse_url().user.name | \"unknown\"",
                        "{\"url\":\"amqp://foo:bar@127.0.0.1:5672/\"}", "{\"username\":\"foo\"}",
                        "{\"url\":\"redis://localhost:6379\"}", "{\"username\":\"unknown\"}")),
                args -> text(ParsingMethodsUrl::parse));

        lib.addValueMethod(MethodSpec.of("parse_form_url_encoded", Category.PARSING,
                        "Attempts to parse a url-encoded query string (from an x-www-form-urlencoded request body) and returns a structured result.")
                .example(Example.of("", "root.values = this.body.parse_form_url_encoded()",
                        "{\"body\":\"noise=meow&animal=cat&fur=orange&fur=fluffy\"}",
                        "{\"values\":{\"animal\":\"cat\",\"fur\":[\"orange\",\"fluffy\"],\"noise\":\"meow\"}}")),
                args -> text(ParsingMethodsUrl::parseQuery));

        lib.addValueMethod(MethodSpec.of("parse_logfmt", Category.PARSING,
                        "Attempts to parse a string as logfmt key/value pairs and returns an object of string values.")
                .example(Example.of("", "root = this.msg.parse_logfmt()",
                        "{\"msg\":\"level=info msg=\\\"hello world\\\" dur=1.5s\"}", "{\"dur\":\"1.5s\",\"level\":\"info\",\"msg\":\"hello world\"}")),
                args -> text(ParsingMethodsFormats::parseLogfmt));

        lib.addValueMethod(MethodSpec.of("parse_msgpack", Category.PARSING, "Parses a https://msgpack.org/[MessagePack^] message into a structured document.")
                .status(Status.EXPERIMENTAL)
                .example(Example.of("", "root = content().decode(\"hex\").parse_msgpack()", "81a3666f6fa3626172", "{\"foo\":\"bar\"}"))
                .example(Example.of("", "root.decoded = this.msgpack_data.decode(\"base64\").parse_msgpack()",
                        "{\"msgpack_data\":\"gaNmb2+jYmFy\"}", "{\"decoded\":{\"foo\":\"bar\"}}")),
                args -> (v, ctx) -> ParsingMethodsMsgpack.decode(Values.asBytes(v)));

        lib.addValueMethod(MethodSpec.of("format_msgpack", Category.PARSING, "Formats data as a https://msgpack.org/[MessagePack^] message in bytes format.")
                .status(Status.EXPERIMENTAL)
                .example(Example.of("", "root = this.format_msgpack().encode(\"hex\")", "{\"foo\":\"bar\"}", "81a3666f6fa3626172"))
                .example(Example.of("", "root.msgpack_payload = this.data.format_msgpack().encode(\"base64\")",
                        "{\"data\":{\"foo\":\"bar\"}}", "{\"msgpack_payload\":\"gaNmb2+jYmFy\"}")),
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
