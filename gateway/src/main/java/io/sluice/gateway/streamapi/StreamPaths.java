package io.sluice.gateway.streamapi;

import io.sluice.core.config.ConfigNode;
import io.sluice.core.config.ConfigProblem;
import io.sluice.core.config.Position;
import io.sluice.core.spec.FieldSpec;
import io.sluice.gateway.streaming.components.StreamingComponents;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The endpoints a stream config will serve, read from the config itself: every {@code http_server} input or output,
 * wherever it sits (root, broker, switch case, fallback, resources), with its paths or their defaults. The gateway
 * knows from this, before a stream runs, which paths of an API belong to which stream (a template's instances are
 * only created on the first request to one of its paths), which serve consumers (metered per message) and whether
 * two streams claim the same path.
 */
final class StreamPaths {

    /** What an endpoint does with its clients. */
    enum Role {
        /** An output's GET, stream (SSE/lines) or WebSocket endpoint: messages go out to the client. */
        CONSUMER,
        /** An input's WebSocket: messages come in from the client, each checked on its own. */
        PUBLISHER_WS,
        /** An input's POST: one request is one message, counted like a request. */
        PUBLISHER_POST
    }

    /** One endpoint path below the listen path. A path ending in "/" also serves what is below it. */
    record Endpoint(String path, Role role, String field, Position pos) {
        boolean serves(String requestPath) {
            return path.equals(requestPath) || (path.endsWith("/") && requestPath.startsWith(path));
        }
    }

    private enum Side { INPUT, OUTPUT }

    private static final Set<String> INPUT_KEYS = Set.of("input", "inputs", "input_resources");
    private static final Set<String> OUTPUT_KEYS = Set.of("output", "outputs", "output_resources", "fallback");

    private StreamPaths() {
    }

    static List<Endpoint> of(ConfigNode root, List<ConfigProblem> problems) {
        List<Endpoint> out = new ArrayList<>();
        walk(root, null, "", out, problems);
        return out;
    }

    private static void walk(ConfigNode node, Side side, String path, List<Endpoint> out, List<ConfigProblem> problems) {
        if (node instanceof ConfigNode.MapNode map) {
            for (ConfigNode.Entry entry : map.entries().values()) {
                String key = entry.key();
                String child = path.isEmpty() ? key : path + "." + key;
                if (key.equals("http_server") && side != null) {
                    endpointsOf(side, entry.value(), child, entry.keyPos(), out, problems);
                }
                Side next = INPUT_KEYS.contains(key) ? Side.INPUT : OUTPUT_KEYS.contains(key) ? Side.OUTPUT : side;
                walk(entry.value(), next, child, out, problems);
            }
        } else if (node instanceof ConfigNode.ListNode list) {
            for (int i = 0; i < list.items().size(); i++) {
                walk(list.items().get(i), side, path + "." + i, out, problems);
            }
        }
    }

    private static void endpointsOf(Side side, ConfigNode config, String path, Position pos, List<Endpoint> out, List<ConfigProblem> problems) {
        ConfigNode.MapNode fields = config instanceof ConfigNode.MapNode m ? m : null;
        if (side == Side.OUTPUT) {
            add(fields, "path", StreamingComponents.OUTPUT.config(), Role.CONSUMER, path, pos, out, problems);
            add(fields, "stream_path", StreamingComponents.OUTPUT.config(), Role.CONSUMER, path, pos, out, problems);
            add(fields, "ws_path", StreamingComponents.OUTPUT.config(), Role.CONSUMER, path, pos, out, problems);
        } else {
            add(fields, "path", StreamingComponents.INPUT.config(), Role.PUBLISHER_POST, path, pos, out, problems);
            add(fields, "ws_path", StreamingComponents.INPUT.config(), Role.PUBLISHER_WS, path, pos, out, problems);
        }
    }

    private static void add(ConfigNode.MapNode fields, String field, FieldSpec spec, Role role, String path, Position pos,
                            List<Endpoint> out, List<ConfigProblem> problems) {
        ConfigNode value = fields == null ? null : fields.get(field);
        String text;
        Position at = pos;
        if (value == null) {
            text = String.valueOf(spec.child(field).map(FieldSpec::defaultValue).orElse(""));
        } else if (value instanceof ConfigNode.ScalarNode scalar && scalar.value() instanceof String s) {
            text = s;
            at = scalar.pos();
        } else {
            return; // not a string: the config validator reports it
        }
        if (ContextVariables.uses(text)) {
            problems.add(new ConfigProblem(at, path + "." + field, "endpoint paths cannot use $tyk_context or $tyk_meta: "
                    + "the gateway must know them before a request arrives"));
            return;
        }
        if (!text.isEmpty() && text.startsWith("/")) {
            out.add(new Endpoint(text, role, path + "." + field, at));
        }
    }
}
