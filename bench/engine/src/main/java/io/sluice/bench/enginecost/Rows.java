package io.sluice.bench.enginecost;

import io.sluice.core.config.ConfigLoader;
import io.sluice.core.config.ConfigNode;
import io.sluice.core.config.EnvInterpolation;
import io.sluice.core.expr.ExpressionLanguage;
import io.sluice.core.expr.Mapping;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's rows: stream configs kept as resources (the same files {@code run.sh} gives to
 * {@code ./sluice run}), and the plain loop that does the same Bloblang work without the engine.
 */
final class Rows {
    static final List<String> NAMES = List.of("generate-drop", "generate-mapping-drop", "generate-mapping-drop-batched");

    private Rows() {
    }

    static String text(String row) throws IOException {
        try (InputStream in = Rows.class.getResourceAsStream("/enginecost/" + row + ".yaml")) {
            if (in == null) throw new IllegalArgumentException("no such row: " + row + " (rows: " + NAMES + ")");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The row's config with {@code COUNT} set to {@code count}. */
    static ConfigNode config(String row, long count) throws Exception {
        EnvInterpolation env = new EnvInterpolation(name -> "COUNT".equals(name) ? String.valueOf(count) : System.getenv(name));
        return new ConfigLoader(env).parse(text(row), row + ".yaml");
    }

    /** The same Bloblang work as the row's stream, one message at a time, in a plain loop: the baseline. */
    static final class PlainLoop {
        private final Mapping generate;
        private final Mapping map; // null when the row has no processor

        @SuppressWarnings("unchecked")
        PlainLoop(String row) throws Exception {
            Map<String, Object> root = (Map<String, Object>) config(row, 1).toPlain();
            Map<String, Object> gen = (Map<String, Object>) ((Map<String, Object>) root.get("input")).get("generate");
            ExpressionLanguage lang = ExpressionLanguage.get();
            generate = lang.parseMapping((String) gen.get("mapping"));
            Map<String, Object> pipeline = (Map<String, Object>) root.get("pipeline");
            if (pipeline == null) {
                map = null;
            } else {
                List<Map<String, Object>> processors = (List<Map<String, Object>>) pipeline.get("processors");
                map = lang.parseMapping((String) processors.get(0).get("mapping"));
            }
        }

        /** Runs {@code count} messages; returns a value that depends on every result, so none is optimised away. */
        long run(long count) throws Exception {
            long sum = 0;
            for (long i = 0; i < count; i++) {
                Part p = generate.map(Batch.of(new Part(new byte[0])), 0);
                if (map != null) p = map.map(Batch.of(p), 0);
                sum += p.hasStructured() ? 1 : p.bytes().length;
            }
            return sum;
        }
    }
}
