package io.sluice.gateway.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.sluice.core.component.Input;
import io.sluice.core.component.InputGate;
import io.sluice.core.config.ConfigNode;
import io.sluice.gateway.config.GatewayConfig;
import io.sluice.gateway.runtime.GatewayJson;
import io.sluice.gateway.storage.RedisStorage;
import io.sluice.gateway.streaming.hub.RedisStreamHubs;
import io.sluice.gateway.streaming.hub.StreamHubFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * This gateway's membership of a cluster of nodes sharing one Redis: the stream hubs on Redis Streams, the leases of
 * singleton streams, and the node's entry in the cluster's list ({@code GET /tyk/cluster}).
 *
 * <p>One loop per node, on a virtual thread, ticks a few times per lease period: it renews the leases this node holds,
 * tries to take those its streams want, and once a second writes the node's report (address, version, APIs, streams,
 * leases, consumers) under a key that expires when the node stops writing it. The loop is also the node's view of
 * Redis' health: when nothing answered for {@code streaming.redis_lost_after}, the node closes its consumers as
 * unavailable (they resume with their last id on another node) and tells its {@link Availability} listener, which stops
 * the streams so their brokers hand the work to the other nodes; once Redis answers again it starts them again.
 */
public final class ClusterNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
    private static final long REPORT_EVERY_NANOS = Duration.ofSeconds(1).toNanos();
    private static final Duration REPORT_LIFETIME = Duration.ofSeconds(5);
    public static final String UNAVAILABLE_REASON = "this gateway node lost its connection to Redis; reconnect (to another node) to resume";

    /**
     * Acquire a free lease: a new fencing token, and the lease's value {@code <node>/<token>}. The token counter outlives
     * any lease by far (a week unused), so tokens only grow while they matter.
     */
    private static final String ACQUIRE = """
            if redis.call('EXISTS', KEYS[1]) == 1 then return false end
            local value = ARGV[1] .. '/' .. redis.call('INCR', KEYS[2])
            redis.call('PEXPIRE', KEYS[2], 604800000)
            redis.call('SET', KEYS[1], value, 'PX', ARGV[2])
            return value
            """;
    private static final String RENEW = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
            return 0
            """;
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """;

    /** Told when this node loses Redis for longer than allowed, and when it has it back. Called on the node's loop. */
    public interface Availability {
        void lost(String reason);

        void regained();
    }

    private final String nodeId;
    private final String address;
    private final String version;
    private final Instant startedAt = Instant.now();
    private final String prefix;
    private final Duration leaseTtl;
    private final Duration lostAfter;
    private final long tickMillis;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> control;
    private final RedisStreamHubs hubs;
    private final Map<String, SingletonLease> leases = new ConcurrentHashMap<>();
    private volatile Availability availability = new Availability() {
        @Override public void lost(String reason) { }
        @Override public void regained() { }
    };
    private volatile Supplier<Map<String, Object>> report = Map::of;
    private volatile boolean running = true;
    private volatile boolean lost;
    private volatile long lastContactNanos = System.nanoTime();
    private final Thread loop;

    private ClusterNode(GatewayConfig config, String nodeId) {
        this.nodeId = nodeId;
        this.address = advertisedAddress(config);
        this.version = version();
        this.prefix = config.storage().keyPrefix() == null ? "" : config.storage().keyPrefix();
        this.leaseTtl = config.streaming().leaseTtlDuration();
        this.lostAfter = config.streaming().redisLostAfterDuration();
        this.tickMillis = Math.max(50, Math.min(250, leaseTtl.toMillis() / 4));
        this.resources = RedisStorage.quickReconnects();
        this.client = RedisClient.create(resources, RedisStorage.uri(config.storage()));
        // While disconnected, commands fail at once instead of queueing: an outage is noticed, and appends are retried
        // by the engine with backoff rather than piling up.
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .autoReconnect(true)
                .build());
        try {
            this.control = client.connect();
            control.setTimeout(Duration.ofMillis(Math.max(200, Math.min(1000, lostAfter.toMillis() / 2))));
            this.hubs = new RedisStreamHubs(client, prefix, Duration.ofMillis(config.storage().timeoutMillis()));
        } catch (RuntimeException e) {
            client.shutdown();
            resources.shutdown();
            throw new IllegalStateException("Cannot connect the stream hub to Redis at " + config.storage().host() + ":"
                    + config.storage().port() + ": " + e.getMessage(), e);
        }
        this.loop = Thread.ofVirtual().name("sluice-cluster-node").unstarted(this::run);
    }

    /** Joins the cluster on the storage's Redis. */
    public static ClusterNode start(GatewayConfig config, String nodeId) {
        ClusterNode node = new ClusterNode(config, nodeId);
        node.loop.start();
        LOG.info("Cluster node {} ({}) joined: stream hub on Redis Streams, singleton leases of {} ms", nodeId, node.address, node.leaseTtl.toMillis());
        return node;
    }

    public String nodeId() {
        return nodeId;
    }

    public RedisStreamHubs hubs() {
        return hubs;
    }

    /** False while this node cannot reach Redis (its consumers are closed, its streams stopped). */
    public boolean available() {
        return !lost;
    }

    public void onAvailability(Availability listener) {
        this.availability = listener;
    }

    /** What this node reports about itself besides its identity and leases: its APIs and streams. */
    public void reportWith(Supplier<Map<String, Object>> supplier) {
        this.report = supplier;
    }

    /**
     * The engine services a stream needs on a cluster node: its outputs' hubs on Redis Streams, and for a singleton
     * stream a gate that runs the input only while this node holds the stream's lease.
     *
     * @param streamName the stream's name, unique in the cluster ({@code <api id>/<stream>[#<instance>]})
     * @param retention  messages kept per output in Redis
     */
    public Map<Class<?>, Object> servicesFor(String streamName, ConfigNode streamConfig, int retention) {
        if (InputPlacement.of(streamConfig) != InputPlacement.SINGLETON) {
            return Map.of(StreamHubFactory.class, hubs.factory(retention, null));
        }
        SingletonLease lease = new SingletonLease(streamName, prefix + "sluice-lease:" + streamName);
        InputGate gate = input -> gated(input, lease);
        return Map.of(StreamHubFactory.class, hubs.factory(retention, lease), InputGate.class, gate);
    }

    private Input gated(Input input, SingletonLease lease) {
        SingletonLease previous = leases.put(lease.streamName(), lease);
        if (previous != null && previous != lease) release(previous);
        return new LeaseGatedInput(input, lease, this);
    }

    /** The stream stopped: it no longer wants its lease; a held one is given back so another node takes over at once. */
    void release(SingletonLease lease) {
        leases.remove(lease.streamName(), lease);
        String held = lease.close();
        if (held == null || lost) return;
        try {
            control.sync().eval(RELEASE, ScriptOutputType.INTEGER, new String[]{lease.key()}, held);
        } catch (RedisException e) {
            LOG.debug("could not release the lease of {}: {}", lease.streamName(), e.getMessage());
        }
    }

    /** Whether this node holds the lease of a stream (false for streams that run on every node). */
    public boolean holdsLease(String streamName) {
        SingletonLease lease = leases.get(streamName);
        return lease != null && lease.held();
    }

    // ---- the loop ----

    private void run() {
        long lastReport = 0;
        while (running) {
            long now = System.nanoTime();
            boolean answered;
            String problem = null;
            try {
                RedisCommands<String, String> redis = control.sync();
                boolean talked = tickLeases(redis, now);
                if (now - lastReport >= REPORT_EVERY_NANOS) {
                    writeReport(redis);
                    lastReport = now;
                } else if (!talked) {
                    redis.ping();
                }
                answered = true;
            } catch (RedisException e) {
                answered = false;
                problem = e.getMessage();
            } catch (RuntimeException e) {
                answered = true; // a bug in a report must not take the node out of the cluster
                LOG.warn("cluster node loop: {}", e.toString(), e);
            }
            afterTick(answered, problem, now);
            try {
                Thread.sleep(tickMillis);
            } catch (InterruptedException e) {
                if (!running) break;
            }
        }
    }

    private void afterTick(boolean answered, String problem, long now) {
        if (answered) {
            lastContactNanos = now;
            if (lost) {
                lost = false;
                LOG.info("Redis answers again: this node serves stream consumers and runs its streams again");
                hubs.resumeAll();
                availability.regained();
            }
            return;
        }
        // A lease not renewed for most of its life may already belong to another node: stop using it.
        for (SingletonLease lease : leases.values()) {
            if (lease.held() && now - lease.renewedAtNanos() > leaseTtl.toNanos() * 3 / 4) {
                LOG.warn("lost the lease of stream {}: Redis did not answer ({})", lease.streamName(), problem);
                lease.lost();
            }
        }
        if (!lost && now - lastContactNanos > lostAfter.toNanos()) {
            lost = true;
            LOG.error("Redis has not answered for {} ms ({}): closing this node's stream consumers and stopping its streams until it does",
                    lostAfter.toMillis(), problem);
            hubs.suspendAll(UNAVAILABLE_REASON);
            availability.lost(UNAVAILABLE_REASON);
        }
    }

    /** Renews held leases and tries to take wanted ones; returns whether it talked to Redis. */
    private boolean tickLeases(RedisCommands<String, String> redis, long now) {
        boolean talked = false;
        String ttl = Long.toString(leaseTtl.toMillis());
        for (SingletonLease lease : leases.values()) {
            String held = lease.token();
            if (held != null) {
                talked = true;
                Long renewed = redis.eval(RENEW, ScriptOutputType.INTEGER, new String[]{lease.key()}, held, ttl);
                if (renewed != null && renewed == 1L) {
                    lease.renewed(now);
                } else {
                    LOG.warn("the lease of stream {} moved to another node", lease.streamName());
                    lease.lost();
                }
            } else if (lease.wanted() && !lost) {
                talked = true;
                String value = redis.eval(ACQUIRE, ScriptOutputType.VALUE, new String[]{lease.key(), lease.key() + ":token"}, nodeId, ttl);
                if (value != null) {
                    lease.acquired(value, now);
                    LOG.info("this node now runs singleton stream {} (lease {})", lease.streamName(), value);
                }
            }
        }
        return talked;
    }

    private void writeReport(RedisCommands<String, String> redis) {
        Map<String, Object> me = identity();
        me.put("last_heartbeat", Instant.now().toString());
        me.putAll(report.get());
        me.put("leases", heldLeases());
        String json;
        try {
            json = GatewayJson.MAPPER.writeValueAsString(me);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        redis.psetex(nodeKey(nodeId), REPORT_LIFETIME.toMillis(), json);
        redis.zadd(nodesKey(), (double) System.currentTimeMillis(), nodeId);
    }

    private Map<String, Object> identity() {
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("id", nodeId);
        me.put("address", address);
        me.put("version", version);
        me.put("started_at", startedAt.toString());
        return me;
    }

    private List<Map<String, Object>> heldLeases() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (SingletonLease lease : leases.values()) {
            String value = lease.token();
            if (value == null) continue;
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("stream", lease.streamName());
            l.put("fencing_token", Long.parseLong(value.substring(value.lastIndexOf('/') + 1)));
            out.add(l);
        }
        out.sort(Comparator.comparing(l -> (String) l.get("stream")));
        return out;
    }

    /**
     * Every node that reported within the last few seconds, as it last reported itself, this one marked {@code self}.
     * Blocking (reads Redis): call it on a virtual thread.
     */
    public Map<String, Object> describe() {
        RedisCommands<String, String> redis = control.sync();
        List<String> ids = redis.zrange(nodesKey(), 0, -1);
        List<Map<String, Object>> nodes = new ArrayList<>();
        if (!ids.isEmpty()) {
            List<KeyValue<String, String>> values = redis.mget(ids.stream().map(this::nodeKey).toArray(String[]::new));
            for (int i = 0; i < ids.size(); i++) {
                KeyValue<String, String> kv = values.get(i);
                if (!kv.hasValue()) {
                    redis.zrem(nodesKey(), ids.get(i)); // stopped reporting: gone
                    continue;
                }
                try {
                    Map<String, Object> node = GatewayJson.MAPPER.readValue(kv.getValue(), new TypeReference<LinkedHashMap<String, Object>>() { });
                    node.put("self", nodeId.equals(ids.get(i)));
                    nodes.add(node);
                } catch (JsonProcessingException e) {
                    LOG.warn("unreadable report of node {}: {}", ids.get(i), e.getOriginalMessage());
                }
            }
        }
        nodes.sort(Comparator.comparing(n -> String.valueOf(n.get("id"))));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hub", "redis");
        out.put("node_id", nodeId);
        out.put("nodes", nodes);
        return out;
    }

    /** This node alone, as {@link #describe} would show it, for a gateway without a cluster hub. */
    public static Map<String, Object> describeAlone(GatewayConfig config, String nodeId, Map<String, Object> report) {
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("id", nodeId);
        me.put("address", advertisedAddress(config));
        me.put("version", version());
        me.put("last_heartbeat", Instant.now().toString());
        me.putAll(report);
        me.put("leases", List.of());
        me.put("self", true);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hub", "memory");
        out.put("node_id", nodeId);
        out.put("nodes", List.of(me));
        return out;
    }

    private String nodeKey(String id) {
        return prefix + "sluice-node:" + id;
    }

    private String nodesKey() {
        return prefix + "sluice-nodes";
    }

    @Override
    public void close() {
        running = false;
        loop.interrupt();
        try {
            loop.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SingletonLease lease : List.copyOf(leases.values())) release(lease);
        try {
            RedisCommands<String, String> redis = control.sync();
            redis.del(nodeKey(nodeId));
            redis.zrem(nodesKey(), nodeId);
        } catch (RedisException e) {
            LOG.debug("could not remove this node from the cluster list: {}", e.getMessage());
        }
        hubs.close();
        control.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown();
    }

    // ---- identity ----

    private static String advertisedAddress(GatewayConfig config) {
        String host = config.listenAddress();
        if (host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::")) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "127.0.0.1";
            }
        }
        return "http://" + host + ":" + config.listenPort();
    }

    private static String version() {
        String v = ClusterNode.class.getPackage().getImplementationVersion();
        if (v != null) return v;
        try (InputStream in = ClusterNode.class.getResourceAsStream("/META-INF/maven/io.sluice/sluice-gateway/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (IOException ignored) {
            // fall through
        }
        return "unknown";
    }
}
