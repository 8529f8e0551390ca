package io.sluice.gateway.streamapi;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.ConfigNode;
import io.sluice.core.engine.Stream;
import io.sluice.core.expr.ExpressionLanguage;
import io.sluice.gateway.cluster.ClusterNode;
import io.sluice.gateway.streaming.DeliveryGuard;
import io.sluice.gateway.streaming.SubscriberFilter;
import io.sluice.gateway.streaming.StreamRoutes;
import io.sluice.gateway.streaming.components.MessageTails;
import io.sluice.gateway.streaming.edge.DeliveryRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The streams of one API, across reloads. A reload hands in the new definition's streams; only those whose config
 * changed are stopped (drained) and started again, the others keep running with their connections. Non-template
 * streams run once for the API and mount their endpoints in the API's {@link EndpointTable}; a template stream
 * ({@code $tyk_context}/{@code $tyk_meta}) runs one instance per distinct filled-in config, created by the first
 * request that needs it, each with its own table, stopped after {@code idle_timeout} without a connection.
 *
 * <p>Starting and stopping block (a stop drains in-flight messages), so they run on virtual threads, one after the
 * other per API: a stream that replaces another starts only once the old one released its paths.
 */
final class ApiStreams {

    private static final Logger LOG = LoggerFactory.getLogger(ApiStreams.class);
    /** How long a stream stopped because Redis is gone may drain: its output cannot deliver anyway. */
    private static final Duration SUSPEND_DRAIN = Duration.ofSeconds(1);

    private final String apiId;
    private final StreamApis owner;
    private final EndpointTable table;
    private volatile StreamingSection section;
    private volatile Map<String, Entry> entries = Map.of();
    private volatile List<Route> routes = List.of();
    private int generation;
    private CompletableFuture<Void> lifecycle = CompletableFuture.completedFuture(null);
    private final List<CompletableFuture<Void>> instanceStops = new ArrayList<>();

    /** A path this API's streams serve, and the stream serving it. */
    record Route(StreamPaths.Endpoint endpoint, Entry entry) {
    }

    ApiStreams(String apiId, StreamApis owner) {
        this.apiId = apiId;
        this.owner = owner;
        this.table = new EndpointTable(owner.vertx());
    }

    String apiId() {
        return apiId;
    }

    EndpointTable table() {
        return table;
    }

    LimitsMode limits() {
        StreamingSection s = section;
        return s == null ? LimitsMode.MESSAGES : s.limits();
    }

    StreamingSection section() {
        return section;
    }

    Map<String, Entry> entries() {
        return entries;
    }

    /** The stream that will serve a request path (from the configs, whether or not it runs now); null when none. */
    Route route(String path) {
        Route best = null;
        for (Route r : routes) {
            if (r.endpoint().serves(path) && (best == null || r.endpoint().path().length() > best.endpoint().path().length())) {
                best = r;
            }
        }
        return best;
    }

    // ---- lifecycle

    /** A new load of the definition: start what is new or changed, stop what changed or went. Returns its generation. */
    synchronized int load(StreamingSection newSection, List<StreamConfigs.Prepared> streams, boolean keylessApi) {
        this.section = newSection;
        Map<String, Entry> old = entries;
        Map<String, Entry> next = new LinkedHashMap<>();
        List<Entry> started = new ArrayList<>();
        for (StreamConfigs.Prepared stream : streams) {
            Entry current = old.get(stream.source().name());
            if (current != null && !current.retired && current.fingerprint().equals(fingerprint(stream, keylessApi))) {
                next.put(stream.source().name(), current);
                continue;
            }
            Entry fresh = stream.template() ? new Template(stream, keylessApi) : new Fixed(stream, keylessApi);
            next.put(stream.source().name(), fresh);
            started.add(fresh);
        }
        // Stop first, start after: a replacement may use the paths of the stream it replaces.
        for (Entry e : old.values()) {
            if (next.get(e.name()) != e) {
                retire(e);
            }
        }
        for (Entry e : started) {
            if (e instanceof Fixed fixed) {
                serially(() -> fixed.start());
            }
        }
        List<Route> newRoutes = new ArrayList<>();
        for (Entry e : next.values()) {
            for (StreamPaths.Endpoint endpoint : e.prepared.endpoints()) {
                newRoutes.add(new Route(endpoint, e));
            }
        }
        entries = Map.copyOf(next);
        routes = List.copyOf(newRoutes);
        if (!started.isEmpty() || next.size() != old.size()) {
            LOG.info("API {}: streams {} ({} started or restarted)", apiId, next.keySet(), started.stream().map(Entry::name).toList());
        }
        return ++generation;
    }

    /**
     * The chain of the given load was closed (API removed, deactivated or replaced). When no newer load exists, every
     * stream stops. Returns true when the API's streams are gone.
     */
    synchronized boolean unload(int ofGeneration) {
        if (ofGeneration != generation) {
            return false;
        }
        stopAll();
        return true;
    }

