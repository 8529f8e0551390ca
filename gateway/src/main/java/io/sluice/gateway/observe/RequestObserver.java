package io.sluice.gateway.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.core.observe.Tracing;
import io.sluice.gateway.config.GatewayConfig;
import io.sluice.gateway.exchange.Exchange;
import io.sluice.gateway.session.Identity;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches every request routed to an API until its response is written, then counts it in the API's meters and hands
 * it to the analytics writer. Runs on the request's event loop and never waits: the analytics writer only queues.
 */
public final class RequestObserver {

    private final MeterRegistry registry;
    private final GatewayConfig config;
    private final ConcurrentHashMap<String, ApiMeters> apis = new ConcurrentHashMap<>();
    private final Analytics analytics;

    public RequestObserver(MeterRegistry registry, GatewayConfig config, Analytics analytics) {
        this.registry = registry;
        this.config = config;
        this.analytics = analytics;
    }

    /** Starts watching: the response's end records it. */
    public void watch(Exchange exchange) {
        long start = System.nanoTime();
        if (Tracing.enabled()) exchange.span(RequestSpans.server(exchange));
        exchange.request().response().bodyEndHandler(v -> finished(exchange, start));
    }

    private void finished(Exchange exchange, long start) {
        long nanos = System.nanoTime() - start;
        if (exchange.span() != null) RequestSpans.end(exchange.span(), exchange.request().response().getStatusCode());
        HttpServerRequest request = exchange.request();
        HttpServerResponse response = request.response();
        ApiMeters meters = apis.computeIfAbsent(exchange.api().id(),
                id -> new ApiMeters(registry, id, Math.max(1, config.metrics().keyLabelLimit())));
        meters.refresh(exchange.api(), config.analyticsConfig().enableDetailedRecording(), config.analyticsConfig().sampleRate());
        Identity who = exchange.identity();
        String key = who == null ? null : keyLabel(who);
        long in = request.bytesRead();
        long out = response.bytesWritten();
        meters.record(response.getStatusCode(), nanos, exchange.upstreamNanos(), in, out, key);
        if (analytics != null) analytics.request(exchange, meters.sampleRate(), nanos, in, out, who == null ? null : keyHash(who));
    }

    /** The alias when the key has one, else its hash. */
    String keyLabel(Identity who) {
        String alias = who.session().alias();
        if (alias != null && !alias.isBlank()) return alias.length() > 64 ? alias.substring(0, 64) : alias;
        return keyHash(who);
    }

    /** The key's stored hash; a key stored unhashed ({@code hash_keys: false}) is hashed here, so no record holds a key. */
    String keyHash(Identity who) {
        return config.hashKeys() ? who.keyHash() : sha256(who.keyHash());
    }

    /** Hashes of unhashed keys already computed: a digest per request (or per delivered batch) is a microsecond. */
    private static final ConcurrentHashMap<String, String> HASHED = new ConcurrentHashMap<>();
    private static final int HASHED_LIMIT = 10_000;

    static String sha256(String s) {
        String known = HASHED.get(s);
        if (known != null) return known;
        if (HASHED.size() >= HASHED_LIMIT) HASHED.clear(); // bounded: more keys than this only cost a digest again
        String hash = digest(s);
        HASHED.put(s, hash);
        return hash;
    }

    private static String digest(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
