package io.sluice.cli;

import io.sluice.core.observe.ProcessMetrics;

import io.sluice.core.config.ConfigException;
import io.sluice.core.registry.ComponentRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

@Command(name = "streams", mixinStandardHelpOptions = true,
        description = {"Run many stream configs in one process: one stream per YAML file of the folders, named by the file "
                + "(orders/enrich.yaml is stream orders/enrich).",
                "Serves the streams REST API (GET /streams; GET, POST, PUT, PATCH, DELETE /streams/{id}; GET /streams/{id}/stats; "
                        + "/ready, /ping, /metrics) to add, change and remove streams while the others keep running."})
final class StreamsCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("sluice.streams");

    @Parameters(paramLabel = "DIR", arity = "0..*", description = "Folders (or single files) of stream configs; none: start empty and add streams through the API.")
    List<Path> dirs = new ArrayList<>();

    @Option(names = "--address", defaultValue = StandaloneAddress.DEFAULT, description = "Where the REST API listens (default ${DEFAULT-VALUE}); "
            + "http_server inputs and outputs of the streams may share it.")
    String address;

    @Option(names = {"-w", "--watch"}, description = "Reload a stream when its file changes, add one for a new file, remove it with its file.")
    boolean watch;

    /** Keeps the default in one place for the annotation (a constant expression is needed there). */
    static final class StandaloneAddress {
        static final String DEFAULT = "0.0.0.0:4195";
    }

    /** The streams, their API and the watcher of one {@code sluice streams} run. */
    static final class Session implements AutoCloseable {
        final StreamsManager streams;
        final StreamsApi api;
        private final Thread watcher;

        Session(StreamsManager streams, StreamsApi api, Thread watcher) {
            this.streams = streams;
            this.api = api;
            this.watcher = watcher;
        }

        /** Stops like a Ctrl-C: /ready turns 503, the longest shutdown_delay passes, then every stream drains and stops. */
        @Override
        public void close() {
            api.shuttingDown();
            if (watcher != null) watcher.interrupt();
            sleep(streams.shutdownDelay());
            streams.stopAll();
            api.close();
        }
    }

    @Override
    public Integer call() throws Exception {
        Session session = start();
        if (session == null) return 1;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            session.close();
            stopped.countDown();
        }, "sluice-streams-shutdown"));
        stopped.await();
        return 0;
    }

    /** Loads every config and serves the API; null (problems printed) when a config does not build. */
    Session start() throws Exception {
        StreamsManager streams = new StreamsManager(ComponentRegistry.global());
        int failed = 0;
        for (Path d : dirs) {
            for (Path f : configsIn(d)) {
                if (!load(streams, idOf(d, f), f)) failed++;
            }
        }
        if (failed > 0) {
            streams.stopAll();
            return null;
        }
        StreamsApi api = new StreamsApi(streams, ProcessMetrics::prometheusText, address);
        LOG.atInfo().setMessage("streams API listening").addKeyValue("address", address).addKeyValue("streams", streams.all().size()).log();
        CountDownLatch watching = new CountDownLatch(1);
        Thread watcher = watch ? Thread.startVirtualThread(() -> watchLoop(streams, watching)) : null;
        if (watcher != null) watching.await(); // folders registered: an edit from now on is seen
        return new Session(streams, api, watcher);
    }

    private static void sleep(Duration d) {
        if (d.isZero() || d.isNegative()) return;
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stream configs of a folder and its subfolders (test files aside), or the file itself. */
    static List<Path> configsIn(Path d) throws IOException {
        if (!Files.isDirectory(d)) return List.of(d);
        try (Stream<Path> walk = Files.walk(d)) {
            return walk.filter(Files::isRegularFile).filter(ConfigTests::isYaml).filter(p -> !ConfigTests.isTestFile(p)).sorted().toList();
        }
    }

    /** The stream id of a file: its path below the folder given, without the extension. */
    static String idOf(Path root, Path file) {
        Path rel = Files.isDirectory(root) ? root.relativize(file) : file.getFileName();
        String s = rel.toString().replace('\\', '/');
        int dot = s.lastIndexOf('.');
        return dot > 0 ? s.substring(0, dot) : s;
    }

    private static boolean load(StreamsManager streams, String id, Path file) {
        try {
            streams.put(id, StreamsManager.parse(Files.readString(file), file.toString()), file.toString());
            return true;
        } catch (ConfigException e) {
            ConfigFiles.print(e.problems(), System.err);
        } catch (IOException e) {
            System.err.println(file + ": cannot read: " + e.getMessage());
        }
        return false;
    }

    /** Follows the folders: a changed file replaces its stream, a new one adds one, a deleted one removes it. */
    private void watchLoop(StreamsManager streams, CountDownLatch watching) {
        try (WatchService ws = FileSystems.getDefault().newWatchService()) {
            Map<WatchKey, Path[]> keys = new HashMap<>(); // key -> {root given, folder watched}
            for (Path root : dirs) {
                if (!Files.isDirectory(root)) continue;
                try (Stream<Path> walk = Files.walk(root)) {
                    for (Path dir : walk.filter(Files::isDirectory).toList()) {
                        keys.put(dir.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                                StandardWatchEventKinds.ENTRY_DELETE), new Path[]{root, dir});
                    }
                }
            }
            Map<Path, String> lastText = new HashMap<>();
            for (Path root : dirs) {
                for (Path f : configsIn(root)) {
                    try {
                        lastText.put(f, Files.readString(f)); // as loaded at the start: touching a file does not restart it
                    } catch (IOException ignored) {
                        // read again on its next change
                    }
                }
            }
            watching.countDown();
            while (!Thread.currentThread().isInterrupted()) {
                WatchKey key = ws.take();
                Path[] where = keys.get(key);
                for (WatchEvent<?> ev : key.pollEvents()) {
                    if (where == null || !(ev.context() instanceof Path name)) continue;
                    Path file = where[1].resolve(name);
                    if (ev.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(file)) {
                        // A new folder: watch it too, and load what was written into it before the watch began.
                        keys.put(file.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                                StandardWatchEventKinds.ENTRY_DELETE), new Path[]{where[0], file});
                        for (Path f : configsIn(file)) {
                            try {
                                String text = Files.readString(f);
                                lastText.put(f, text);
                                streams.put(idOf(where[0], f), StreamsManager.parse(text, f.toString()), f.toString());
                            } catch (IOException | ConfigException e) {
                                LOG.atWarn().setMessage("stream not loaded").addKeyValue("file", f.toString()).addKeyValue("error", e.getMessage()).log();
                            }
                        }
                        continue;
                    }
                    if (!ConfigTests.isYaml(file) || ConfigTests.isTestFile(file)) continue;
                    String id = idOf(where[0], file);
                    if (ev.kind() == StandardWatchEventKinds.ENTRY_DELETE) {
                        lastText.remove(file);
                        try {
                            streams.delete(id);
                        } catch (StreamsManager.NotFound ignored) {
                            // it never loaded
                        }
                        continue;
                    }
                    String text;
                    try {
                        text = Files.readString(file);
                    } catch (IOException e) {
                        continue; // gone again, or half written: the next event brings it
                    }
                    // Editors write a file in several steps; reload once per new content, and leave a stream alone
                    // while its file does not build (its old config keeps running).
                    if (text.equals(lastText.get(file)) || text.isBlank()) continue;
                    lastText.put(file, text);
                    try {
                        streams.put(id, StreamsManager.parse(text, file.toString()), file.toString());
                        LOG.atInfo().setMessage("stream reloaded").addKeyValue("stream", id).addKeyValue("file", file.toString()).log();
                    } catch (ConfigException e) {
                        LOG.atWarn().setMessage("stream not reloaded: its file has problems; the previous config keeps running")
                                .addKeyValue("stream", id).addKeyValue("problems", e.problems().toString()).log();
                    }
                }
                key.reset();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // stopping
        } catch (IOException e) {
            watching.countDown();
            LOG.atError().setMessage("cannot watch the stream folders").addKeyValue("error", e.getMessage()).log();
        }
    }
}
