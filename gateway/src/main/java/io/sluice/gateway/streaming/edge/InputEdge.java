package io.sluice.gateway.streaming.edge;

import io.sluice.core.component.ComponentLog;
import io.sluice.core.component.RateLimit;
import io.sluice.core.component.StreamMetrics;
import io.sluice.core.component.Transaction;
import io.sluice.core.connect.Multipart;
import io.sluice.core.expr.Interpolation;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.message.Structured;
import io.sluice.core.message.SyncResponseStore;
import io.sluice.core.regex.Regex;
import io.sluice.gateway.streaming.DeliveryGuard;
import io.sluice.gateway.streaming.StreamRequest;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The publisher endpoints of one {@code http_server} input ({@code path}, {@code ws_path}).
 *
 * <p>A request becomes a batch on its event loop and is handed to the input's {@code read()} through a
 * {@link LoopBridge.Inbox}. It is answered only once the stream settled it: after the output accepted it
 * (at-least-once; the body is whatever {@code sync_response} stored, if anything), 502 when it was rejected, 408 when
 * that took longer than {@code timeout}. A request that times out before the stream took it is never delivered; one
 * that times out later may still be.
 */
public final class InputEdge {

    /** The {@code sync_response} field of the input. */
    public record SyncReplySettings(Interpolation status, Map<String, Interpolation> headers,
                                    List<String> metadataPrefixes, List<Regex> metadataPatterns) {

        boolean includesMetadata(String key) {
            for (String p : metadataPrefixes) if (key.startsWith(p)) return true;
            for (Regex p : metadataPatterns) if (p.find(key)) return true;
            return false;
        }
    }

    /** Input settings that concern the edge. */
    public record PublisherSettings(Set<String> allowedVerbs, Duration timeout, String wsWelcomeMessage,
                                    String wsRateLimitMessage, CorsPolicy cors, SyncReplySettings reply) {
    }

    public static final String M_REQUESTS = "http_server_requests";
    public static final String M_TIMEOUTS = "http_server_request_timeouts";
    public static final String M_RATE_LIMITED = "http_server_rate_limited";

    private final PublisherSettings settings;
    private final RateLimit rateLimit;
    private final DeliveryGuard guard;
    private final StreamMetrics metrics;
    private final ComponentLog log;
    private final LoopBridge.Inbox<Pending<?>> inbox = new LoopBridge.Inbox<>(4096);
    private final Set<ServerWebSocket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    public InputEdge(PublisherSettings settings, RateLimit rateLimit, DeliveryGuard guard, StreamMetrics metrics, ComponentLog log) {
        this.settings = settings;
        this.rateLimit = rateLimit;
        this.guard = guard;
        this.metrics = metrics;
        this.log = log;
    }

    // ---- the stream side ----

    /** Blocks the input's thread until a request's message is there; null once closed. */
    public Transaction next() throws InterruptedException {
        while (true) {
            Pending<?> p = inbox.take();
            if (p == Pending.POISON) return null;
            if (p.claim()) return new Transaction(p.batch, p::settle);
        }
    }

    /** Refuses new requests, answers those not taken yet with 503 and closes publisher WebSockets. */
    public void close() {
        closing = true;
        for (Pending<?> p : inbox.drain()) if (p != Pending.POISON) p.refuse();
        inbox.offer(Pending.POISON);
        for (ServerWebSocket ws : sockets) {
            try {
                ws.close((short) 1001, "stream stopped");
            } catch (RuntimeException ignored) {
                // already closing
            }
        }
    }

    /**
     * A message on its way from a publisher into the stream, and the answer on its way back.
     *
     * @param <R> the rendered reply (an HTTP response, WebSocket frames)
     */
    private static final class Pending<R> {
        static final Pending<Void> POISON = new Pending<>(null, null, null, null);
        private static final int WAITING = 0, TAKEN = 1, ABANDONED = 2;

        final Batch batch;
        final Context context;
        final Function<Throwable, R> renderOnStream;
        final Consumer<R> replyOnLoop;
        final AtomicInteger state = new AtomicInteger(WAITING);

        Pending(Batch batch, Context context, Function<Throwable, R> renderOnStream, Consumer<R> replyOnLoop) {
            this.batch = batch;
            this.context = context;
            this.renderOnStream = renderOnStream;
            this.replyOnLoop = replyOnLoop;
        }

        boolean claim() {
            return state.compareAndSet(WAITING, TAKEN);
        }

