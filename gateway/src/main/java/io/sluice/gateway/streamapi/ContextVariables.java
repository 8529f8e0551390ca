package io.sluice.gateway.streamapi;

import io.sluice.core.config.ConfigNode;
import io.sluice.core.config.Position;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code $tyk_context.<var>} and {@code $tyk_meta.<key>} in a stream config. A config that uses them is a template:
 * each request gets the config with every reference replaced by the URL-escaped value from the request or the
 * key's {@code meta_data}. Substitution works on the parsed tree, never on the text, so a value cannot change the
 * structure of the config; escaping keeps it from changing the meaning of a mapping or a URL it lands in.
 */
final class ContextVariables {

    /** A reference: {@code context} or {@code meta}, and the name after the dot. */
    record Ref(String kind, String name) {
        @Override
        public String toString() {
            return "$tyk_" + kind + "." + name;
        }
    }

    static final Pattern REFERENCE = Pattern.compile("\\$tyk_(context|meta)\\.([A-Za-z0-9_\\-]+)");
    private static final Pattern INTEGER = Pattern.compile("-?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("-?\\d+\\.\\d+");

    private ContextVariables() {
    }

    static boolean uses(String text) {
        return text != null && REFERENCE.matcher(text).find();
    }

    /** Every reference in the text, in order of first use. */
    static Set<Ref> references(String text) {
        Set<Ref> refs = new LinkedHashSet<>();
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
            refs.add(new Ref(m.group(1), m.group(2)));
        }
        return refs;
    }

    /**
     * Fields whose references are filled per connection by the component, not per stream instance: the
     * {@code consumer_group} of an {@code http_server} output. A stream using references only there is not a
     * template (one instance serves every group), and template substitution leaves them alone.
     */
    static boolean perConnection(String parentKey, String key) {
        return "http_server".equals(parentKey) && "consumer_group".equals(key);
    }

    /** True when the tree uses references outside per-connection fields: the stream is a template. */
    static boolean usesIn(ConfigNode node) {
        return usesIn(node, null);
    }

    private static boolean usesIn(ConfigNode node, String parentKey) {
        return switch (node) {
            case ConfigNode.MapNode map -> map.entries().values().stream()
                    .anyMatch(e -> !perConnection(parentKey, e.key()) && usesIn(e.value(), e.key()));
            case ConfigNode.ListNode list -> list.items().stream().anyMatch(item -> usesIn(item, null));
            case ConfigNode.ScalarNode scalar -> scalar.value() instanceof String text && uses(text);
        };
    }

    /** A per-connection text with its references replaced by their values as they are (no escaping: not a config). */
    static String fill(String text, Function<Ref, String> values) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.apply(new Ref(m.group(1), m.group(2)));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The tree with every reference replaced by its escaped value; {@code substituted} collects the positions changed. */
    static ConfigNode substitute(ConfigNode node, Function<Ref, String> values, Set<Position> substituted) {
        return substitute(node, null, values, substituted);
    }

    private static ConfigNode substitute(ConfigNode node, String parentKey, Function<Ref, String> values, Set<Position> substituted) {
        return switch (node) {
            case ConfigNode.MapNode map -> {
                Map<String, ConfigNode.Entry> entries = new LinkedHashMap<>();
                map.entries().forEach((key, entry) -> entries.put(key, perConnection(parentKey, key) ? entry
                        : new ConfigNode.Entry(entry.key(), entry.keyPos(), substitute(entry.value(), key, values, substituted))));
                yield new ConfigNode.MapNode(map.pos(), entries);
            }
            case ConfigNode.ListNode list -> {
                List<ConfigNode> items = new ArrayList<>(list.items().size());
                for (ConfigNode item : list.items()) {
                    items.add(substitute(item, null, values, substituted));
                }
                yield new ConfigNode.ListNode(list.pos(), items);
            }
            case ConfigNode.ScalarNode scalar -> {
                if (!(scalar.value() instanceof String text) || !uses(text)) {
                    yield scalar;
                }
                substituted.add(scalar.pos());
                Matcher m = REFERENCE.matcher(text);
                boolean whole = m.matches();
                m.reset();
                StringBuilder out = new StringBuilder();
                while (m.find()) {
                    String value = values.apply(new Ref(m.group(1), m.group(2)));
                    m.appendReplacement(out, Matcher.quoteReplacement(escape(value == null ? "" : value)));
                }
                m.appendTail(out);
                String result = out.toString();
                yield new ConfigNode.ScalarNode(scalar.pos(), whole ? typed(result) : result, result, scalar.block());
            }
        };
    }

    /** A field that is just one reference takes the value's type, so {@code count: $tyk_context.request_data_n} works. */
    private static Object typed(String value) {
        if (INTEGER.matcher(value).matches() && value.length() < 19) {
            return Long.parseLong(value);
        }
        if (DECIMAL.matcher(value).matches()) {
            return Double.parseDouble(value);
        }
        if (value.equals("true") || value.equals("false")) {
            return Boolean.parseBoolean(value);
        }
        return value;
    }

    /**
     * URL query escaping, as Go's {@code url.QueryEscape} (which Tyk applies): letters, digits and {@code -_.~} stay,
     * a space becomes {@code +}, every other byte of the UTF-8 form becomes {@code %XX}.
     */
    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append((char) c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }
}
