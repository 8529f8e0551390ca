package io.sluice.bloblang.lib.methods;

import io.sluice.bloblang.lib.Category;
import io.sluice.bloblang.lib.Example;
import io.sluice.bloblang.lib.Library;
import io.sluice.bloblang.lib.LibraryModule;
import io.sluice.bloblang.lib.MethodSpec;
import io.sluice.bloblang.lib.Param;
import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.runtime.Marker;
import io.sluice.bloblang.runtime.QueryException;
import io.sluice.core.message.MessageParseException;
import io.sluice.core.message.Structured;

import java.nio.charset.StandardCharsets;

/** {@code parse_json} and {@code format_json} from the "Parsing" category. */
public final class ParsingMethods implements LibraryModule {

    @Override
    public void register(Library lib) {
        lib.addValueMethod(MethodSpec.of("parse_json", Category.PARSING,
                                "Reads JSON text or bytes into a value. Whole numbers keep every digit, even beyond 64 bits. Text "
                                        + "that is not valid JSON is an error.")
                        .param(Param.bool("use_number", "Accepted for compatibility and ignored: numbers always keep their precision.").optional())
                        .example(Example.of("A document carried as a string inside another.", "root.payload = this.payload.parse_json()",
                        "{\"payload\":\"{\\\"id\\\":12345678901234567890,\\\"ok\\\":true}\"}", "{\"payload\":{\"id\":12345678901234567890,\"ok\":true}}")),
                args -> (v, ctx) -> {
                    try {
                        return Structured.parseJson(Values.asBytes(v));
                    } catch (MessageParseException e) {
                        String m = e.getMessage() == null ? "invalid JSON" : e.getMessage();
                        throw new QueryException(m.replace("failed to parse message as JSON: ", "failed to parse value as JSON: "));
                    }
                });

        lib.addValueMethod(MethodSpec.of("format_json", Category.PARSING,
                                "Writes a value as JSON bytes with sorted keys, indented by four spaces per level unless told "
                                        + "otherwise. As in Go, `<`, `>` and `&` are escaped as `\\u003c`, `\\u003e` and `\\u0026` unless "
                                        + "`escape_html` is false. The result is bytes: add `.string()` to keep it as text inside a "
                                        + "document.")
                        .param(Param.string("indent", "What is written once per level of nesting at the start of each line.").withDefault("    "))
                        .param(Param.bool("no_indent", "Write everything on one line.").withDefault(false))
                        .param(Param.bool("escape_html", "Escape `<`, `>` and `&`.").withDefault(true))
                        .example(Example.of("", "root.pretty = this.doc.format_json(indent: \"  \", escape_html: false).string()",
                        "{\"doc\":{\"b\":\"<x>\",\"a\":[1,2]}}", "{\"pretty\":\"{\\n  \\\"a\\\": [\\n    1,\\n    2\\n  ],\\n  \\\"b\\\": \\\"<x>\\\"\\n}\"}"))
                        .example(Example.of("One line, HTML characters escaped.", "root.compact = this.doc.format_json(no_indent: true).string()",
                        "{\"doc\":{\"b\":\"<x>\",\"a\":[1,2]}}", "{\"compact\":\"{\\\"a\\\":[1,2],\\\"b\\\":\\\"\\\\u003cx\\\\u003e\\\"}\"}")),
                args -> {
                    String indent = args.string("indent");
                    boolean noIndent = args.bool("no_indent");
                    boolean escapeHtml = args.bool("escape_html");
                    return (v, ctx) -> {
                        Object value = v instanceof Marker ? null : v;
                        String json = noIndent ? Structured.toJson(value) : Structured.toJsonIndented(value, indent);
                        if (escapeHtml) json = escapeHtml(json);
                        return json.getBytes(StandardCharsets.UTF_8);
                    };
                });
    }

    /** Go's default JSON escaping of {@code < > &} (safe on serialised JSON: they only occur inside strings). */
    static String escapeHtml(String json) {
        if (json.indexOf('<') < 0 && json.indexOf('>') < 0 && json.indexOf('&') < 0) return json;
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    }
}
