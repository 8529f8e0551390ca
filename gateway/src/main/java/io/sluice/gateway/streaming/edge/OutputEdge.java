package io.sluice.gateway.streaming.edge;

import io.sluice.core.component.StreamMetrics;
import io.sluice.core.message.Structured;
import io.sluice.core.observe.Tracing;
import io.sluice.gateway.streaming.ConnectionValues;
import io.sluice.gateway.streaming.DeliveryGuard;
import io.sluice.gateway.streaming.StreamRequest;
import io.sluice.gateway.streaming.SubscriberFilter;
import io.sluice.gateway.streaming.hub.DeliveryMode;
import io.sluice.gateway.streaming.hub.HubMessage;
import io.sluice.gateway.streaming.hub.StreamHub;
import io.sluice.gateway.streaming.hub.Subscription;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The consumer endpoints of one {@code http_server} output ({@code path}, {@code stream_path}, {@code ws_path}):
 * checks a request (CORS, method, resume id), asks the host's {@link DeliveryGuard} whether the consumer may connect,
 * then opens the matching {@link ConsumerConnection} on the request's event loop.
 */
public final class OutputEdge {

    /** Metric names, in the stream's metrics. */
    public static final String M_CONNECTED = "http_server_consumers_connected";
    public static final String M_DISCONNECTED = "http_server_consumers_disconnected";
    public static final String M_SLOW = "http_server_slow_consumers_disconnected";
    public static final String M_DELIVERED = "http_server_messages_delivered";
    public static final String M_DROPPED = "http_server_messages_dropped";
    public static final String M_SKIPPED = "http_server_messages_skipped";

    private final StreamHub hub;
    private final ConsumerSettings settings;
    private final DeliveryGuard guard;
    private final StreamMetrics metrics;
    private final LoopBridge bridge = new LoopBridge();
    private final SubscriberFilter.Host filters;
    private final String consumerGroup;
    private final ConsumerGroups groups;
    // per-message counters, kept at hand rather than looked up by name for every delivery
    private final LongAdder delivered;
    private final LongAdder skipped;
    // the same per consumer kind, for the process registry (see ConsumerMeters)
    private final Map<String, LongAdder> deliveredByKind = new ConcurrentHashMap<>();
    private final DeliveryRecorder recorder;
    private final String streamName;

    public OutputEdge(StreamHub hub, ConsumerSettings settings, DeliveryGuard guard, StreamMetrics metrics) {
        this(hub, settings, guard, metrics, null, "", null, "");
    }

    /**
     * @param filters       the host's subscriber filter settings, or null when consumers cannot filter (standalone)
     * @param consumerGroup the output's {@code consumer_group}, filled per connection ({@link ConnectionValues}); empty
     *                      for none (every connection receives every message)
     * @param recorder      hears of each delivered batch (analytics), or null
     */
    public OutputEdge(StreamHub hub, ConsumerSettings settings, DeliveryGuard guard, StreamMetrics metrics, SubscriberFilter.Host filters,
                      String consumerGroup, DeliveryRecorder recorder, String streamName) {
        this.filters = filters;
        this.consumerGroup = consumerGroup == null ? "" : consumerGroup;
        this.groups = new ConsumerGroups(hub);
        this.recorder = recorder;
        this.streamName = streamName;
        this.hub = hub;
        this.settings = settings;
        this.guard = guard;
        this.metrics = metrics;
        this.delivered = metrics.counter(M_DELIVERED);
        this.skipped = metrics.counter(M_SKIPPED);
    }

    /** The kinds of consumer connection, as counted: {@code M_* + "_" + kind}. */
    public static final List<String> KINDS = List.of("websocket", "sse", "stream", "get");
    /** Connections refused by the host's checks (key, limits, quotas), per kind. */
    public static final String M_REFUSED = "http_server_consumers_refused";

    StreamHub hub() { return hub; }
    ConsumerGroups groups() { return groups; }

    /**
     * Messages taken per check and write: what the session allows at once ({@link DeliveryGuard.Session#maxBatch}: one
     * when the host meters every message), at most {@code maxPerWrite}.
     */
    int takePerCheck(DeliveryGuard.Session session) {
        return Math.max(1, Math.min(settings.maxPerWrite(), session.maxBatch()));
    }
    ConsumerSettings settings() { return settings; }
    LoopBridge bridge() { return bridge; }

    /** Counted in total and per kind ({@code _websocket}, {@code _sse}, {@code _stream}, {@code _get}) for status pages. */
    void connectionOpened(String kind) {
        metrics.increment(M_CONNECTED);
        metrics.increment(M_CONNECTED + "_" + kind);
    }
    void connectionClosed(Subscription sub, String kind) {
        metrics.increment(M_DISCONNECTED);
        metrics.increment(M_DISCONNECTED + "_" + kind);
        if (sub.dropped() > 0) {
            metrics.add(M_DROPPED, sub.dropped());
            metrics.add(M_DROPPED + "_" + kind, sub.dropped());
        }
    }
    void slowConsumerDisconnected(String kind) {
        metrics.increment(M_SLOW);
        metrics.increment(M_SLOW + "_" + kind);
    }
    void delivered(String kind, DeliveryGuard.Session session, List<HubMessage> batch) {
        int n = batch.size();
        delivered.add(n);
        // Created on the first delivery of a kind, so status pages show only the kinds that were used.
        deliveredByKind.computeIfAbsent(kind, k -> metrics.counter(M_DELIVERED + "_" + k)).add(n);
        if (recorder != null) recorder.delivered(streamName, kind, session, batch);
        if (Tracing.enabled()) DeliverySpans.delivered(streamName, kind, batch);
    }
    void skipped(int n) { skipped.add(n); }

