package io.sluice.components.processors;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Processor;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.MessageParseException;
import io.sluice.core.message.Part;
import io.sluice.core.message.Structured;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;
import org.metricshub.jawk.ExitException;
import org.metricshub.jawk.SandboxedAwk;
import org.metricshub.jawk.ext.AbstractExtension;
import org.metricshub.jawk.ext.annotations.JawkFunction;
import org.metricshub.jawk.intermediate.AwkTuples;
import org.metricshub.jawk.util.AwkSettings;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The {@code awk} processor: runs an awk program per message, with functions that read and change the message. */
final class AwkProcessor implements Processor {
    static final ComponentSpec SPEC = ComponentSpec.processor("awk")
            .categories("Mapping")
            .summary("Runs an awk program on each message; what it prints becomes the message.")
            .description("""
                    The `codec` decides what the program sees: `text` feeds the message as its input (so `$1`, `NF` \
                    and patterns work line by line) and sets a variable per metadata key; `json` feeds nothing and sets \
                    a variable per field of the JSON message, nested names joined with `_` (`{"user":{"id":1}}` gives \
                    `user_id`), plus the metadata variables; `none` feeds and sets nothing. Whatever the program prints \
                    replaces the message (one trailing newline dropped); when it prints nothing, the message keeps its \
                    body, with any changes made by the functions below. Functions: `metadata_get(key)`, \
                    `metadata_set(key, value)`, `json_get(path)`, `json_set(path, value)`, `json_set_int`, \
                    `json_set_float`, `json_set_bool`, `json_delete(path)`, `json_length(path)`, `json_type(path)` \
                    (paths are dot separated, e.g. `order.lines.0.sku`), `timestamp_unix()`, `timestamp_unix_nano()` and \
                    `print_log(message[, level])`. Programs run in Jawk's sandbox: no `system()`, no reading or writing \
                    files, no pipes to commands, and an empty `ENVIRON`. A program that fails, or `exit`s with a status other than 0, flags the \
                    message and leaves it as it was. Messages are handled one at a time.""")
            .fields(FieldSpec.string("codec").options("none", "text", "json")
                            .description("What the program gets from the message: its text as input, its JSON fields as variables, or nothing."),
                    FieldSpec.string("program")
                            .rule(AwkProcessor::compileProblem)
                            .description("The awk program.")
                            .example("{ print toupper($0) }", "BEGIN { json_set(\"total\", json_get(\"price\") * json_get(\"qty\")) }"))
            .example("Sum a column", "Each message holds lines of `name amount`; it becomes the total, with the line count in metadata.", """
                    pipeline:
                      processors:
                        - awk:
                            codec: text
                            program: |
                              { total += $2 }
                              END { metadata_set("lines", NR); print total }
                    """);

    /**
     * Jawk fills ENVIRON from the host even in its sandbox; this runs before the program's own BEGIN blocks and
     * empties it, so a program (say, in a stream posted to the gateway) cannot read the host's environment. It
     * shares the program's first line, so error positions stay right.
     */
    private static final String FORGET_ENVIRONMENT = "BEGIN { split(\"\", ENVIRON) } ";

    private final MessageFunctions functions = new MessageFunctions();
    private final SandboxedAwk awk;
    private final AwkTuples program;
    private final String codec;
    private final ComponentContext ctx;

    AwkProcessor(String source, String codec, ComponentContext ctx) throws IOException {
        this.awk = new SandboxedAwk(functions);
        this.program = awk.compile(FORGET_ENVIRONMENT + source);
        this.codec = codec;
        this.ctx = ctx;
        functions.log = ctx;
    }

    static AwkProcessor create(Conf conf, ComponentContext ctx) throws ConfigException {
        try {
            return new AwkProcessor(conf.string("program"), conf.string("codec"), ctx);
        } catch (IOException | RuntimeException e) {
            throw conf.invalid("program", "invalid awk program: " + e.getMessage());
        }
    }

