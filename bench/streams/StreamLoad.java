import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Load client of bench/streams: opens N WebSocket and M SSE subscribers to a stream API (key in the query), waits until
 * all are connected, prints "CONNECTED", then measures for D seconds: messages delivered per second (all subscribers
 * together) and the latency from the message's creation ({@code "ts"}: epoch nanoseconds set by the stream's
 * generate input) to its receipt here. Both ends run on the same machine, so they share the clock.
 *
 * <pre>java StreamLoad host port[,port...] wsPath ssePath key wsCount sseCount seconds [loops]</pre>
 *
 * With several ports (the nodes of a cluster, bench/cluster) subscriber i connects to port i mod their number.
 */
public final class StreamLoad {

    // latency histogram: 10 µs buckets up to 2 s, then overflow
    private static final int BUCKET_MICROS = 10;
    private static final int BUCKETS = 200_000;
    private static final AtomicLongArray HISTOGRAM = new AtomicLongArray(BUCKETS + 1);
    private static final LongAdder DELIVERED = new LongAdder();
    private static final LongAdder MISSED = new LongAdder();
    private static volatile boolean measuring;

    public static void main(String[] args) throws Exception {
        String host = args[0];
        String[] portList = args[1].split(",");
        int[] ports = new int[portList.length];
        for (int p = 0; p < ports.length; p++) ports[p] = Integer.parseInt(portList[p].trim());
        String wsPath = args[2];
        String ssePath = args[3];
        String key = args[4];
        int wsCount = Integer.parseInt(args[5]);
        int sseCount = Integer.parseInt(args[6]);
        int seconds = Integer.parseInt(args[7]);
        int loops = args.length > 8 ? Integer.parseInt(args[8]) : 1;
        int holdSeconds = args.length > 9 ? Integer.parseInt(args[9]) : 0;
        int total = wsCount + sseCount;

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
        WebSocketClient ws = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(Math.max(1, wsCount))
                .setConnectTimeout(30_000).setMaxFrameSize(1 << 20));
        HttpClient http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(30_000).setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(Math.max(1, sseCount)).setMaxWaitQueueSize(-1));

        AtomicInteger connected = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        CountDownLatch attempts = new CountDownLatch(total);
        Semaphore inFlight = new Semaphore(200); // connect at most 200 at a time
        long connectStart = System.nanoTime();
        for (int i = 0; i < total; i++) {
            inFlight.acquire();
            int port = ports[i % ports.length];
            if (countOfWs(i, wsCount, sseCount)) {
                ws.connect(new WebSocketConnectOptions().setHost(host).setPort(port).setURI(wsPath + (wsPath.contains("?") ? "&" : "?") + "key=" + key)).onComplete(ar -> {
                    inFlight.release();
                    if (ar.failed()) {
                        failed.incrementAndGet();
                    } else {
                        connected.incrementAndGet();
                        ar.result().frameHandler(frame -> scan(frame.binaryData(), 0));
                        ar.result().closeHandler(v -> closed.incrementAndGet());
                    }
                    attempts.countDown();
                });
            } else {
                http.request(new RequestOptions().setHost(host).setPort(port).setMethod(HttpMethod.GET).setURI(ssePath + (ssePath.contains("?") ? "&" : "?") + "key=" + key)
                        .putHeader("Accept", "text/event-stream")).compose(req -> req.send()).onComplete(ar -> {
                    inFlight.release();
                    if (ar.failed() || ar.result().statusCode() != 200) {
                        failed.incrementAndGet();
                    } else {
                        connected.incrementAndGet();
                        SseScanner scanner = new SseScanner();
                        ar.result().handler(scanner::feed);
                        ar.result().endHandler(v -> closed.incrementAndGet());
                        ar.result().exceptionHandler(e -> closed.incrementAndGet());
                    }
                    attempts.countDown();
                });
            }
        }
        attempts.await(120, TimeUnit.SECONDS);
        double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
        System.out.printf("CONNECTED %d of %d subscribers (%d WebSocket, %d SSE) in %.1f s, %d failed%n",
                connected.get(), total, wsCount, sseCount, connectSeconds, failed.get());
        System.out.flush();

        Thread.sleep(2_000); // settle
        DELIVERED.reset();
        MISSED.reset();
        for (int i = 0; i <= BUCKETS; i++) HISTOGRAM.set(i, 0);
        measuring = true;
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        measuring = false;
        double elapsed = (System.nanoTime() - start) / 1e9;
        long delivered = DELIVERED.sum();
        System.out.printf("RESULT subscribers=%d delivered=%d msg_per_s=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%s closed=%d%n",
                connected.get(), delivered, delivered / elapsed, percentile(0.50), percentile(0.90), percentile(0.99),
                maxMillis(), closed.get());
        System.out.flush();
        // Stay connected a little so that the script can read the gateway's heap with every subscriber attached,
        // after the measurement (a full GC and a jcmd JVM inside the window would be measured as latency).
        Thread.sleep(holdSeconds * 1000L);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Spreads WebSocket and SSE subscribers evenly: subscriber i is a WebSocket when it falls in the WebSocket share. */
    private static boolean countOfWs(int i, int wsCount, int sseCount) {
        long total = wsCount + sseCount;
        return (long) (i + 1) * wsCount / total > (long) i * wsCount / total;
    }

    private static final byte[] TS = "\"ts\":".getBytes(StandardCharsets.US_ASCII);

    /**
     * Finds every {@code "ts":<digits>} in the bytes from {@code from} and records one delivery per occurrence; bytes
     * are scanned in place (no String decoding), so the load client stays cheap next to the gateway it measures.
     * Returns the index after the last complete timestamp.
     */
    private static int scan(Buffer buffer, int from) {
        int end = buffer.length();
        int consumed = from;
        outer:
        for (int i = from; i + TS.length < end; i++) {
            for (int k = 0; k < TS.length; k++) {
                if (buffer.getByte(i + k) != TS[k]) continue outer;
            }
            int j = i + TS.length;
            long ts = 0;
            int digits = 0;
            while (j < end) {
                byte b = buffer.getByte(j);
                if (b < '0' || b > '9') break;
                ts = ts * 10 + (b - '0');
                j++;
                digits++;
            }
            if (j == end) break; // the number may go on in the next chunk
            if (digits > 0) record(ts);
            consumed = j;
            i = j - 1;
        }
        return consumed;
    }

    private static void record(long ts) {
        if (!measuring) return;
        Instant now = Instant.now();
        long nowNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        long micros = Math.max(0, (nowNanos - ts) / 1000);
        int bucket = (int) Math.min(BUCKETS, micros / BUCKET_MICROS);
        HISTOGRAM.incrementAndGet(bucket);
        DELIVERED.increment();
    }

    private static double percentile(double p) {
        long count = 0;
        for (int i = 0; i <= BUCKETS; i++) count += HISTOGRAM.get(i);
        if (count == 0) return Double.NaN;
        long rank = (long) Math.ceil(p * count);
        long seen = 0;
        for (int i = 0; i <= BUCKETS; i++) {
            seen += HISTOGRAM.get(i);
            if (seen >= rank) return (i + 1) * BUCKET_MICROS / 1000.0;
        }
        return Double.NaN;
    }

    private static String maxMillis() {
        for (int i = BUCKETS; i >= 0; i--) {
            if (HISTOGRAM.get(i) > 0) return i == BUCKETS ? ">2000" : String.format("%.2f", (i + 1) * BUCKET_MICROS / 1000.0);
        }
        return "NaN";
    }

    /** SSE chunks may cut an event anywhere: keep the unscanned tail and scan it with the next chunk. */
    private static final class SseScanner {
        private Buffer pending;

        void feed(Buffer chunk) {
            Buffer data = pending == null ? chunk : pending.appendBuffer(chunk);
            int consumed = scan(data, 0);
            int keepFrom = Math.max(consumed, data.length() - 32);
            pending = keepFrom >= data.length() ? null : data.getBuffer(keepFrom, data.length());
        }
    }
}
