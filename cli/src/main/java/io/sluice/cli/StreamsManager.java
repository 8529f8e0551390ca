package io.sluice.cli;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.ConfigLoader;
import io.sluice.core.config.ConfigNode;
import io.sluice.core.config.ConfigProblem;
import io.sluice.core.config.Position;
import io.sluice.core.engine.Stream;
import io.sluice.core.engine.StreamBuilder;
import io.sluice.core.engine.StreamSpec;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.spec.Conf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The streams of {@code sluice streams}: many configs in one process, each with an id. Every change touches one
 * stream only: a new config is built (and linted) before the old stream stops, so a bad update leaves the running
 * stream as it was, and no other stream is stopped or restarted.
 */
final class StreamsManager {
    private static final Logger LOG = LoggerFactory.getLogger("sluice.streams");

    /** A stream and the config it was built from. */
    record Running(String id, Stream stream, Object config, String source, Instant started) {
        boolean active() {
            return !stream.done().isDone();
        }

        double uptimeSeconds() {
            return Duration.between(started, Instant.now()).toNanos() / 1e9;
        }
    }

    /** No stream has that id. */
    static final class NotFound extends Exception {
        NotFound(String id) {
            super("stream '" + id + "' not found");
        }
    }

    /** A stream with that id exists already. */
    static final class Exists extends Exception {
        Exists(String id) {
            super("stream '" + id + "' already exists");
        }
    }

    private final ComponentRegistry registry;
    private final Map<String, Running> streams = new ConcurrentHashMap<>();
    // Changes to one id happen one at a time; changes to different ids do not wait for each other.
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    StreamsManager(ComponentRegistry registry) {
        this.registry = registry;
    }

    private ReentrantLock lockOf(String id) {
        return locks.computeIfAbsent(id, k -> new ReentrantLock());
    }

    /** Parses a config given as text (YAML or JSON), with {@code ${VAR}} taken from the environment. */
    static ConfigNode parse(String text, String source) throws ConfigException {
        return ConfigLoader.withSystemEnv().parse(text, source);
    }

    void create(String id, ConfigNode config, String source) throws ConfigException, Exists {
        ReentrantLock lock = lockOf(id);
        lock.lock();
        try {
            if (streams.containsKey(id)) throw new Exists(id);
            startNew(id, config, source);
        } finally {
            lock.unlock();
        }
    }

    /** Creates the stream, or replaces its config: the new one is built first, then the old stream stops and the new one starts. */
    void put(String id, ConfigNode config, String source) throws ConfigException {
        ReentrantLock lock = lockOf(id);
        lock.lock();
        try {
            Stream built = build(id, config);
            Running old = streams.get(id);
            if (old != null) stop(old);
            start(id, built, config, source);
        } finally {
            lock.unlock();
        }
    }

    /** Merges {@code partial} into the stream's config (objects key by key, anything else replaced) and applies it as {@link #put} does. */
    void patch(String id, ConfigNode partial, String source) throws ConfigException, NotFound {
        ReentrantLock lock = lockOf(id);
        lock.lock();
        try {
            Running old = streams.get(id);
            if (old == null) throw new NotFound(id);
            Object merged = merge(old.config(), partial.toPlain());
            ConfigNode node = ConfigNode.fromPlain(merged, partial.pos());
            Stream built = build(id, node);
            stop(old);
            start(id, built, node, source);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Makes the set of streams exactly {@code wanted}: new ids start, ids left out stop, and a stream whose config is
     * unchanged keeps running untouched. All configs are built first; one that does not build changes nothing.
     */
    void replaceAll(Map<String, ConfigNode> wanted, String source) throws ConfigException {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, Stream> built = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, ConfigNode> e : wanted.entrySet()) {
                Running current = streams.get(e.getKey());
                if (current != null && current.config().equals(e.getValue().toPlain())) continue;
                try {
                    built.put(e.getKey(), build(e.getKey(), e.getValue()));
                } catch (ConfigException ce) {
                    problems.addAll(ce.problems());
                }
            }
            if (!problems.isEmpty()) throw new ConfigException(problems);
        } catch (ConfigException e) {
            built.clear(); // built streams were never started: nothing to stop
            throw e;
        }
        for (String id : List.copyOf(streams.keySet())) {
            if (!wanted.containsKey(id)) {
                try {
                    delete(id);
                } catch (NotFound ignored) {
                    // removed meanwhile
                }
            }
        }
        for (Map.Entry<String, Stream> e : built.entrySet()) {
            ReentrantLock lock = lockOf(e.getKey());
            lock.lock();
            try {
                Running old = streams.get(e.getKey());
                if (old != null) stop(old);
                start(e.getKey(), e.getValue(), wanted.get(e.getKey()), source);
            } finally {
                lock.unlock();
            }
        }
    }

    void delete(String id) throws NotFound {
        ReentrantLock lock = lockOf(id);
        lock.lock();
        try {
            Running old = streams.remove(id);
            if (old == null) throw new NotFound(id);
            stop(old);
            LOG.atInfo().setMessage("stream removed").addKeyValue("stream", id).log();
        } finally {
            lock.unlock();
        }
    }

    Running get(String id) throws NotFound {
        Running r = streams.get(id);
        if (r == null) throw new NotFound(id);
        return r;
    }

    /** The streams by id, sorted. */
    Map<String, Running> all() {
        return new TreeMap<>(streams);
    }

    boolean has(String id) {
        return streams.containsKey(id);
    }

    /** Stops every stream, each within its own shutdown_timeout. */
    void stopAll() {
        for (String id : List.copyOf(streams.keySet())) {
            Running r = streams.remove(id);
            if (r != null) stop(r);
        }
    }

    /** The longest {@code shutdown_delay} of the streams: how long to keep serving before stopping them. */
    Duration shutdownDelay() {
        Duration max = Duration.ZERO;
        for (Running r : streams.values()) {
            try {
                ConfigNode node = ConfigNode.fromPlain(r.config(), Position.UNKNOWN);
                Duration d = new Conf(node, StreamSpec.ROOT, "", node.pos(), null).duration("shutdown_delay");
                if (d.compareTo(max) > 0) max = d;
            } catch (RuntimeException ignored) {
                // a config that was built had a valid delay; nothing to add here
            }
        }
        return max;
    }

    private void startNew(String id, ConfigNode config, String source) throws ConfigException {
        start(id, build(id, config), config, source);
    }

    private Stream build(String id, ConfigNode config) throws ConfigException {
        return new StreamBuilder(registry).build(id, config);
    }

    private void start(String id, Stream stream, ConfigNode config, String source) {
        stream.start();
        streams.put(id, new Running(id, stream, config.toPlain(), source, Instant.now()));
        LOG.atInfo().setMessage("stream started").addKeyValue("stream", id).addKeyValue("source", source).log();
    }

    private static void stop(Running r) {
        r.stream().stop(r.stream().shutdownTimeout());
    }

    @SuppressWarnings("unchecked")
    static Object merge(Object base, Object patch) {
        if (base instanceof Map<?, ?> b && patch instanceof Map<?, ?> p) {
            Map<String, Object> out = new LinkedHashMap<>((Map<String, Object>) b);
            p.forEach((k, v) -> out.put(String.valueOf(k), merge(out.get(String.valueOf(k)), v)));
            return out;
        }
        return patch;
    }
}