    private static String compileProblem(Object value) {
        if (!(value instanceof String s)) return null;
        try {
            new SandboxedAwk(new MessageFunctions()).compile(s);
            return null;
        } catch (IOException | RuntimeException e) {
            return "invalid awk program: " + e.getMessage();
        }
    }

    @Override
    public synchronized List<Batch> process(Batch batch) {
        for (Part part : batch) run(part);
        return List.of(batch);
    }

    private void run(Part part) {
        Part working = part.copy(); // functions change this one; the part itself only if the program succeeds
        AwkSettings settings = new AwkSettings();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        settings.setOutputStream(new PrintStream(out, true, StandardCharsets.UTF_8));
        settings.setInput(new ByteArrayInputStream(codec.equals("text") ? working.bytes() : new byte[0]));
        if (!codec.equals("none")) {
            working.metadata().forEach((k, v) -> settings.putVariable(variableName(k), Structured.toText(v)));
        }
        if (codec.equals("json")) {
            try {
                flatten("", working.structured(), settings);
            } catch (MessageParseException e) {
                part.setError(new ProcessingFailure("awk: message is not JSON: " + e.getMessage()));
                return;
            }
        }
        functions.current = working;
        try {
            awk.invoke(program, settings);
        } catch (ExitException e) {
            if (e.getCode() != 0) {
                part.setError(new ProcessingFailure("awk: program exited with status " + e.getCode()));
                return;
            }
        } catch (IOException | RuntimeException e) {
            part.setError(new ProcessingFailure("awk: " + ProcessingFailure.describe(e)));
            return;
        } finally {
            functions.current = null;
        }
        byte[] printed = out.toByteArray();
        if (printed.length > 0) {
            int end = printed[printed.length - 1] == '\n' ? printed.length - 1 : printed.length;
            working.setBytes(Arrays.copyOf(printed, end));
        }
        part.setMetadata(working.metadata());
        if (working.hasStructured()) part.setStructured(working.structured());
        else part.setBytes(working.bytes());
    }