    // ---- endpoints ----

    /** {@code path}: the next message. */
    public void handleNext(StreamRequest sr) {
        admit(sr, "get", settings.allowedVerbs(), (ctx, session, resume, how) ->
                configured(new NextMessageRequest(this, ctx, session, sr.request().response()), how).start(resume));
    }

    /** {@code stream_path}: SSE when asked for (or configured), else a raw line stream. */
    public void handleStream(StreamRequest sr) {
        boolean sse = settings.eventSourceDefault() || acceptsEventStream(sr.request());
        admit(sr, sse ? "sse" : "stream", settings.allowedVerbs(), (ctx, session, resume, how) -> {
            FlushCoalescing.install(sr.request().connection());
            if (sse) configured(new SseConnection(this, ctx, session, sr.request().response()), how).start(resume);
            else configured(new RawStreamConnection(this, ctx, session, sr.request().response()), how).start(resume);
        });
    }

    /** {@code ws_path}: a WebSocket. */
    public void handleWebSocket(StreamRequest sr) {
        admit(sr, "websocket", Set.of("GET"), (ctx, session, resume, how) -> sr.request().toWebSocket().onComplete(ar -> {
            if (ar.failed()) {
                session.release();
                HttpServerResponse r = sr.request().response();
                if (!r.ended() && !r.closed()) plain(r, 400, "Bad request: " + ar.cause().getMessage());
                return;
            }
            FlushCoalescing.install(sr.request().connection());
            configured(new WebSocketConnection(this, ctx, session, ar.result()), how).start(resume);
        }));
    }

    private interface Opener {
        void open(Context context, DeliveryGuard.Session session, Long resumeAfter, Joining how);
    }

    /** What a connection asked for beyond the stream itself: a filter and/or a consumer group. */
    private record Joining(SubscriberFilter filter, String group) {
    }

    private static <C extends ConsumerConnection> C configured(C connection, Joining how) {
        connection.filterWith(how.filter());
        connection.inGroup(how.group());
        return connection;
    }

    /** The group a connection joins: the output's consumer_group filled with the request's values; null for none. */
    private String groupOf(StreamRequest sr) {
        if (consumerGroup.isEmpty()) return null;
        String name = ConnectionValues.fill(consumerGroup, sr);
        return name == null || name.isEmpty() ? null : name;
    }

    private void admit(StreamRequest sr, String kind, Set<String> methods, Opener opener) {
        HttpServerRequest req = sr.request();
        if (settings.cors().apply(req, methods)) return;
        if (!methods.contains(req.method().name())) {
            req.resume();
            plain(req.response(), 405, "Incorrect method");
            return;
        }
        Long resume;
        SubscriberFilter filter;
        try {
            resume = resumeAfter(req);
            filter = SubscriberFilter.of(req.getParam("filter"), req.getParam("fields"), filters, hub.settings().mode() == DeliveryMode.SHARED);
        } catch (IllegalArgumentException e) {
            req.resume();
            plain(req.response(), 400, e.getMessage());
            return;
        }
        Context context = Vertx.currentContext();
        String group = groupOf(sr);
        LoopBridge.whenComplete(context, guard.onConnect(sr), ar -> {
            if (ar.failed()) {
                metrics.increment(M_REFUSED + "_" + kind);
                req.resume();
                reject(req.response(), ar.cause());
                return;
            }
            opener.open(context, ar.result(), resume, new Joining(filter, group));
        });
    }

    /** The id to resume after: {@code ?last_event_id=}, else the SSE {@code Last-Event-ID} header; null for none. */
    static Long resumeAfter(HttpServerRequest req) {
        String v = req.getParam("last_event_id");
        if (v == null || v.isBlank()) v = req.getHeader("Last-Event-ID");
        if (v == null || v.isBlank()) return null;
        try {
            long id = Long.parseLong(v.trim());
            if (id < 0) throw new NumberFormatException();
            return id;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("last event id must be a non-negative integer, got '" + v + "'");
        }
    }

    static boolean acceptsEventStream(HttpServerRequest req) {
        String accept = req.getHeader("Accept");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/event-stream");
    }

    static void reject(HttpServerResponse response, Throwable cause) {
        if (response.ended() || response.closed()) return;
        int status = cause instanceof DeliveryGuard.Rejection r ? r.status() : 500;
        String message = cause instanceof DeliveryGuard.Rejection ? cause.getMessage() : "connection check failed";
        StringBuilder body = new StringBuilder("{\"error\":");
        Structured.quote(body, message == null ? "refused" : message);
        response.setStatusCode(status).putHeader("Content-Type", "application/json").end(body.append('}').toString());
    }

    static void plain(HttpServerResponse response, int status, String message) {
        if (response.ended() || response.closed()) return;
        response.setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(message + "\n");
    }
}
