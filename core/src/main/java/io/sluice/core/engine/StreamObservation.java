package io.sluice.core.engine;

import io.sluice.core.component.StreamMetrics;
import io.sluice.core.config.ConfigException;
import io.sluice.core.config.ConfigNode;
import io.sluice.core.expr.ExpressionLanguage;
import io.sluice.core.expr.ExpressionParseException;
import io.sluice.core.observe.MetricNameMapping;
import io.sluice.core.observe.ProcessMetrics;
import io.sluice.core.observe.StreamMeters;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentNode;
import io.sluice.core.spec.Conf;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * How the stream builder puts a stream into the process registry: which meters it gets (none with
 * {@code metrics: none}), and the engine's own counters and connection states read at export time.
 */
public final class StreamObservation {

    private StreamObservation() {
    }

    /** The meters of stream {@code name} as its {@code metrics} section asks (type, {@code mapping}, histogram timing). */
    public static StreamMeters meters(String name, Conf metrics, Supplier<ExpressionLanguage> language) throws ConfigException {
        ConfigNode node = metrics.node() != null ? metrics.node() : ConfigNode.fromPlain(metrics.spec().defaultValue(), metrics.position());
        if (!(ComponentNode.parse(node, ComponentKind.METRICS) instanceof ComponentNode cn)) return StreamMeters.DISABLED;
        if (cn.type().equals("none")) return StreamMeters.DISABLED;
        MetricNameMapping mapping = null;
        if (node instanceof ConfigNode.MapNode m && m.get("mapping") instanceof ConfigNode.ScalarNode s && s.value() instanceof String source) {
            try {
                mapping = new MetricNameMapping(language.get().parseMapping(source));
            } catch (ExpressionParseException e) {
                throw new ConfigException(s.pos(), metrics.path() + ".mapping", e.getMessage());
            }
        }
        boolean histograms = cn.type().equals("prometheus") && cn.config() instanceof ConfigNode.MapNode c
                && c.get("use_histogram_timing") instanceof ConfigNode.ScalarNode h && Boolean.TRUE.equals(h.value());
        return new StreamMeters(ProcessMetrics.registry(), name, mapping, histograms);
    }

    /**
     * Registers the engine's counters (kept by the stream in {@code LongAdder}s, so nothing is added per message) and
     * the connection state of its input and output; all are removed when the stream ends.
     */
    public static void bridge(Stream stream, StreamMeters meters, String inputLabel, String outputLabel) {
        if (!meters.enabled()) return;
        StreamMetrics m = stream.metrics();
        counter(meters, m, "input_received", inputLabel, "root.input");
        counter(meters, m, "input_connection_up", inputLabel, "root.input");
        counter(meters, m, "input_connection_failed", inputLabel, "root.input");
        counter(meters, m, "input_connection_lost", inputLabel, "root.input");
        counter(meters, m, "output_sent", outputLabel, "root.output");
        counter(meters, m, "output_error", outputLabel, "root.output");
        counter(meters, m, "output_connection_up", outputLabel, "root.output");
        counter(meters, m, "output_connection_failed", outputLabel, "root.output");
        counter(meters, m, "output_connection_lost", outputLabel, "root.output");
        // 1 while connected, 0 otherwise: the dialect's connection counters say how often, this says whether.
        meters.gauge("input_connected", inputLabel, "root.input", stream, s -> connected(s.status().input()));
        meters.gauge("output_connected", outputLabel, "root.output", stream, s -> connected(s.status().output()));
        // Kept a while after the end, so the last counts are still scraped (and written by a standalone run at exit);
        // a stream rebuilt under the same name takes its series over at once.
        stream.done().whenComplete((v, e) -> LATER.schedule(meters::close, REMOVE_AFTER.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** How long the meters of a stream that ended stay in the registry: more than a scrape interval. */
    public static final Duration REMOVE_AFTER = Duration.ofSeconds(60);

    private static final ScheduledExecutorService LATER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sluice-meters-cleanup");
        t.setDaemon(true);
        return t;
    });

    /** Read by name at export time: a counter the engine has not created yet (no error so far) is not created here. */
    private static void counter(StreamMeters meters, StreamMetrics m, String name, String label, String path) {
        meters.functionCounter(name, label, path, m, s -> s.get(name));
    }

    private static double connected(ConnectionStatus status) {
        return status.state() == ConnectionStatus.State.CONNECTED ? 1 : 0;
    }

    /** Processors declared as resources are counted where they are referenced, with the reference's path. */
    public static boolean isResourceDeclaration(String path) {
        return path.startsWith("processor_resources") || path.startsWith("resources.");
    }
}
