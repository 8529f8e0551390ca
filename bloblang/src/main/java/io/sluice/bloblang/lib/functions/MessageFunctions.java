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
        lib.addFunction(FunctionSpec.of("batch_index", Category.MESSAGE_INFO,
                        "The position of the message in its batch, counting from 0. Messages that arrive one by one are always at 0.")
                        .example(Example.of("", "root.position = \"%d of %d\".format(batch_index() + 1, batch_size())",
                                "{\"id\":1}", "{\"position\":\"1 of 1\"}")),
                args -> Query.of("function batch_index", ctx -> (long) ctx.index()));

        lib.addFunction(FunctionSpec.of("batch_size", Category.MESSAGE_INFO, "How many messages the batch of the current message holds."),
                args -> Query.of("function batch_size", ctx -> (long) ctx.batch().size()));

        lib.addFunction(FunctionSpec.of("content", Category.MESSAGE_INFO,
                        "The payload of the input message as bytes, exactly as received, whether or not it is JSON. "
                                + "Call `.string()` on it where text is wanted.")
                        .example(Example.of("Keep the raw payload and its size beside the document.",
                                "root.raw = content().string()\nroot.size = content().length()",
                                "{\"id\":\"o-1\"}", "{\"raw\":\"{\\\"id\\\":\\\"o-1\\\"}\",\"size\":12}")),
                args -> Query.of("function content", ctx -> ctx.part().bytes()));

        lib.addFunction(FunctionSpec.of("json", Category.MESSAGE_INFO,
                        "Reads the input message as JSON and gives the field at `path`, or null when it is missing. Unlike `this`, "
                                + "it always starts from the whole document, even inside `map_each` or a `match` block. A payload "
                                + "that is not JSON makes it fail.")
                        .param(Param.string("path", "A dot path such as `customer.address.city`; empty gives the whole document.").withDefault(""))
                        .example(Example.of("Copy an order field into each element while `this` is the element.",
                                "root.lines = this.items.map_each({\"sku\": this, \"order\": json(\"id\")})",
                                "{\"id\":\"o-1\",\"items\":[\"a\",\"b\"]}",
                                "{\"lines\":[{\"sku\":\"a\",\"order\":\"o-1\"},{\"sku\":\"b\",\"order\":\"o-1\"}]}")),
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
                        "Reads a metadata value of the input message, keeping its type, or null when the key is absent. It "
                                + "sees the metadata as it arrived: to read what this mapping has set, use `@key` instead.")
                        .param(Param.string("key", "The metadata key; empty gives all metadata as one object.").withDefault("")),
                args -> {
                    String key = args.string("key");
                    if (!key.isEmpty()) return Query.of("metadata field " + key, ctx -> ctx.part().metadata().get(key));
                    return Query.of("metadata object", ctx -> new LinkedHashMap<>(ctx.part().metadata()));
                });

        lib.addFunction(FunctionSpec.of("meta", Category.DEPRECATED,
                        "Use `metadata()` or `@` instead. Reads a metadata value of the input message as text; absent keys "
                                + "and empty values both give null.")
                        .status(Status.DEPRECATED)
                        .param(Param.string("key", "The metadata key; empty gives all metadata as one object of strings.").withDefault("")),
                args -> {
                    String key = args.string("key");
                    if (!key.isEmpty()) return Query.of("meta field " + key, ctx -> textOrNull(ctx.part().metadata().get(key)));
                    return Query.of("meta object", ctx -> asText(ctx.part()));
                });

        lib.addFunction(FunctionSpec.of("root_meta", Category.DEPRECATED,
                        "Use `@` instead. Reads, as text, a metadata value of the message this mapping is building, or null "
                                + "when the key is absent or empty.")
                        .status(Status.DEPRECATED)
                        .param(Param.string("key", "The metadata key; empty gives all metadata as one object of strings.").withDefault("")),
                args -> {
                    String key = args.string("key");
                    return Query.of("root_meta field " + key, ctx -> {
                        Part p = ctx.newPart();
                        if (p == null) throw new QueryException("root metadata cannot be queried in this context");
                        return key.isEmpty() ? asText(p) : textOrNull(p.metadata().get(key));
                    });
                });

        lib.addFunction(FunctionSpec.of("error", Category.MESSAGE_INFO,
                        "The error an earlier processor attached to the message, as text, or null when it has none. "
                                + "Read it in a `catch` processor to log why a message failed."),
                args -> Query.of("function error", ctx -> ctx.part().errorMessage()));

        lib.addFunction(FunctionSpec.of("errored", Category.MESSAGE_INFO,
                        "True when an earlier processor failed on this message and flagged it."),
                args -> Query.of("function errored", ctx -> ctx.part().hasError()));

        for (String name : new String[]{"error_source_name", "error_source_label", "error_source_path"}) {
            lib.addFunction(FunctionSpec.of(name, Category.MESSAGE_INFO,
                            "Meant to give the " + name.substring("error_source_".length()) + " of the component that flagged the "
                                    + "error. Sluice does not record it yet, so it is always null."),
                    args -> Query.of("function " + name, ctx -> null));
        }

        lib.addFunction(FunctionSpec.of("tracing_span", Category.MESSAGE_INFO,
                        "The trace context of the message as an object holding `traceparent` (and `tracestate` when present), "
                                + "read from the W3C metadata keys of those names; null when the message carries none.")
                        .status(Status.EXPERIMENTAL),
                args -> Query.of("function tracing_span", MessageFunctions::tracingSpan));

        lib.addFunction(FunctionSpec.of("tracing_id", Category.MESSAGE_INFO,
                        "The 32 hex digit trace id from the message's `traceparent` metadata, or 32 zeros when there is none.")
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
