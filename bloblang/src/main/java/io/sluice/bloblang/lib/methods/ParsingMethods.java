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
                        "Attempts to parse a string as a JSON document and returns the result. Integers keep full precision.")
                        .param(Param.bool("use_number", "Kept for compatibility: numbers always keep their precision.").optional())
                        .example(Example.of("", "root.doc = this.doc.parse_json()", "{\"doc\":\"{\\\"foo\\\":\\\"bar\\\"}\"}", "{\"doc\":{\"foo\":\"bar\"}}")),
                args -> (v, ctx) -> {
                    try {
                        return Structured.parseJson(Values.asBytes(v));
                    } catch (MessageParseException e) {
                        String m = e.getMessage() == null ? "invalid JSON" : e.getMessage();
                        throw new QueryException(m.replace("failed to parse message as JSON: ", "failed to parse value as JSON: "));
                    }
                });

        lib.addValueMethod(MethodSpec.of("format_json", Category.PARSING,
                        "Serializes a target value into a pretty-printed JSON byte array (with 4 space indentation by default).")
                        .param(Param.string("indent", "Indentation string. Each element in a JSON object or array will begin on a new, indented line followed by one or more copies of indent according to the indentation nesting.").withDefault("    "))
                        .param(Param.bool("no_indent", "Disable indentation.").withDefault(false))
                        .param(Param.bool("escape_html", "Escape problematic HTML characters.").withDefault(true))
                        .example(Example.of("", "root.doc = this.doc.format_json().string()", "{\"doc\":{\"foo\":\"bar\"}}", "{\"doc\":\"{\\n    \\\"foo\\\": \\\"bar\\\"\\n}\"}")),
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
