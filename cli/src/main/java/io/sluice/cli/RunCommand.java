package io.sluice.cli;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.ConfigLoader;
import io.sluice.core.config.ConfigNode;
import io.sluice.core.engine.Stream;
import io.sluice.core.engine.StreamBuilder;
import io.sluice.core.engine.StreamSpec;
import io.sluice.core.engine.StreamStatus;
import io.sluice.core.observe.MetricsExporters;
import io.sluice.core.observe.TracerComponents;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.Conf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run one stream config (YAML or JSON) until its input ends or Ctrl-C; then drain in-flight messages.")
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("sluice.run");

    @Parameters(paramLabel = "CONFIG", description = "The stream config file.")
    Path config;

    @Override
    public Integer call() {
        ConfigNode root;
        Stream stream;
        AutoCloseable tracer = () -> { };
        try {
            root = ConfigLoader.withSystemEnv().load(config);
            Logging.configure(new Conf(root, StreamSpec.ROOT, "", root.pos(), null).child("logger"));
            // Before the stream is built: its processors are traced only when the process traces.
            tracer = startTracer(root);
            stream = new StreamBuilder(ComponentRegistry.global()).build(nameOf(config), root);
        } catch (ConfigException e) {
            ConfigFiles.print(e.problems(), System.err);
            closeQuietly(tracer);
            return 1;
        }
        MetricsExporters exporters;
        try {
            exporters = MetricsExporters.start(new Conf(root, StreamSpec.ROOT, "", root.pos(), null).child("metrics"),
                    root instanceof ConfigNode.MapNode m ? m.get("http") : null);
        } catch (IOException | RuntimeException e) {
            // The stream was built but not started: nothing to stop.
            System.err.println("cannot start metrics: " + e.getMessage());
            closeQuietly(tracer);
            return 1;
        }
        Stream running = stream;
        // shutdown_delay: keep running (metrics still served) for a while after the signal, then drain and stop.
        Duration delay = new Conf(root, StreamSpec.ROOT, "", root.pos(), null).duration("shutdown_delay");
        Thread hook = new Thread(() -> {
            try {
                if (delay.isPositive()) Thread.sleep(delay);
            } catch (InterruptedException ignored) {
                // stop now
            }
            running.stop();
        }, "sluice-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        StreamStatus at = stream.status();
        LOG.atInfo().setMessage("stream started").addKeyValue("stream", stream.name())
                .addKeyValue("input", at.inputType()).addKeyValue("output", at.outputType()).log();
        long started = System.nanoTime();
        try {
            stream.start();
            stream.done().join();
            Map<String, Long> counts = stream.status().counters();
            LOG.atInfo().setMessage("stream finished").addKeyValue("stream", stream.name())
                    .addKeyValue("received", counts.getOrDefault("input_received", 0L))
                    .addKeyValue("sent", counts.getOrDefault("output_sent", 0L))
                    .addKeyValue("seconds", Math.round((System.nanoTime() - started) / 1e6) / 1e3).log();
        } finally {
            exporters.close();
            closeQuietly(tracer);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
        System.out.flush();
        return 0;
    }

    private static AutoCloseable startTracer(ConfigNode root) {
        try {
            return TracerComponents.start(new Conf(root, StreamSpec.ROOT, "", root.pos(), null).child("tracer"));
        } catch (RuntimeException e) {
            // A tracer section the spec refuses is reported with the rest of the config's problems by the build.
            return () -> { };
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("stopping the tracer failed: {}", e.toString());
        }
    }

    private static String nameOf(Path p) {
        String f = p.getFileName().toString();
        int dot = f.lastIndexOf('.');
        return dot > 0 ? f.substring(0, dot) : f;
    }
}
