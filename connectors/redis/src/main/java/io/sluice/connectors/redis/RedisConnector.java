package io.sluice.connectors.redis;

import io.sluice.core.connect.ConnectorFields;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.config.ConfigException;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;
import io.sluice.core.tls.Tls;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The settings every Redis component shares ({@code url}, {@code kind}, {@code master}, {@code tls})
 * and the code that opens Lettuce connections with them.
 *
 * <p>Lettuce's own auto-reconnect is switched off: a broken connection makes the component report
 * "not connected", the engine backs off and calls {@code connect()} again, which opens a new
 * connection. That keeps reconnect logging, backoff and at-least-once bookkeeping in one place.
 * All clients share one set of Lettuce event-loop threads, released when the last client closes.
 */
final class RedisConnector {
    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    static List<FieldSpec> fields() {
        return List.of(
                FieldSpec.string("url").description("Where Redis listens, as `redis://[user:password@]host:port[/db]`. "
                                + "The path selects the database, 0 by default. For `cluster` and `failover`, list several nodes separated by commas; "
                                + "for `failover` they are the sentinels.")
                        .example("redis://127.0.0.1:6379", "localhost:6379", "redis://:${REDIS_PASSWORD}@cache.internal:6379/2",
                                "redis://10.0.0.1:7000,redis://10.0.0.2:7000,redis://10.0.0.3:7000"),
                FieldSpec.string("kind").defaultValue("simple").options("simple", "cluster", "failover").advanced()
                        .description("`simple` talks to one server, `cluster` to a Redis Cluster, `failover` asks Sentinel for the current master."),
                FieldSpec.string("master").defaultValue("").advanced().example("primary")
                        .description("The master's name as Sentinel knows it; required when `kind` is `failover`."),
                ConnectorFields.tls().description("TLS to Redis. Hosted Redis services often need it; a TLS mismatch tends to show up as a plain timeout, not as a TLS error."));
    }

    // ---- shared Lettuce resources ----

    private static ClientResources resources;
    private static int users;

    private static synchronized ClientResources acquire() {
        if (resources == null) resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
        users++;
        return resources;
    }

    private static synchronized void release() {
        if (--users == 0 && resources != null) {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            resources = null;
        }
    }

    // ---- settings ----

    private final List<RedisURI> uris = new ArrayList<>();
    private final String kind;
    private final String display;
    private final SslOptions sslOptions;
    private final ComponentLog log;

    RedisConnector(Conf conf, ComponentContext ctx) throws ConfigException {
        this.log = ctx.log();
        this.kind = conf.string("kind");
        String master = conf.string("master");
        String url = conf.string("url");
        if (url == null || url.isBlank()) throw conf.invalid("url", "a Redis URL is required");
        Conf tls = conf.child("tls");
        boolean tlsOn = tls.isPresent() && tls.bool("enabled");
        List<String> shown = new ArrayList<>();
        for (String raw : url.split(",")) {
            String u = raw.trim();
            if (u.isEmpty()) continue;
            if (u.startsWith("tcp://")) u = "redis://" + u.substring(6);
            if (!u.contains("://")) u = "redis://" + (u.startsWith(":") ? "localhost" + u : u);
            RedisURI uri;
            try {
                uri = RedisURI.create(u);
            } catch (Exception e) {
                throw conf.invalid("url", "invalid Redis URL '" + redact(u) + "': " + e.getMessage());
            }
            if ("failover".equals(kind)) {
                if (master == null || master.isBlank()) throw conf.invalid("master", "kind failover needs the master name");
                RedisURI.Builder b = RedisURI.Builder.sentinel(uri.getHost(), uri.getPort(), master).withDatabase(uri.getDatabase());
                b.withAuthentication(uri);
                uri = b.build();
            }
            if (tlsOn) {
                uri.setSsl(true);
                if (tls.bool("skip_cert_verify")) uri.setVerifyPeer(SslVerifyMode.NONE);
            }
            uri.setTimeout(COMMAND_TIMEOUT);
            uri.setClientName(clientName(ctx));
            uris.add(uri);
            shown.add(redact(u));
        }
        if (uris.isEmpty()) throw conf.invalid("url", "a Redis URL is required");
        if ("failover".equals(kind) && uris.size() > 1) {
            RedisURI.Builder b = RedisURI.Builder.sentinel(uris.get(0).getSentinels().get(0).getHost(), uris.get(0).getSentinels().get(0).getPort(), master);
            for (int i = 1; i < uris.size(); i++) b.withSentinel(uris.get(i).getSentinels().get(0).getHost(), uris.get(i).getSentinels().get(0).getPort());
            RedisURI first = uris.get(0);
            b.withDatabase(first.getDatabase());
            b.withAuthentication(first);
            RedisURI merged = b.build();
            merged.setClientName(clientName(ctx));
            merged.setSsl(first.isSsl());
            merged.setVerifyPeer(first.getVerifyMode());
            uris.clear();
            uris.add(merged);
        }
        this.display = String.join(",", shown);
        this.sslOptions = tlsOn ? sslOptions(tls) : null;
    }

