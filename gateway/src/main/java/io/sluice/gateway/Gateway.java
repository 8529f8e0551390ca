package io.sluice.gateway;

import io.sluice.gateway.apidef.ApiDefinition;
import io.sluice.gateway.apidef.ApiRepository;
import io.sluice.gateway.apidef.InvalidApiDefinitionException;
import io.sluice.gateway.auth.JwtVerifier;
import io.sluice.gateway.cluster.ClusterNode;
import io.sluice.gateway.config.GatewayConfig;
import io.sluice.gateway.config.GatewayConfigException;
import io.sluice.gateway.config.StorageConfig;
import io.sluice.gateway.limits.LimitKeeper;
import io.sluice.gateway.management.GatewayControl;
import io.sluice.gateway.observe.AnalyticsWriter;
import io.sluice.gateway.observe.DeliveryAnalytics;
import io.sluice.gateway.observe.GatewayObservability;
import io.sluice.gateway.policy.Policy;
import io.sluice.gateway.policy.PolicyFiles;
import io.sluice.gateway.policy.PolicyRegistry;
import io.sluice.gateway.router.LoadedApi;
import io.sluice.gateway.router.RouteHandlerProvider;
import io.sluice.gateway.router.RoutingTable;
import io.sluice.gateway.runtime.BlockingWork;
import io.sluice.gateway.services.GatewayServices;
import io.sluice.gateway.services.SessionGuard;
import io.sluice.gateway.services.SessionLookup;
import io.sluice.gateway.session.KeyHasher;
import io.sluice.gateway.storage.ClusterMessage;
import io.sluice.gateway.storage.GatewayStorage;
import io.sluice.gateway.storage.MemoryStorage;
import io.sluice.gateway.storage.RedisStorage;
import io.sluice.gateway.streamapi.StreamApis;
import io.sluice.gateway.tls.ServerTls;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running gateway: {@link #start} it with a {@link GatewayConfig}, {@link #stop} it when done.
 * <p>
 * Holds the event loops, the storage, the policies and the routing table. A reload builds a new routing table and
 * swaps it in atomically: requests already running finish on the API they started with, an unchanged definition
 * keeps its loaded chain, and client and upstream connections are untouched.
 */
public final class Gateway implements GatewayControl, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final GatewayConfig config;
    private final boolean secretGenerated;
    private final Vertx vertx;
    private final GatewayStorage storage;
    private final BlockingWork blocking;
    private final GatewayServices services;
    private final ApiRepository repository;
    private final List<RouteHandlerProvider> providers;
    private final JwtVerifier jwtVerifier;
    private final SessionGuard sessionGuard;
    private final StreamApis streamApis;
    private final ClusterNode cluster;
    private final AtomicReference<RoutingTable> routes = new AtomicReference<>(RoutingTable.empty());
    private final String loopToken;
    private final ServerTls serverTls;
    private volatile List<ApiRepository.Problem> lastProblems = List.of();
    private GatewayObservability observability;

    private Gateway(GatewayConfig config, boolean secretGenerated, List<RouteHandlerProvider> providers) {
        this.config = config;
        this.secretGenerated = secretGenerated;
        int loops = config.eventLoops() > 0 ? config.eventLoops() : Runtime.getRuntime().availableProcessors();
        this.serverTls = ServerTls.of(config.httpServerOptions());
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
        this.blocking = new BlockingWork();
        try {
            this.storage = openStorage(config.storage());
        } catch (RuntimeException e) {
            vertx.close();
            blocking.close();
            throw e;
        }
        PolicyRegistry policies = new PolicyRegistry();
        KeyHasher hasher;
        try {
            hasher = new KeyHasher(config.hashKeys(), config.hashKeyFunction(), config.hashKeyFunctionFallback());
        } catch (IllegalArgumentException e) {
            vertx.close();
            blocking.close();
            storage.close();
            throw new GatewayConfigException(e.getMessage());
        }
        SessionLookup sessions = new SessionLookup(storage.keys(), policies);
        LimitKeeper limits = new LimitKeeper(storage.counters());
        this.services = new GatewayServices(config, vertx, storage, policies, sessions, hasher, limits, blocking);
        this.repository = new ApiRepository(config.appDirectory(), storage.sharedApis());
        this.jwtVerifier = new JwtVerifier(blocking);
        this.sessionGuard = new SessionGuard(vertx, storage.keys(), sessions, limits);
        this.cluster = joinCluster(config);
        this.streamApis = config.streaming() == null || config.streaming().enabled()
                ? new StreamApis(services, sessionGuard, config.streaming(), cluster) : null;
        if (cluster != null) {
            cluster.onAvailability(streamApis);
            cluster.reportWith(this::clusterReport);
        }
        List<RouteHandlerProvider> all = new ArrayList<>(providers);
        if (streamApis != null) {
            all.add(streamApis);
        }
        this.providers = List.copyOf(all);
        this.loopToken = randomHex(16);
    }

    public static Gateway start(GatewayConfig config) {
        return start(config, List.of());
    }

    /**
     * Starts serving; returns once the port is bound and the API definitions are loaded.
     *
     * @param providers extensions mounting handlers under listen paths (stream endpoints)
     */
    public static Gateway start(GatewayConfig config, List<RouteHandlerProvider> providers) {
        boolean generated = config.secret() == null || config.secret().isBlank();
        GatewayConfig resolved = generated ? config.withSecret(randomHex(16)) : config;
        if (resolved.listenPort() == 0) {
            resolved = resolved.withListenPort(freePort());
        }
        Gateway gateway = new Gateway(resolved, generated, providers);
        try {
            gateway.boot();
        } catch (RuntimeException e) {
            gateway.stop();
            throw e;
        }
        return gateway;
    }

    private void boot() {
        loadPolicies();
        int loops = config.eventLoops() > 0 ? config.eventLoops() : Runtime.getRuntime().availableProcessors();
        String secret = config.secret();
        observability = GatewayObservability.start(config, vertx, blocking, storage);
        if (streamApis != null && observability.analytics() != null) {
            streamApis.recordDeliveriesWith(DeliveryAnalytics.recorder(observability.analytics(),
                    config.analyticsConfig().sampleRate(), config.hashKeys()));
        }
        await(vertx.deployVerticle(() -> new EdgeVerticle(services, this, routes::get, secret, loopToken, config.listenPort(), serverTls,
                        observability.requests(), observability.endpointOnGatewayPort()),
                new DeploymentOptions().setInstances(loops)), "start the HTTP server on port " + config.listenPort());
        if (serverTls != null) {
            serverTls.watch(vertx, blocking);
        }
        createDemoApiIfNoAppDirectory();
        await(reload(false), "load the API definitions from " + config.appPath());
        storage.bus().subscribe(this::onClusterMessage);
    }

    private void loadPolicies() {
        Map<String, Policy> fromFiles = PolicyFiles.read(config.policies().policyPath(), config.policies().policyRecordName());
        for (Policy policy : fromFiles.values()) {
            await(storage.policies().save(policy), "store policy " + policy.id());
        }
        services.policies().replaceAll(await(storage.policies().loadAll(), "load policies"));
    }

    private void createDemoApiIfNoAppDirectory() {
        if (Files.exists(config.appDirectory())) {
            return;
        }
        try {
            Files.createDirectories(config.appDirectory());
            Files.writeString(config.appDirectory().resolve(DemoApi.FILE_NAME), DemoApi.document(config.listenPort()));
            if (streamApis != null) {
                Files.writeString(config.appDirectory().resolve(DemoStreamApi.FILE_NAME), DemoStreamApi.document());
                LOG.info("Created {} with a demo API at /demo/ and a demo stream API at {}", config.appDirectory(), DemoStreamApi.LISTEN_PATH);
            } else {
                LOG.info("Created {} with a demo API at /demo/", config.appDirectory());
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create app_path " + config.appDirectory() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Future<Void> reload(boolean group) {
        if (group) {
            storage.bus().publish(new ClusterMessage(ClusterMessage.Kind.RELOAD, "", storage.bus().nodeId()));
        }
        return blocking.submit(() -> checked(repository.loadAll())).map(loaded -> {
            swapIn(loaded.apis());
            lastProblems = loaded.problems();
            return null;
        });
    }

    /** Runs the providers' checks (stream configs) on the active definitions; a refused one is skipped and logged. */
    private ApiRepository.Loaded checked(ApiRepository.Loaded loaded) {
        List<ApiDefinition> accepted = new ArrayList<>();
        List<ApiRepository.Problem> problems = new ArrayList<>(loaded.problems());
        for (ApiDefinition definition : loaded.apis()) {
            if (!definition.active()) {
                accepted.add(definition);
                continue;
            }
            if (streamApis == null && definition.isStreamApi()) {
                LOG.warn("API {} has x-tyk-streaming but streaming.enabled is false: its streams do not run", definition.id());
            }
            try {
                check(definition);
                accepted.add(definition);
            } catch (InvalidApiDefinitionException e) {
                Path file = repository.fileOf(definition.id()).orElse(config.appDirectory().resolve(definition.id() + ".json"));
                LOG.error("Skipping API definition {}: {}", file, e.getMessage());
                problems.add(new ApiRepository.Problem(file, e.getMessage()));
            }
        }
        return new ApiRepository.Loaded(List.copyOf(accepted), List.copyOf(problems));
    }

    @Override
    public void check(ApiDefinition api) throws InvalidApiDefinitionException {
        for (RouteHandlerProvider provider : providers) {
            provider.check(api);
        }
    }

    /** Builds the new table from the active definitions, reusing loaded APIs whose document did not change. */
    private synchronized void swapIn(List<ApiDefinition> definitions) {
        RoutingTable current = routes.get();
        List<LoadedApi> next = new ArrayList<>();
        List<LoadedApi> kept = new ArrayList<>();
        for (ApiDefinition definition : definitions) {
            if (!definition.active()) {
                continue;
            }
            LoadedApi existing = current.byId(definition.id()).filter(api -> api.sameAs(definition)).orElse(null);
            if (existing != null) {
                kept.add(existing);
                next.add(existing);
            } else {
                next.add(LoadedApi.load(definition, services, providers, jwtVerifier));
            }
        }
        routes.set(RoutingTable.of(next));
        for (LoadedApi old : current.apis()) {
            if (!kept.contains(old)) {
                // Its handlers stop taking new work; requests already inside finish on the objects they hold.
                old.close();
            }
        }
        LOG.info("Serving {} API(s): {}", next.size(), next.stream().map(a -> a.definition().listenPath().value()).toList());
    }

    @Override
    public Future<Void> policiesChanged() {
        storage.bus().publish(new ClusterMessage(ClusterMessage.Kind.POLICIES_CHANGED, "", storage.bus().nodeId()));
        return refreshPolicies();
    }

    private Future<Void> refreshPolicies() {
        return storage.policies().loadAll().map(all -> {
            services.policies().replaceAll(all);
            sessionGuard.recheckAll();
            return null;
        });
    }

    private void onClusterMessage(ClusterMessage message) {
        switch (message.kind()) {
            case RELOAD -> reload(false).onFailure(e -> LOG.error("Reload requested by another node failed", e));
            case POLICIES_CHANGED -> refreshPolicies().onFailure(e -> LOG.error("Cannot refresh policies", e));
            default -> { }
        }
    }

    @Override
    public ApiRepository apis() {
        return repository;
    }

    public int port() {
        return config.listenPort();
    }

    public String secret() {
        return config.secret();
    }

    /** True when no secret was configured and {@link #secret()} was generated at start. */
    public boolean secretGenerated() {
        return secretGenerated;
    }

    public GatewayConfig config() {
        return config;
    }

    public GatewayServices services() {
        return services;
    }

    @Override
    public AnalyticsWriter analytics() {
        return observability == null ? null : observability.analytics();
    }

    /** Metrics endpoint, request meters and analytics of this gateway. */
    public GatewayObservability observability() {
        return observability;
    }

    /** Per-message checks and key revocation notices for stream APIs. */
    public SessionGuard sessionGuard() {
        return sessionGuard;
    }

    public RoutingTable routes() {
        return routes.get();
    }

    /** The streams of stream APIs ({@code x-tyk-streaming}); null when {@code streaming.enabled} is false. */
    @Override
    public StreamApis streamApis() {
        return streamApis;
    }

    /** Definitions skipped at the last (re)load, with the file and field at fault. */
    public List<ApiRepository.Problem> problems() {
        return lastProblems;
    }

    /** TLS on the gateway port; null when it serves plain HTTP. */
    public ServerTls serverTls() {
        return serverTls;
    }

    /** {@code https} when the gateway port speaks TLS, else {@code http}. */
    public String scheme() {
        return serverTls == null ? "http" : "https";
    }

    public void stop() {
        if (serverTls != null) {
            serverTls.close();
        }
        if (streamApis != null) {
            // Drain the streams while the event loops can still write to their consumers.
            streamApis.shutdown(Duration.ofSeconds(10));
        }
        if (cluster != null) {
            cluster.close();
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Event loops did not stop cleanly: {}", e.toString());
        }
        routes.get().apis().forEach(LoadedApi::close);
        if (observability != null) {
            observability.close();
        }
        storage.close();
        blocking.close();
    }

    @Override
    public void close() {
        stop();
    }

    /** With a Redis stream hub ({@code streaming.hub}), this node joins the cluster of nodes on the same Redis. */
    private ClusterNode joinCluster(GatewayConfig config) {
        if (config.streaming() == null || !config.streaming().enabled()
                || !"redis".equals(config.streaming().hubType(config.storage()))) {
            return null;
        }
        try {
            return ClusterNode.start(config, storage.bus().nodeId());
        } catch (RuntimeException e) {
            storage.close();
            vertx.close();
            blocking.close();
            throw e;
        }
    }

    /** What this node reports in {@code GET /tyk/cluster} besides its identity. */
    private Map<String, Object> clusterReport() {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("apis", routes.get().apis().stream().map(api -> api.definition().id()).sorted().toList());
        report.put("streams", streamApis == null ? List.of() : streamApis.streamReport());
        return report;
    }

    @Override
    public Future<Map<String, Object>> cluster() {
        if (cluster == null) {
            return Future.succeededFuture(ClusterNode.describeAlone(config, storage.bus().nodeId(), clusterReport()));
        }
        return blocking.submit(cluster::describe);
    }

    private static GatewayStorage openStorage(StorageConfig storage) {
        return switch (storage.type().toLowerCase()) {
            case "memory", "" -> new MemoryStorage();
            case "redis" -> new RedisStorage(storage, storage.keyPrefix() == null ? "" : storage.keyPrefix());
            default -> throw new IllegalArgumentException("storage.type: must be memory or redis, got '" + storage.type() + "'");
        };
    }

    private static <T> T await(Future<T> future, String what) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out trying to " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while trying to " + what, e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port: " + e.getMessage(), e);
        }
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
