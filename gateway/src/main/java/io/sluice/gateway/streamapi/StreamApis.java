package io.sluice.gateway.streamapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.config.ConfigNode;
import io.sluice.core.engine.Stream;
import io.sluice.core.expr.ExpressionLanguage;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.gateway.apidef.ApiDefinition;
import io.sluice.gateway.cluster.ClusterNode;
import io.sluice.gateway.cluster.InputPlacement;
import io.sluice.gateway.apidef.InvalidApiDefinitionException;
import io.sluice.gateway.config.StreamingConfig;
import io.sluice.gateway.router.MountedHandler;
import io.sluice.gateway.router.RouteHandlerProvider;
import io.sluice.gateway.services.GatewayServices;
import io.sluice.gateway.services.SessionGuard;
import io.sluice.gateway.services.SessionLookup;
import io.sluice.gateway.streaming.components.MessageTails;
import io.sluice.gateway.streaming.edge.DeliveryRecorder;
import io.sluice.gateway.streaming.edge.OutputEdge;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Stream APIs: serves the {@code x-tyk-streaming} streams of API definitions inside the gateway. Registered by the
 * gateway as a {@link RouteHandlerProvider}: for a stream API it mounts one handler at the listen path, at the end
 * of the API's chain (after authentication, key validity, access rights incl. {@code allowed_urls}, rate limit and
 * quota), which passes requests to the stream endpoints ({@code http_server} input/output) of the API's streams.
 * Its {@link #check} refuses definitions whose streams cannot run, naming API, stream and field.
 *
 * <p>Streams belong to the API id, not to one load of its definition: a reload that changes one stream restarts
 * that stream only; the others keep running with their connections. See {@link ApiStreams}.
 */
public final class StreamApis implements RouteHandlerProvider, ClusterNode.Availability {

    private static final Logger LOG = LoggerFactory.getLogger(StreamApis.class);
    private static final long SWEEP_MILLIS = 250;

    private final GatewayServices services;
    private final SessionGuard sessionGuard;
    private final MessageTails tails = new MessageTails();
    private final ClusterNode cluster;
    private volatile String unavailable;
    private final StreamConfigs configs;
    private final Map<String, ApiStreams> apis = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("sluice-streams-", 0).factory());
    private final long sweeper;

    public StreamApis(GatewayServices services, SessionGuard sessionGuard, StreamingConfig config) {
        this(services, sessionGuard, config, null);
    }

    /** @param cluster the node's cluster membership (Redis Streams hubs, singleton leases), or null for a single node */
    public StreamApis(GatewayServices services, SessionGuard sessionGuard, StreamingConfig config, ClusterNode cluster) {
        this.services = services;
        this.sessionGuard = sessionGuard;
        this.cluster = cluster;
        this.configs = new StreamConfigs(ComponentRegistry.global(),
                new HostAccess(ComponentRegistry.global(), config == null ? List.of() : config.allowUnsafe()));
        this.sweeper = services.vertx().setPeriodic(SWEEP_MILLIS, t -> apis.values().forEach(ApiStreams::sweepIdle));
    }

    @Override
    public void check(ApiDefinition api) throws InvalidApiDefinitionException {
        configs.check(api);
    }

    @Override
    public List<MountedHandler> handlersFor(ApiDefinition api, GatewayServices gatewayServices) {
        if (!api.isStreamApi()) {
            return List.of();
        }
        StreamingSection section;
        List<StreamConfigs.Prepared> streams;
        try {
            section = StreamingSection.parse(api.streaming());
            streams = configs.prepare(api, section);
        } catch (InvalidApiDefinitionException e) {
            // Checked before loading; reaching here means the check was skipped (e.g. an inactive definition).
            LOG.error("API {}: streams not started: {}", api.id(), e.getMessage());
            section = new StreamingSection(Map.of(), LimitsMode.MESSAGES, StreamingSection.DEFAULT_IDLE, StreamingSection.DEFAULT_MAX_INSTANCES,
                    StreamingSection.DEFAULT_RETENTION, false, Map.of());
            streams = List.of();
        }
        ApiStreams streamsOfApi = apis.computeIfAbsent(api.id(), id -> new ApiStreams(id, this));
        int generation = streamsOfApi.load(section, streams, !api.authentication().enabled());
        return List.of(new MountedHandler("/", new StreamApiHandler(streamsOfApi, generation, this)));
    }

    /** The chain holding a load of the API's streams was closed: stop them unless a newer load took over. */
    void unloaded(ApiStreams api, int generation) {
        if (api.unload(generation)) {
            apis.remove(api.apiId(), api);
        }
    }

    @Override
    public void lost(String reason) {
        unavailable = reason;
        apis.values().forEach(ApiStreams::suspend);
    }

    @Override
    public void regained() {
        unavailable = null;
        apis.values().forEach(ApiStreams::resumeStreams);
    }

    /** Why this node does not serve streams now (it lost the cluster's Redis), or null. */
    String unavailableReason() {
        return unavailable;
    }

    ClusterNode cluster() {
        return cluster;
    }

    /**
     * What this node runs, for the cluster's list of nodes: every stream (template instances one by one), where its
     * input runs ({@code every_node} or {@code singleton}), whether it runs here now, and the consumers connected here.
     */
    public List<Map<String, Object>> streamReport() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String id : apiIds()) {
            ApiStreams api = apis.get(id);
            if (api == null) continue;
            for (ApiStreams.Entry e : api.entries().values()) {
                switch (e) {
                    case ApiStreams.Fixed fixed -> out.add(streamEntry(id, e.name(), null, e.streamName(), fixed.stream(), e.prepared.tree()));
                    case ApiStreams.Template template -> {
                        for (ApiStreams.Instance i : template.instances.values()) {
                            String name = e.streamName() + "#" + i.key.substring(0, 12);
                            out.add(streamEntry(id, e.name(), i.key.substring(0, 12), name, i.stream(), e.prepared.tree()));
                        }
                    }
                }
            }
        }
        return out;
    }

    private Map<String, Object> streamEntry(String apiId, String stream, String instance, String fullName, Stream running, ConfigNode config) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("api_id", apiId);
        entry.put("stream", stream);
        if (instance != null) entry.put("instance", instance);
        InputPlacement placement = InputPlacement.of(config);
        entry.put("placement", placement.configName());
        boolean running0 = running != null && !running.done().isDone();
        entry.put("running", running0);
        entry.put("input_here", running0 && (placement == InputPlacement.EVERY_NODE || cluster == null || cluster.holdsLease(fullName)));
        long consumers = 0;
        if (running != null) {
            consumers = running.metrics().get(OutputEdge.M_CONNECTED) - running.metrics().get(OutputEdge.M_DISCONNECTED);
        }
        entry.put("consumers", Math.max(0, consumers));
        return entry;
    }

    /**
     * The AsyncAPI 3.0 document of a stream API ({@link AsyncApiGenerator}), for a caller that reached the gateway at
     * {@code host} (with TLS when {@code secure}). Payloads not declared anywhere are inferred from the recent
     * messages of the running streams.
     */
    public ObjectNode asyncApi(ApiDefinition api, String host, boolean secure)
            throws InvalidApiDefinitionException {
        StreamingSection section = StreamingSection.parse(api.streaming());
        List<StreamConfigs.Prepared> prepared = configs.prepare(api, section);
        Optional<ApiStreamsView> view = streamsOf(api.id());
        List<AsyncApiGenerator.Entrypoint> served = new ArrayList<>();
        for (NativeEntrypoint e : entrypoints) {
            if (e.serves(api)) served.add(new AsyncApiGenerator.Entrypoint(e.name(), e.protocol(), e.host(host), e.protocolVersion(), e.description(),
                    e.securityType()));
        }
        return AsyncApiGenerator.generate(api, section, prepared,
                name -> view.map(v -> v.tail(name).stream().map(MessageTails.Sample::text).toList()).orElse(List.of()),
                new AsyncApiGenerator.Address(host, secure), served);
    }

    /**
     * Where a stream of an API can be reached over HTTP, for entrypoints that bridge other protocols onto it.
     *
     * @param webSockets paths (below the listen path) of its outputs' WebSocket endpoints
     * @param posts      paths of its inputs' POST endpoints
     * @param gets       paths of its outputs' next-message (GET) endpoints
     */
    public record StreamAccess(String stream, List<String> webSockets, List<String> posts, List<String> gets) {
    }

    /** The streams of a stream API by name, with the endpoints entrypoints bridge onto. */
    public Map<String, StreamAccess> accessOf(ApiDefinition api) throws InvalidApiDefinitionException {
        Map<String, StreamAccess> out = new LinkedHashMap<>();
        if (!api.isStreamApi()) return out;
        for (StreamConfigs.Prepared p : configs.prepare(api, StreamingSection.parse(api.streaming()))) {
            List<String> ws = new ArrayList<>();
            List<String> posts = new ArrayList<>();
            List<String> gets = new ArrayList<>();
            for (StreamPaths.Endpoint e : p.endpoints()) {
                if (e.role() == StreamPaths.Role.CONSUMER && e.field().endsWith(".path")) gets.add(e.path());
                if (e.role() == StreamPaths.Role.CONSUMER && e.field().endsWith(".ws_path")) ws.add(e.path());
                if (e.role() == StreamPaths.Role.PUBLISHER_POST) posts.add(e.path());
            }
            out.put(p.source().name(), new StreamAccess(p.source().name(), List.copyOf(ws), List.copyOf(posts), List.copyOf(gets)));
        }
        return out;
    }

    /** A listener other than HTTP (MQTT, Kafka) through which clients reach stream APIs; listed in their AsyncAPI documents. */
    public interface NativeEntrypoint {
        /** The server's name in the document, e.g. {@code mqtt}. */
        String name();

        /** The AsyncAPI protocol, e.g. {@code mqtt}, {@code kafka}. */
        String protocol();

        default String protocolVersion() {
            return null;
        }

        /** host:port clients connect to, given the host the document's reader used for HTTP. */
        String host(String httpHost);

        String description();

        /** The AsyncAPI security scheme type its clients authenticate with: {@code userPassword}, {@code plain} (SASL/PLAIN), ... */
        default String securityType() {
            return "userPassword";
        }

        /** True when this entrypoint maps topics onto the API's streams. */
        boolean serves(ApiDefinition api);
    }

    private final List<NativeEntrypoint> entrypoints = new CopyOnWriteArrayList<>();

    /** Registers a native entrypoint so the AsyncAPI documents of the APIs it serves list it. */
    public void addEntrypoint(NativeEntrypoint entrypoint) {
        entrypoints.add(entrypoint);
    }

    public void removeEntrypoint(NativeEntrypoint entrypoint) {
        entrypoints.remove(entrypoint);
    }

    /** Ids of the APIs that have streams, sorted. */
    public List<String> apiIds() {
        return apis.keySet().stream().sorted().toList();
    }

    /** The streams of an API (for tests and diagnostics). */
    public Optional<ApiStreamsView> streamsOf(String apiId) {
        ApiStreams api = apis.get(apiId);
        return api == null ? Optional.empty() : Optional.of(new ApiStreamsView(api, tails));
    }

    /** Stops every stream, draining in-flight messages, waiting at most {@code timeout}. */
    public void shutdown(Duration timeout) {
        services.vertx().cancelTimer(sweeper);
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (ApiStreams api : apis.values()) {
            api.stopAll();
            stops.add(api.stopped());
        }
        apis.clear();
        try {
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("Streams did not all stop within {}: {}", timeout, e.toString());
        }
        executor.shutdown();
    }

    // ---- for the package

    Vertx vertx() {
        return services.vertx();
    }

    SessionGuard sessionGuard() {
        return sessionGuard;
    }

    private volatile ExpressionLanguage filterLanguage;

    /**
     * The language consumers' {@code ?filter=} predicates compile in: whatever the gateway allows API authors, a
     * consumer never reads the host (environment, host name, files, imports) nor builds arrays out of nothing
     * ({@code range}).
     */
    ExpressionLanguage filterLanguage() {
        ExpressionLanguage current = filterLanguage;
        if (current == null) {
            Map<String, String> refused = new LinkedHashMap<>();
            for (String f : List.of("env", "hostname", "file", "file_rel")) {
                refused.put(f, "function " + f + "() reaches the gateway host; not allowed in a subscriber filter");
            }
            refused.put("range", "function range() is not allowed in a subscriber filter");
            current = ExpressionLanguage.get().refusing(refused, "imports are not allowed in a subscriber filter");
            filterLanguage = current;
        }
        return current;
    }

    /** Analytics of delivered batches (observability); null when analytics are off. */
    private volatile DeliveryRecorder deliveries;

    /** Streams built from now on report each delivered batch here. */
    public void recordDeliveriesWith(DeliveryRecorder recorder) {
        this.deliveries = recorder;
    }

    DeliveryRecorder deliveries() {
        return deliveries;
    }

    /** Sampled recent messages of every stream's {@code http_server} outputs. */
    MessageTails tails() {
        return tails;
    }

    SessionLookup sessions() {
        return services.sessions();
    }

    StreamConfigs configs() {
        return configs;
    }

    ExecutorService executor() {
        return executor;
    }

    /** One running instance of a template stream: its id, its open client connections, its engine stream. */
    public record InstanceView(String id, int connections, Stream stream) {
    }

    /** A read-only view of one API's streams. */
    public static final class ApiStreamsView {
        private final ApiStreams api;
        private final MessageTails tails;

        ApiStreamsView(ApiStreams api, MessageTails tails) {
            this.api = api;
            this.tails = tails;
        }

        /** Names of the configured streams. */
        public List<String> streams() {
            return List.copyOf(api.entries().keySet());
        }

        /** The running engine stream of a non-template stream (identity changes when it is restarted); null otherwise. */
        public Stream running(String stream) {
            return api.entries().get(stream) instanceof ApiStreams.Fixed fixed ? fixed.stream() : null;
        }

        /** A sampled tail of what the stream's {@code http_server} outputs published, oldest first. */
        public List<MessageTails.Sample> tail(String stream) {
            Stream running = running(stream);
            return running == null ? List.of() : tails.recent(running.name());
        }

        /** Running instances of a template stream. */
        public int instances(String stream) {
            return api.entries().get(stream) instanceof ApiStreams.Template t ? t.instances.size() : 0;
        }

        /** True for a template stream ({@code $tyk_context}/{@code $tyk_meta}): it runs per filled-in config. */
        public boolean template(String stream) {
            return api.entries().get(stream) instanceof ApiStreams.Template;
        }

        /** The instances of a template stream whose engine stream was built, by id (a prefix of their config's hash). */
        public List<InstanceView> runningInstances(String stream) {
            if (!(api.entries().get(stream) instanceof ApiStreams.Template t)) {
                return List.of();
            }
            List<InstanceView> out = new ArrayList<>();
            for (ApiStreams.Instance i : t.instances.values()) {
                Stream s = i.stream();
                if (s != null) {
                    out.add(new InstanceView(i.key.substring(0, 12), i.connections(), s));
                }
            }
            out.sort(Comparator.comparing(InstanceView::id));
            return out;
        }

        public String limits() {
            return api.limits().configName();
        }
    }
}