    /** CLIENT SETNAME value, so operators (and tests) can tell which stream component holds a connection. */
    static String clientName(ComponentContext ctx) {
        String n = "sluice:" + ctx.streamName() + ":" + (ctx.label() == null || ctx.label().isEmpty() ? ctx.path() : ctx.label());
        return n.replaceAll("[^A-Za-z0-9_.:\\-]", "_");
    }

    private static String redact(String url) {
        return url.replaceAll("//([^@/]*):([^@/]*)@", "//$1:***@");
    }

    /** Key and trust material from the shared TLS builder; Lettuce applies skip_cert_verify through the URI's verify mode. */
    private static SslOptions sslOptions(Conf tls) throws ConfigException {
        Tls settings = Tls.of(tls);
        try {
            SslOptions.Builder b = SslOptions.builder().jdkSslProvider();
            if (settings.keyManagers() != null) b.keyManager(settings.keyManagers());
            b.trustManager(settings.trustManagers());
            return b.build();
        } catch (Exception e) {
            throw tls.invalid("invalid TLS settings: " + e.getMessage());
        }
    }

    String describe() {
        return display;
    }

    boolean isCluster() {
        return "cluster".equals(kind);
    }

    // ---- connections ----

    /** A data connection (commands); closing it releases its client. */
    Conn open() throws IOException {
        log.info("connecting to redis at {}", display);
        ClientResources res = acquire();
        AbstractRedisClient client = null;
        try {
            StatefulConnection<String, byte[]> c;
            if (isCluster()) {
                RedisClusterClient cc = RedisClusterClient.create(res, uris);
                client = cc;
                cc.setOptions(ClusterClientOptions.builder().autoReconnect(false).disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                        .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(5)).build())
                        .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                        .sslOptions(sslOptions == null ? SslOptions.create() : sslOptions).build());
                c = cc.connect(CODEC);
            } else {
                RedisClient rc = RedisClient.create(res);
                client = rc;
                rc.setOptions(clientOptions());
                c = rc.connect(CODEC, uris.get(0));
            }
            Conn conn = new Conn(client, c);
            conn.sync().ping();
            log.info("connected to redis at {}", display);
            return conn;
        } catch (Exception e) {
            if (client != null) client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            release();
            throw failure(e);
        }
    }

    /** A publish/subscribe connection. */
    PubSubConn openPubSub() throws IOException {
        log.info("connecting to redis (pub/sub) at {}", display);
        ClientResources res = acquire();
        AbstractRedisClient client = null;
        try {
            StatefulRedisPubSubConnection<String, byte[]> c;
            if (isCluster()) {
                RedisClusterClient cc = RedisClusterClient.create(res, uris);
                client = cc;
                cc.setOptions(ClusterClientOptions.builder().autoReconnect(false)
                        .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(5)).build()).build());
                c = cc.connectPubSub(CODEC);
            } else {
                RedisClient rc = RedisClient.create(res);
                client = rc;
                rc.setOptions(clientOptions());
                c = rc.connectPubSub(CODEC, uris.get(0));
            }
            c.sync().ping();
            log.info("connected to redis (pub/sub) at {}", display);
            return new PubSubConn(client, c);
        } catch (Exception e) {
            if (client != null) client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            release();
            throw failure(e);
        }
    }

    private ClientOptions clientOptions() {
        ClientOptions.Builder b = ClientOptions.builder()
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(5)).build())
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT));
        if (sslOptions != null) b.sslOptions(sslOptions);
        return b.build();
    }

    private IOException failure(Exception e) {
        String msg = chain(e);
        String lower = msg.toLowerCase();
        String field = lower.contains("wrongpass") || lower.contains("noauth") || lower.contains("auth") ? "url (credentials)" : "url";
        return new IOException("redis: cannot connect to " + display + " (check field '" + field + "'): " + msg, e);
    }

    static String chain(Throwable e) {
        StringBuilder sb = new StringBuilder();
        Set<String> seen = new HashSet<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (seen.add(m)) {
                if (!sb.isEmpty()) sb.append(": ");
                sb.append(m);
            }
            if (t.getCause() == t) break;
        }
        return sb.toString();
    }

    /** True when {@code e} means the connection is gone rather than that the command was refused. */
    static boolean isConnectionProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RedisConnectionException || t instanceof RedisCommandTimeoutException
                    || t instanceof RedisCommandInterruptedException || t instanceof IOException
                    || t instanceof ClosedChannelException) return true;
            String m = t.getMessage();
            if (m != null && (m.contains("Connection closed") || m.contains("Connection reset") || m.contains("not connected") || m.contains("Connection disconnected")
                    || m.contains("Connection is closed") || m.contains("Currently not connected"))) return true;
            // The server is there but cannot serve for now (a cluster electing a new master, a replica loading its
            // data): worth a reconnect, which also refreshes the cluster topology, rather than failing the message.
            if (t instanceof RedisCommandExecutionException && m != null && (m.startsWith("CLUSTERDOWN")
                    || m.startsWith("TRYAGAIN") || m.startsWith("LOADING") || m.startsWith("MASTERDOWN"))) return true;
        }
        return false;
    }

    /** An open data connection and the client that owns it. */
    static final class Conn implements AutoCloseable {
        private final AbstractRedisClient client;
        private final StatefulConnection<String, byte[]> connection;
        private boolean closed;

        Conn(AbstractRedisClient client, StatefulConnection<String, byte[]> connection) {
            this.client = client;
            this.connection = connection;
        }

        @SuppressWarnings("unchecked")
        RedisClusterCommands<String, byte[]> sync() {
            if (connection instanceof StatefulRedisClusterConnection<?, ?> c) return ((StatefulRedisClusterConnection<String, byte[]>) c).sync();
            return ((StatefulRedisConnection<String, byte[]>) connection).sync();
        }

        @SuppressWarnings("unchecked")
        RedisClusterAsyncCommands<String, byte[]> async() {
            if (connection instanceof StatefulRedisClusterConnection<?, ?> c) return ((StatefulRedisClusterConnection<String, byte[]>) c).async();
            return ((StatefulRedisConnection<String, byte[]>) connection).async();
        }

        boolean isOpen() {
            return !closed && connection.isOpen();
        }

        @Override
        public synchronized void close() {
            if (closed) return;
            closed = true;
            try {
                connection.close();
            } catch (Exception ignored) {
                // already broken
            }
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            release();
        }
    }

    /** An open publish/subscribe connection and the client that owns it. */
    static final class PubSubConn implements AutoCloseable {
        final AbstractRedisClient client;
        final StatefulRedisPubSubConnection<String, byte[]> connection;
        private boolean closed;

        PubSubConn(AbstractRedisClient client, StatefulRedisPubSubConnection<String, byte[]> connection) {
            this.client = client;
            this.connection = connection;
        }

        boolean isOpen() {
            return !closed && connection.isOpen();
        }

        @Override
        public synchronized void close() {
            if (closed) return;
            closed = true;
            try {
                connection.close();
            } catch (Exception ignored) {
                // already broken
            }
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            release();
        }
    }
}
