package io.sluice.gateway.observe;

import io.micrometer.core.instrument.Counter;
import io.sluice.core.observe.ProcessMetrics;
import io.sluice.gateway.analytics.AnalyticsBucket;
import io.sluice.gateway.analytics.AnalyticsQuery;
import io.sluice.gateway.analytics.AnalyticsRecord;
import io.sluice.gateway.analytics.AnalyticsStore;
import io.sluice.gateway.analytics.GeoIpLookup;
import io.sluice.gateway.analytics.MemoryAnalyticsStore;
import io.sluice.gateway.analytics.PostgresAnalyticsStore;
import io.sluice.gateway.analytics.RedisAnalyticsStore;
import io.sluice.gateway.config.AnalyticsConfig;
import io.sluice.gateway.config.GatewayConfig;
import io.sluice.gateway.exchange.Exchange;
import io.sluice.gateway.storage.GatewayStorage;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Analytics records, queued on the request path (a bounded queue: when it is full the record is dropped and counted
 * in {@code sluice_analytics_dropped_total}, the request never waits) and written in batches by one virtual thread:
 * to PostgreSQL when {@code analytics_config.postgres} is set, else to Redis with the Redis storage, else in memory.
 * Records older than {@code retention_seconds} are removed once a minute. With {@code enable_geo_ip} the writer's thread
 * fills each record's geo just before it is written, so a lookup never runs on the request path.
 *
 * <p>The queue takes no lock and wakes nobody per record: the writer sleeps {@code flush_ms} between batches and is
 * woken early only when a batch's worth ({@value #BATCH}) is waiting. A blocking queue's lock and its signal to a
 * parked writer on every request cost the proxy more than all its meters ({@code bench/proxy/observability.sh}).
 */