        /** The requester gave up before the stream took the message: it will not be delivered. */
        boolean abandon() {
            return state.compareAndSet(WAITING, ABANDONED);
        }

        /** Stream side: the output accepted (null) or rejected the message. Renders there, replies on the loop. */
        void settle(Throwable error) {
            R reply = renderOnStream.apply(error);
            LoopBridge.onLoop(context, () -> replyOnLoop.accept(reply));
        }

        /** Shutdown: never taken, answered as refused. */
        void refuse() {
            if (abandon()) settle(new ServerClosing());
        }
    }

    private static final class ServerClosing extends RuntimeException {
        ServerClosing() {
            super("Server closing", null, false, false);
        }
    }

    // ---- POST ----

    private record HttpReply(int status, Map<String, String> headers, byte[] body) {
    }

    public void handlePost(StreamRequest sr) {
        HttpServerRequest req = sr.request();
        if (settings.cors().apply(req, settings.allowedVerbs())) return;
        if (!settings.allowedVerbs().contains(req.method().name())) {
            req.resume();
            OutputEdge.plain(req.response(), 405, "Incorrect method");
            return;
        }
        if (closing) {
            req.resume();
            OutputEdge.plain(req.response(), 503, "Server closing");
            return;
        }
        Context context = Vertx.currentContext();
        LoopBridge.whenComplete(context, guard.onConnect(sr), admitted -> {
            if (admitted.failed()) {
                req.resume();
                OutputEdge.reject(req.response(), admitted.cause());
                return;
            }
            DeliveryGuard.Session session = admitted.result();
            AtomicBoolean released = new AtomicBoolean();
            Runnable release = () -> {
                if (released.compareAndSet(false, true)) session.release();
            };
            req.response().endHandler(v -> release.run());
            req.response().closeHandler(v -> release.run());
            checkRateLimit(context).onComplete(limited -> {
                if (limited.failed()) {
                    req.resume();
                    log.warn("failed to access rate limit: {}", limited.cause().getMessage());
                    OutputEdge.plain(req.response(), 502, "Server error");
                    return;
                }
                if (limited.result() > 0) {
                    req.resume();
                    metrics.increment(M_RATE_LIMITED);
                    req.response().putHeader("Retry-After", Long.toString(limited.result()));
                    OutputEdge.plain(req.response(), 429, "Too Many Requests");
                    return;
                }
                Future<Buffer> body = req.body();
                req.resume();
                body.onComplete(read -> {
                    if (read.failed()) {
                        OutputEdge.plain(req.response(), 400, "Bad request");
                        return;
                    }
                    Batch batch;
                    try {
                        batch = batchOf(req, read.result().getBytes());
                    } catch (RuntimeException e) {
                        log.warn("request read failed: {}", e.getMessage());
                        OutputEdge.plain(req.response(), 400, "Bad request");
                        return;
                    }
                    publish(context, req.response(), batch);
                });
            });
        });
    }

    /** Seconds to wait before retrying, 0 when the caller may go on (always 0 without a rate limit). */
    private Future<Long> checkRateLimit(Context context) {
        if (rateLimit == null) return Future.succeededFuture(0L);
        return LoopBridge.offload(context, () -> {
            Duration wait = rateLimit.access();
            if (wait == null || wait.isZero() || wait.isNegative()) return 0L;
            return Math.max(1L, (wait.toMillis() + 999) / 1000);
        });
    }

    private void publish(Context context, HttpServerResponse response, Batch batch) {
        metrics.increment(M_REQUESTS);
        SyncResponseStore store = new SyncResponseStore();
        for (Part p : batch) p.context().put(SyncResponseStore.class, store);
        boolean[] answered = {false};
        long[] timer = {-1};
        Pending<HttpReply> pending = new Pending<>(batch, context, error -> render(error, store), reply -> {
            if (answered[0]) return;
            answered[0] = true;
            context.owner().cancelTimer(timer[0]);
            send(response, reply);
        });
        if (!inbox.offer(pending)) {
            OutputEdge.plain(response, 503, "Server busy");
            return;
        }
        timer[0] = context.owner().setTimer(Math.max(1, settings.timeout().toMillis()), id -> {
            if (answered[0]) return;
            answered[0] = true;
            pending.abandon(); // not taken yet: it never will be
            metrics.increment(M_TIMEOUTS);
            OutputEdge.plain(response, 408, "Request timed out");
        });
    }

    private static void send(HttpServerResponse response, HttpReply reply) {
        if (response.ended() || response.closed()) return;
        response.setStatusCode(reply.status());
        reply.headers().forEach(response::putHeader);
        response.end(Buffer.buffer(reply.body()));
    }