    private static void flatten(String prefix, Object value, AwkSettings settings) {
        if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) flatten(prefix.isEmpty() ? variableName(e.getKey().toString()) : prefix + "_" + variableName(e.getKey().toString()), e.getValue(), settings);
        } else if (!prefix.isEmpty()) {
            settings.putVariable(prefix, value instanceof String s ? s : value instanceof Number n ? n : Structured.toJson(value));
        }
    }

    /** awk names hold letters, digits and underscores, and do not start with a digit. */
    static String variableName(String key) {
        StringBuilder b = new StringBuilder();
        for (char c : key.toCharArray()) b.append(Character.isLetterOrDigit(c) && c < 128 ? c : '_');
        if (b.isEmpty() || Character.isDigit(b.charAt(0))) b.insert(0, '_');
        return b.toString();
    }

    /** The functions programs call on the message in hand. */
    public static final class MessageFunctions extends AbstractExtension {
        volatile Part current;
        volatile ComponentContext log;

        @Override
        public String getExtensionName() {
            return "sluice";
        }

        private Part part() {
            Part p = current;
            if (p == null) throw new IllegalStateException("no message is being processed");
            return p;
        }

        @JawkFunction("metadata_get")
        public String metadataGet(String key) {
            String v = part().metaString(key);
            return v == null ? "" : v;
        }

        @JawkFunction("metadata_set")
        public String metadataSet(String key, Object value) {
            part().setMeta(key, String.valueOf(value));
            return "";
        }

        @JawkFunction("json_get")
        public Object jsonGet(String path) {
            Object v = at(path);
            if (v == null) return "null";
            if (v instanceof String || v instanceof Number) return v;
            return Structured.toJson(v);
        }

        @JawkFunction("json_set")
        public String jsonSet(String path, Object value) {
            put(path, value instanceof Number ? value.toString() : String.valueOf(value));
            return "";
        }

        @JawkFunction("json_set_int")
        public String jsonSetInt(String path, Object value) {
            put(path, (long) Double.parseDouble(String.valueOf(value)));
            return "";
        }

        @JawkFunction("json_set_float")
        public String jsonSetFloat(String path, Object value) {
            put(path, Double.parseDouble(String.valueOf(value)));
            return "";
        }

        @JawkFunction("json_set_bool")
        public String jsonSetBool(String path, Object value) {
            String s = String.valueOf(value);
            put(path, !(s.isEmpty() || s.equals("0") || s.equalsIgnoreCase("false")));
            return "";
        }

        @JawkFunction("json_delete")
        public String jsonDelete(String path) {
            List<String> keys = List.of(path.split("\\."));
            Object parent = walk(part().structured(), keys.subList(0, keys.size() - 1));
            if (parent instanceof Map<?, ?> m) {
                part().structuredMut();
                m.remove(keys.getLast());
            }
            return "";
        }

        @JawkFunction("json_length")
        public Long jsonLength(String path) {
            Object v = at(path);
            if (v instanceof Map<?, ?> m) return (long) m.size();
            if (v instanceof List<?> l) return (long) l.size();
            if (v instanceof String s) return (long) s.length();
            return 0L;
        }

        @JawkFunction("json_type")
        public String jsonType(String path) {
            Object v = at(path);
            if (v == null) return "null";
            if (v instanceof Map) return "object";
            if (v instanceof List) return "array";
            if (v instanceof String) return "string";
            if (v instanceof Number) return "number";
            if (v instanceof Boolean) return "bool";
            return "unknown";
        }

        @JawkFunction("timestamp_unix")
        public Long timestampUnix() {
            return System.currentTimeMillis() / 1000;
        }

        @JawkFunction("timestamp_unix_nano")
        public Long timestampUnixNano() {
            Instant now = Instant.now();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        @JawkFunction("print_log")
        public String printLog(Object... args) {
            String message = args.length > 0 ? String.valueOf(args[0]) : "";
            String level = args.length > 1 ? String.valueOf(args[1]).toLowerCase(Locale.ROOT) : "info";
            ComponentContext c = log;
            if (c != null) {
                switch (level) {
                    case "error" -> c.log().error("{}", message);
                    case "warn" -> c.log().warn("{}", message);
                    case "debug", "trace" -> c.log().debug("{}", message);
                    default -> c.log().info("{}", message);
                }
            }
            return "";
        }

        private Object at(String path) {
            try {
                return walk(part().structured(), List.of(path.split("\\.")));
            } catch (MessageParseException e) {
                return null;
            }
        }

        private static Object walk(Object node, List<String> keys) {
            Object cur = node;
            for (String k : keys) {
                if (k.isEmpty()) continue;
                if (cur instanceof Map<?, ?> m) cur = m.get(k);
                else if (cur instanceof List<?> l && k.chars().allMatch(Character::isDigit) && Integer.parseInt(k) < l.size()) cur = l.get(Integer.parseInt(k));
                else return null;
            }
            return cur;
        }

        @SuppressWarnings("unchecked")
        private void put(String path, Object value) {
            Part p = part();
            Object root;
            try {
                root = p.structuredMut();
            } catch (MessageParseException e) {
                root = new LinkedHashMap<String, Object>();
            }
            if (!(root instanceof Map)) root = new LinkedHashMap<String, Object>();
            Map<String, Object> cur = (Map<String, Object>) root;
            String[] keys = path.split("\\.");
            for (int i = 0; i < keys.length - 1; i++) {
                Object next = cur.get(keys[i]);
                if (!(next instanceof Map)) {
                    next = new LinkedHashMap<String, Object>();
                    cur.put(keys[i], next);
                }
                cur = (Map<String, Object>) next;
            }
            cur.put(keys[keys.length - 1], value);
            p.setStructured(root);
        }
    }

    static List<String> functionNames() {
        return new ArrayList<>(new MessageFunctions().getExtensionFunctions().keySet());
    }
}