public final class AnalyticsWriter implements Analytics, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsWriter.class);
    static final int QUEUE = 65_536;
    static final int BATCH = 2_000;

    private final AnalyticsStore store;
    private final AnalyticsConfig config;
    private final GeoIpLookup geo;
    private final ConcurrentLinkedQueue<AnalyticsRecord> queue = new ConcurrentLinkedQueue<>();
    // Records in the queue (or being taken out): bounds it at QUEUE without a lock.
    private final AtomicInteger queued = new AtomicInteger();
    private final Counter dropped = Counter.builder("sluice.analytics.dropped").register(ProcessMetrics.registry());
    private final Counter failed = Counter.builder("sluice.analytics.write.failed").register(ProcessMetrics.registry());
    private final Thread writer;
    private volatile boolean closing;
    private volatile long lastExpiry;

    AnalyticsWriter(AnalyticsStore store, AnalyticsConfig config, GeoIpLookup geo) {
        this.store = store;
        this.config = config;
        this.geo = geo;
        this.writer = Thread.ofVirtual().name("sluice-analytics-writer").start(this::run);
    }

    static AnalyticsWriter start(GatewayConfig config, GatewayStorage storage) {
        AnalyticsConfig a = config.analyticsConfig() == null ? AnalyticsConfig.defaults() : config.analyticsConfig();
        AnalyticsStore store;
        try {
            if (a.postgres() != null && a.postgres().configured()) store = new PostgresAnalyticsStore(a.postgres());
            else if ("redis".equals(storage.type())) store = new RedisAnalyticsStore(config.storage());
            else store = new MemoryAnalyticsStore(a.memoryLimit());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot open the analytics store: " + e.getMessage(), e);
        }
        GeoIpLookup geo = null;
        if (a.enableGeoIp()) {
            try {
                geo = GeoIpLookup.open(a.geoIpDbPath());
            } catch (IllegalStateException e) {
                store.close();
                throw e;
            }
            LOG.info("Analytics records get their geo from {}", a.geoIpDbPath());
        }
        LOG.info("Analytics records go to {}", store.getClass().getSimpleName().replace("AnalyticsStore", "").toLowerCase());
        return new AnalyticsWriter(store, a, geo);
    }

    @Override
    public void request(Exchange exchange, double sampleRate, long nanos, long bytesIn, long bytesOut, String keyHash) {
        if (!sampled(sampleRate)) return;
        var api = exchange.api();
        var identity = exchange.identity();
        String alias = identity == null ? null : emptyToNull(identity.session().alias());
        String hash = keyHash;
        var request = exchange.request();
        long upstream = exchange.upstreamNanos();
        offer(new AnalyticsRecord(System.currentTimeMillis(), api.id(), api.name(), api.orgId(), hash, alias,
                request.method().name(), request.path(), request.response().getStatusCode(), nanos / 1e6,
                upstream < 0 ? -1 : upstream / 1e6, bytesIn, bytesOut, null, "rest", 0, clientIp(request), null));
    }

    /** A batch delivered to one consumer connection of a stream. */
    public void delivery(String apiId, String stream, String kind, String keyHash, String alias, int messages, long bytes,
                         double sampleRate) {
        if (!sampled(sampleRate)) return;
        offer(new AnalyticsRecord(System.currentTimeMillis(), apiId, apiId, null, keyHash, emptyToNull(alias), null, null, 200,
                0, -1, 0, bytes, stream, kind, messages, null, null));
    }

    private static String clientIp(HttpServerRequest request) {
        return GeoIpLookup.clientIp(request.getHeader("X-Real-IP"), request.getHeader("X-Forwarded-For"),
                request.remoteAddress() == null ? null : request.remoteAddress().hostAddress());
    }

    private static boolean sampled(double rate) {
        return rate >= 1 || (rate > 0 && ThreadLocalRandom.current().nextDouble() < rate);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private void offer(AnalyticsRecord record) {
        int n = queued.incrementAndGet();
        if (n > QUEUE) {
            queued.decrementAndGet();
            dropped.increment();
            return;
        }
        queue.offer(record);
        if (n == BATCH) LockSupport.unpark(writer); // a batch is ready: no need to wait for the flush interval
    }

    /** Moves up to {@code max} queued records into {@code batch}; the number moved. */
    private int drainTo(List<AnalyticsRecord> batch, int max) {
        int n = 0;
        AnalyticsRecord r;
        while (n < max && (r = queue.poll()) != null) {
            batch.add(r);
            n++;
        }
        if (n > 0) queued.addAndGet(-n);
        return n;
    }

    /** Writes what is queued now; for tests and shutdown. */
    public void flush() {
        List<AnalyticsRecord> batch = new ArrayList<>();
        while (drainTo(batch, BATCH) > 0) {
            write(batch);
            batch.clear();
        }
    }

    private synchronized void write(List<AnalyticsRecord> batch) {
        try {
            if (geo != null) batch.replaceAll(r -> r.ipAddress() == null ? r : r.withGeo(geo.locate(r.ipAddress())));
            store.write(batch);
        } catch (Exception e) {
            failed.increment(batch.size());
            LOG.warn("Cannot write {} analytics records: {}", batch.size(), e.toString());
        }
    }

    private void run() {
        List<AnalyticsRecord> batch = new ArrayList<>(BATCH);
        long flushNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(10, config.flushMs()));
        while (!closing) {
            // Woken early by offer() when a batch is waiting; a spurious wake-up only writes sooner.
            if (queued.get() < BATCH) LockSupport.parkNanos(this, flushNanos);
            if (Thread.interrupted()) break;
            while (!closing && drainTo(batch, BATCH) > 0) {
                write(batch);
                batch.clear();
            }
            expireNow(false);
        }
    }

    private void expireNow(boolean force) {
        long now = System.currentTimeMillis();
        if (!force && now - lastExpiry < 60_000) return;
        lastExpiry = now;
        try {
            store.expire(now - config.retentionSeconds() * 1000);
        } catch (Exception e) {
            LOG.warn("Cannot remove old analytics records: {}", e.toString());
        }
    }

    /** Buckets for {@code GET /tyk/analytics}; queued records are written first, so a query sees everything recorded before it. Blocking. */
    public List<AnalyticsBucket> query(AnalyticsQuery query) throws Exception {
        flush();
        return store.query(query);
    }

    @Override
    public void close() {
        closing = true;
        writer.interrupt();
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
        store.close();
        if (geo != null) geo.close();
    }
}