    /** On the stream thread: the answer to a settled POST. */
    private HttpReply render(Throwable error, SyncResponseStore store) {
        if (error instanceof ServerClosing) return text(503, "Server closing");
        if (error != null) return text(502, error.getMessage() == null ? error.toString() : error.getMessage());
        List<Part> parts = store.parts();
        if (parts.isEmpty()) return new HttpReply(200, Map.of(), new byte[0]);
        Batch result = new Batch(parts);
        SyncReplySettings rs = settings.reply();
        Map<String, String> headers = new LinkedHashMap<>();
        String customType = null;
        for (Map.Entry<String, Interpolation> h : rs.headers().entrySet()) {
            try {
                String v = h.getValue().render(result, 0);
                headers.put(h.getKey(), v);
                if (h.getKey().equalsIgnoreCase("Content-Type")) customType = h.getKey();
            } catch (RuntimeException e) {
                log.error("interpolation of response header {} failed: {}", h.getKey(), e.getMessage());
            }
        }
        int status;
        try {
            status = Integer.parseInt(rs.status().render(result, 0).trim());
            if (status < 100 || status > 999) throw new NumberFormatException("out of range");
        } catch (RuntimeException e) {
            log.error("failed to parse sync response status code: {}", e.getMessage());
            return text(502, "Bad Gateway");
        }
        for (Part p : parts) {
            p.metadata().forEach((k, v) -> {
                if (rs.includesMetadata(k)) headers.put(k, Structured.toText(v));
            });
        }
        if (parts.size() == 1) {
            if (customType == null) headers.put("Content-Type", "application/octet-stream");
            return new HttpReply(status, headers, parts.getFirst().bytes());
        }
        List<Multipart.Section> sections = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            String type = "application/octet-stream";
            if (customType != null) {
                try {
                    type = rs.headers().get(customType).render(result, i);
                } catch (RuntimeException e) {
                    log.error("interpolation of content-type failed: {}", e.getMessage());
                }
            }
            sections.add(new Multipart.Section(List.of(Map.entry("Content-Type", type)), parts.get(i).bytes()));
        }
        Multipart.Body enc = Multipart.write(sections, Multipart.newBoundary(), "mixed");
        if (customType != null) headers.remove(customType);
        headers.put("Content-Type", enc.contentType());
        return new HttpReply(status, headers, enc.bytes());
    }

    private static HttpReply text(int status, String message) {
        return new HttpReply(status, Map.of("Content-Type", "text/plain; charset=utf-8"),
                (message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The request body as a batch: one message, or one per body part of a multipart body. */
    static Batch batchOf(HttpServerRequest req, byte[] body) {
        Batch batch = new Batch();
        String boundary = Multipart.boundaryOf(req.getHeader("Content-Type"));
        if (boundary != null) {
            for (byte[] part : Multipart.parse(body, boundary)) batch.add(new Part(part));
        } else {
            batch.add(new Part(body));
        }
        for (Part p : batch) addRequestMetadata(p, req);
        return batch;
    }

    /** The dialect's metadata of an HTTP-borne message: user agent, path, verb, remote IP, headers, query, cookies. */
    static void addRequestMetadata(Part p, HttpServerRequest req) {
        String ua = req.getHeader("User-Agent");
        p.setMeta("http_server_user_agent", ua == null ? "" : ua);
        p.setMeta("http_server_request_path", req.path());
        p.setMeta("http_server_verb", req.method().name());
        if (req.remoteAddress() != null && req.remoteAddress().hostAddress() != null) {
            p.setMeta("http_server_remote_ip", req.remoteAddress().hostAddress());
        }
        if (req.isSSL() && req.sslSession() != null) {
            p.setMeta("http_server_tls_version", tlsVersion(req.sslSession().getProtocol()));
            p.setMeta("http_server_tls_cipher_suite", req.sslSession().getCipherSuite());
        }
        for (String name : req.headers().names()) {
            if (p.meta(name) == null) p.setMeta(name, req.headers().get(name));
        }
        for (String name : req.params().names()) {
            if (p.meta(name) == null) p.setMeta(name, req.params().get(name));
        }
        for (Cookie c : req.cookies()) p.setMeta(c.getName(), c.getValue());
    }

    private static String tlsVersion(String protocol) {
        return switch (protocol == null ? "" : protocol.toUpperCase(Locale.ROOT)) {
            case "TLSV1" -> "TLSv1.0";
            case "TLSV1.1" -> "TLSv1.1";
            case "TLSV1.2" -> "TLSv1.2";
            case "TLSV1.3" -> "TLSv1.3";
            default -> protocol;
        };
    }

    // ---- WebSocket ----

    public void handleWebSocket(StreamRequest sr) {
        HttpServerRequest req = sr.request();
        if (closing) {
            req.resume();
            OutputEdge.plain(req.response(), 503, "Server closing");
            return;
        }
        Context context = Vertx.currentContext();
        LoopBridge.whenComplete(context, guard.onConnect(sr), admitted -> {
            if (admitted.failed()) {
                req.resume();
                OutputEdge.reject(req.response(), admitted.cause());
                return;
            }
            DeliveryGuard.Session session = admitted.result();
            req.toWebSocket().onComplete(upgraded -> {
                if (upgraded.failed()) {
                    session.release();
                    OutputEdge.plain(req.response(), 400, "Bad request");
                    return;
                }
                new PublisherSocket(context, upgraded.result(), session, req).start();
            });
        });
    }

    /** One publishing WebSocket: each message is a batch of one; the next is read once the previous was settled. */
    private final class PublisherSocket {
        private final Context context;
        private final ServerWebSocket ws;
        private final DeliveryGuard.Session session;
        private final HttpServerRequest upgrade;
        private boolean closed;

        PublisherSocket(Context context, ServerWebSocket ws, DeliveryGuard.Session session, HttpServerRequest upgrade) {
            this.context = context;
            this.ws = ws;
            this.session = session;
            this.upgrade = upgrade;
        }

        void start() {
            sockets.add(ws);
            ws.closeHandler(v -> ended());
            ws.exceptionHandler(e -> ended());
            LoopBridge.whenComplete(context, session.closeSignal(), ar -> {
                if (ar.succeeded() && !closed) ws.close((short) 1008, ConsumerConnection.shortReason(ar.result()));
            });
            ws.binaryMessageHandler(b -> received(b.getBytes()));
            ws.textMessageHandler(t -> received(t.getBytes(StandardCharsets.UTF_8)));
            if (!settings.wsWelcomeMessage().isEmpty()) ws.writeTextMessage(settings.wsWelcomeMessage());
        }

        private void ended() {
            if (closed) return;
            closed = true;
            sockets.remove(ws);
            session.release();
        }

        private void received(byte[] payload) {
            ws.pause();
            checkRateLimit(context).onComplete(limited -> {
                if (limited.failed() || limited.result() > 0) {
                    metrics.increment(M_RATE_LIMITED);
                    if (!settings.wsRateLimitMessage().isEmpty()) ws.writeTextMessage(settings.wsRateLimitMessage());
                    ws.resume();
                    return;
                }
                LoopBridge.whenComplete(context, session.beforeDeliver(1), verdict -> {
                    if (verdict.failed() || verdict.result() instanceof DeliveryGuard.Verdict.Close) {
                        String why = verdict.failed() ? "delivery check failed" : ((DeliveryGuard.Verdict.Close) verdict.result()).reason();
                        ws.close((short) 1008, ConsumerConnection.shortReason(why));
                        return;
                    }
                    if (verdict.result() instanceof DeliveryGuard.Verdict.Skip) {
                        ws.resume();
                        return;
                    }
                    attempt(payload, 0);
                });
            });
        }

        /** Hands the message to the stream; a rejected one is offered again with backoff, as the dialect does. */
        private void attempt(byte[] payload, int tries) {
            if (closed || closing) return;
            metrics.increment(M_REQUESTS);
            Batch batch = Batch.of(new Part(payload.clone()));
            addRequestMetadata(batch.get(0), upgrade);
            SyncResponseStore store = new SyncResponseStore();
            batch.get(0).context().put(SyncResponseStore.class, store);
            Pending<List<byte[]>> pending = new Pending<>(batch, context,
                    error -> error == null ? store.parts().stream().map(Part::bytes).toList() : null,
                    frames -> {
                        if (closed) return;
                        if (frames == null) {
                            long backoff = Math.min(5000, 100L << Math.min(tries, 6));
                            context.owner().setTimer(backoff, id -> attempt(payload, tries + 1));
                            return;
                        }
                        for (byte[] f : frames) ws.writeTextMessage(new String(f, StandardCharsets.UTF_8));
                        ws.resume();
                    });
            if (!inbox.offer(pending)) context.owner().setTimer(100, id -> attempt(payload, tries + 1));
        }
    }
}
