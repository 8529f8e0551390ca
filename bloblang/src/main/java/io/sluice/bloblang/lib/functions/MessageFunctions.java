package io.sluice.bloblang.lib.functions;

import io.sluice.bloblang.lib.Category;
import io.sluice.bloblang.lib.Example;
import io.sluice.bloblang.lib.FunctionSpec;
import io.sluice.bloblang.lib.Library;
import io.sluice.bloblang.lib.LibraryModule;
import io.sluice.bloblang.lib.Param;
import io.sluice.bloblang.lib.Status;
import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.query.Paths;
import io.sluice.bloblang.runtime.ExecContext;
import io.sluice.bloblang.runtime.Query;
import io.sluice.bloblang.runtime.QueryException;
import io.sluice.core.message.MessageParseException;
import io.sluice.core.message.Part;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Functions of the "Message Info" category: the raw message, its metadata, its position in the batch
 * and its error flag. They read the input message (moved by {@code .from(i)}), not the one being built.
 */
public final class MessageFunctions implements LibraryModule {

    @Override
    public void register(Library lib) {
        lib.addFunction(FunctionSpec.of("batch_index", Category.MESSAGE_INFO, "Returns the index of the mapped message within a batch."),
                args -> Query.of("function batch_index", ctx -> (long) ctx.index()));

        lib.addFunction(FunctionSpec.of("batch_size", Category.MESSAGE_INFO, "Returns the size of the message batch."),
                args -> Query.of("function batch_size", ctx -> (long) ctx.batch().size()));

        lib.addFunction(FunctionSpec.of("content", Category.MESSAGE_INFO, "Returns the full raw contents of the mapping target message as a byte array.")
                        .example(Example.of("", "root.doc = content().string()", "{\"foo\":\"bar\"}", "{\"doc\":\"{\\\"foo\\\":\\\"bar\\\"}\"}")),
                args -> Query.of("function content", ctx -> ctx.part().bytes()));

        lib.addFunction(FunctionSpec.of("json", Category.MESSAGE_INFO,
                        "Returns the value of a field within a JSON message located by a dot path argument. This function always targets the entire source JSON document regardless of the mapping context.")
                        .param(Param.string("path", "An optional dot path identifying a field to obtain.").withDefault(""))
                        .example(Example.of("", "root.mapped = json(\"foo.bar\")", "{\"foo\":{\"bar\":\"hello world\"}}", "{\"mapped\":\"hello world\"}")),
                args -> {
                    String[] path = Paths.fromDotPath(args.string("path"));
                    return Query.of("json path `" + Paths.toDotPath(path) + "`", ctx -> {
                        Object doc;
                        try {
                            doc = ctx.part().structured();
                        } catch (MessageParseException e) {
                            throw new QueryException(e.getMessage());
                        }
                        return path.length == 0 ? doc : Paths.get(doc, path);
                    });
                });

        lib.addFunction(FunctionSpec.of("metadata", Category.MESSAGE_INFO,
                        "Returns the value of a metadata key from the input message, or null if the key does not exist. Changes made within the mapping are not reflected; use @ for that.")
                        .param(Param.string("key", "An optional key of a metadata value to obtain.").withDefault("")),
                args -> {
                    String key = args.string("key");
                    if (!key.isEmpty()) return Query.of("metadata field " + key, ctx -> ctx.part().metadata().get(key));
                    return Query.of("metadata object", ctx -> new LinkedHashMap<>(ctx.part().metadata()));
                });

        lib.addFunction(FunctionSpec.of("meta", Category.DEPRECATED,
                        "Returns the value of a metadata key from the input message as a string, or null if the key does not exist.")
                        .status(Status.DEPRECATED)
                        .param(Param.string("key", "An optional key of a metadata value to obtain.").withDefault("")),
                args -> {
                    String key = args.string("key");
                    if (!key.isEmpty()) return Query.of("meta field " + key, ctx -> textOrNull(ctx.part().metadata().get(key)));
                    return Query.of("meta object", ctx -> asText(ctx.part()));
                });

        lib.addFunction(FunctionSpec.of("root_meta", Category.DEPRECATED,
                        "Returns the value of a metadata key from the new message being created as a string, or null if the key does not exist.")
                        .status(Status.DEPRECATED)
                        .param(Param.string("key", "An optional key of a metadata value to obtain.").withDefault("")),
                args -> {
                    String key = args.string("key");
                    return Query.of("root_meta field " + key, ctx -> {
                        Part p = ctx.newPart();
                        if (p == null) throw new QueryException("root metadata cannot be queried in this context");
                        return key.isEmpty() ? asText(p) : textOrNull(p.metadata().get(key));
                    });
                });

        lib.addFunction(FunctionSpec.of("error", Category.MESSAGE_INFO,
                        "If an error has occurred during the processing of a message this function returns the reported cause of the error as a string, otherwise null."),
                args -> Query.of("function error", ctx -> ctx.part().errorMessage()));

        lib.addFunction(FunctionSpec.of("errored", Category.MESSAGE_INFO,
                        "Returns a boolean value indicating whether an error has occurred during the processing of a message."),
                args -> Query.of("function errored", ctx -> ctx.part().hasError()));

        for (String name : new String[]{"error_source_name", "error_source_label", "error_source_path"}) {
            lib.addFunction(FunctionSpec.of(name, Category.MESSAGE_INFO,
                            "Returns the " + name.substring("error_source_".length()) + " of the component which raised the error, or null when unknown."),
                    args -> Query.of("function " + name, ctx -> null));
        }

        lib.addFunction(FunctionSpec.of("tracing_span", Category.MESSAGE_INFO,
                        "Provides the message tracing span as an object serialized via text map formatting, or null if the message has no span.")
                        .status(Status.EXPERIMENTAL),
                args -> Query.of("function tracing_span", MessageFunctions::tracingSpan));

        lib.addFunction(FunctionSpec.of("tracing_id", Category.MESSAGE_INFO,
                        "Provides the message trace id, or a zeroed id when the message has no span.")
                        .status(Status.EXPERIMENTAL),
                args -> Query.of("function tracing_id", ctx -> {
                    Object span = tracingSpan(ctx);
                    if (span instanceof Map<?, ?> m && m.get("traceparent") instanceof String tp && tp.length() >= 35) {
                        return tp.substring(3, 35);
                    }
                    return "00000000000000000000000000000000";
                }));
    }

    /**
     * Tracing travels as W3C headers in metadata ({@code traceparent}, {@code tracestate}) until the engine
     * has spans of its own.
     */
    private static Object tracingSpan(ExecContext ctx) {
        Map<String, Object> meta = ctx.part().metadata();
        Object tp = meta.get("traceparent");
        if (tp == null) return null;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("traceparent", Values.toText(tp));
        Object ts = meta.get("tracestate");
        if (ts != null) out.put("tracestate", Values.toText(ts));
        return out;
    }

    private static Object textOrNull(Object v) {
        if (v == null) return null;
        String s = Values.toText(v);
        return s.isEmpty() ? null : s;
    }

    private static Map<String, Object> asText(Part p) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : p.metadata().entrySet()) out.put(e.getKey(), Values.toText(e.getValue()));
        return out;
    }
}