    synchronized void stopAll() {
        for (Entry e : entries.values()) {
            retire(e);
        }
        entries = Map.of();
        routes = List.of();
        generation++;
    }

    /** Completes when every stop queued so far finished. */
    synchronized CompletableFuture<Void> stopped() {
        List<CompletableFuture<Void>> all = new ArrayList<>(instanceStops);
        all.add(lifecycle);
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    private void retire(Entry e) {
        if (e.retired) {
            return;
        }
        e.retired = true;
        switch (e) {
            case Fixed fixed -> serially(fixed::stop);
            case Template template -> template.instances.values().forEach(this::stopInstance);
        }
    }

    private synchronized void serially(Runnable task) {
        lifecycle = lifecycle.handle((v, error) -> null).thenRunAsync(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("API {}: stream lifecycle task failed", apiId, e);
            }
        }, owner.executor());
    }

    private void stopInstance(Instance instance) {
        instance.template.instances.remove(instance.key, instance);
        CompletableFuture<Void> stop = instance.stop();
        synchronized (this) {
            instanceStops.removeIf(CompletableFuture::isDone);
            instanceStops.add(stop);
        }
    }

    /**
     * This node lost the cluster's Redis: stop the streams (their brokers hand the work to the other nodes; what is in
     * flight is returned to the source after a short drain) but keep them configured, to start again on
     * {@link #resumeStreams}. Template instances just stop; requests start them again.
     */
    synchronized void suspend() {
        for (Entry e : entries.values()) {
            switch (e) {
                case Fixed fixed -> serially(fixed::pause);
                case Template template -> template.instances.values().forEach(this::stopInstance);
            }
        }
    }

    /** Redis answers again: start the streams {@link #suspend} stopped. */
    synchronized void resumeStreams() {
        for (Entry e : entries.values()) {
            if (e instanceof Fixed fixed && !fixed.retired) {
                serially(fixed::start);
            }
        }
    }

    /** Stops template instances that had no connection and no request for the API's {@code idle_timeout}. */
    void sweepIdle() {
        StreamingSection s = section;
        if (s == null) {
            return;
        }
        long idleNanos = s.idleTimeout().toNanos();
        for (Entry e : entries.values()) {
            if (e instanceof Template template) {
                for (Instance instance : template.instances.values()) {
                    if (instance.retireIfIdle(idleNanos)) {
                        LOG.info("API {}: stopping idle instance {} of stream {}", apiId, instance.key.substring(0, 12), template.name());
                        stopInstance(instance);
                    }
                }
            }
        }
    }

    /**
     * A stream's engine services: its routes, and the guard, except for a non-template stream of a keyless API, which
     * needs none (nothing to count, no key to watch): without a guard the edge may write many messages at once.
     */
    private Map<Class<?>, Object> services(String streamName, ConfigNode config, StreamRoutes routes, StreamGuard.Connections connections,
                                           boolean keylessApi) {
        Map<Class<?>, Object> services = new HashMap<>();
        services.put(StreamRoutes.class, routes);
        services.put(MessageTails.class, owner.tails());
        services.put(SubscriberFilter.Host.class, new SubscriberFilter.Host() {
            @Override
            public boolean enabled() {
                StreamingSection s = section;
                return s != null && s.subscriberFilters();
            }

            @Override
            public ExpressionLanguage language() {
                return owner.filterLanguage();
            }
        });
        if (owner.deliveries() != null) services.put(DeliveryRecorder.class, owner.deliveries());
        if (!keylessApi || connections != StreamGuard.Connections.NONE) {
            services.put(DeliveryGuard.class, new StreamGuard(apiId, this::limits, owner.sessionGuard(), owner.sessions(), connections));
        }
        ClusterNode cluster = owner.cluster();
        if (cluster != null) {
            StreamingSection s = section;
            services.putAll(cluster.servicesFor(streamName, config, s == null ? StreamingSection.DEFAULT_RETENTION : s.retention()));
        }
        return Map.copyOf(services);
    }

    /** What decides whether a running stream can stay: its config text and whether the API is keyless. */
    private static String fingerprint(StreamConfigs.Prepared stream, boolean keylessApi) {
        return (keylessApi ? "keyless\n" : "keyed\n") + stream.source().text();
    }

    // ---- entries

    /** One named stream of the API, as configured by one load. */
    abstract sealed class Entry permits Fixed, Template {
        final StreamConfigs.Prepared prepared;
        final boolean keylessApi;
        volatile boolean retired;

        Entry(StreamConfigs.Prepared prepared, boolean keylessApi) {
            this.prepared = prepared;
            this.keylessApi = keylessApi;
        }

        String name() {
            return prepared.source().name();
        }

        String fingerprint() {
            return ApiStreams.fingerprint(prepared, keylessApi);
        }

        String streamName() {
            return apiId + "/" + name();
        }
    }

    /** A stream that runs once for the API. */
    final class Fixed extends Entry {
        private volatile Stream stream;

        Fixed(StreamConfigs.Prepared prepared, boolean keylessApi) {
            super(prepared, keylessApi);
        }

        Stream stream() {
            return stream;
        }

        /** On the API's lifecycle thread. */
        void start() {
            if (retired || stream != null || owner.unavailableReason() != null) {
                return;
            }
            try {
                Stream s = owner.configs().build(streamName(), prepared.tree(),
                        services(streamName(), prepared.tree(), table, StreamGuard.Connections.NONE, keylessApi));
                stream = s;
                s.start();
                s.done().whenComplete((v, e) -> {
                    if (!retired) {
                        LOG.info("API {}: stream {} ended (its input finished)", apiId, name());
                    }
                });
            } catch (ConfigException e) {
                LOG.error("API {}: stream {} cannot be built: {}", apiId, name(), e.getMessage());
            }
        }

        /** On the API's lifecycle thread: stops for a while (see {@link #suspend}); {@link #start} builds it again. */
        void pause() {
            Stream s = stream;
            stream = null;
            if (s != null) {
                s.stop(SUSPEND_DRAIN);
                LOG.info("API {}: stream {} stopped until this node reaches Redis again", apiId, name());
            }
        }

        /** On the API's lifecycle thread: drains in-flight messages (up to the stream's shutdown_timeout). */
        void stop() {
            Stream s = stream;
            if (s != null) {
                s.stop();
                LOG.info("API {}: stream {} stopped", apiId, name());
            }
        }
    }

    /** A stream with context variables: one instance per distinct filled-in config. */
    final class Template extends Entry {
        final ConcurrentHashMap<String, Instance> instances = new ConcurrentHashMap<>();

        Template(StreamConfigs.Prepared prepared, boolean keylessApi) {
            super(prepared, keylessApi);
        }

        /**
         * The running (or starting) instance for a filled-in config; null when the template was replaced or has
         * {@code max_instances} already.
         */
        Instance instanceFor(String key, ConfigNode config) {
            while (!retired) {
                Instance existing = instances.get(key);
                if (existing == null) {
                    if (instances.size() >= section.maxInstances()) {
                        return null;
                    }
                    AtomicBoolean created = new AtomicBoolean();
                    existing = instances.computeIfAbsent(key, k -> {
                        created.set(true);
                        return new Instance(this, k, config);
                    });
                    if (created.get()) {
                        existing.start();
                    }
                }
                if (existing.touch()) {
                    if (retired) {
                        stopInstance(existing);
                        return null;
                    }
                    return existing;
                }
                instances.remove(key, existing); // retired meanwhile: make a new one
            }
            return null;
        }
    }

    /** One running instance of a template stream. */
    final class Instance implements StreamGuard.Connections {
        final Template template;
        final String key;
        private final ConfigNode config;
        final EndpointTable endpoints = new EndpointTable(owner.vertx());
        final CompletableFuture<Void> started = new CompletableFuture<>();
        private final AtomicInteger connections = new AtomicInteger();
        private long lastActive = System.nanoTime();
        private boolean retired;
        private volatile Stream stream;

        Instance(Template template, String key, ConfigNode config) {
            this.template = template;
            this.key = key;
            this.config = config;
        }

        int connections() {
            return connections.get();
        }

        /** The engine stream; null until it was built. */
        Stream stream() {
            return stream;
        }

        void start() {
            owner.executor().execute(() -> {
                try {
                    String name = template.streamName() + "#" + key.substring(0, 12);
                    Stream s = owner.configs().build(name, config, services(name, config, endpoints, this, template.keylessApi));
                    stream = s;
                    s.start();
                    started.complete(null);
                    s.done().whenComplete((v, e) -> {
                        if (retire()) {
                            template.instances.remove(key, this);
                        }
                    });
                } catch (ConfigException | RuntimeException e) {
                    retire();
                    template.instances.remove(key, this);
                    started.completeExceptionally(e);
                }
            });
        }

        CompletableFuture<Void> stop() {
            retire();
            return started.handleAsync((v, e) -> {
                Stream s = stream;
                if (s != null) {
                    s.stop();
                }
                return null;
            }, owner.executor());
        }

        /** A request is about to use this instance; false when it is being stopped. */
        synchronized boolean touch() {
            if (retired) {
                return false;
            }
            lastActive = System.nanoTime();
            return true;
        }

        synchronized boolean retireIfIdle(long idleNanos) {
            if (retired || connections.get() > 0 || System.nanoTime() - lastActive < idleNanos) {
                return false;
            }
            retired = true;
            return true;
        }

        private synchronized boolean retire() {
            boolean was = retired;
            retired = true;
            return !was;
        }

        @Override
        public void opened() {
            connections.incrementAndGet();
        }

        @Override
        public synchronized void closed() {
            connections.decrementAndGet();
            lastActive = System.nanoTime();
        }
    }
}
