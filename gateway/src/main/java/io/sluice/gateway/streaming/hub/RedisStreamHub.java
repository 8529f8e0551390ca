package io.sluice.gateway.streaming.hub;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A broadcast {@link StreamHub} shared by every gateway node through one Redis Stream, so that a consumer receives
 * every message of the output whichever node it is connected to, and resumes with its last id on any node.
 *
 * <p>{@link #publish} appends to the Redis Stream (see {@link RedisStreamHubs}) and returns once Redis has the
 * messages: the output then acknowledges the source. It does not touch this node's consumers. One reader per hub and
 * node ({@code XREAD BLOCK} on its own connection) feeds the messages, with their Redis ids, into a local
 * {@link InMemoryStreamHub} ring, from which this node's consumers poll as with a single node: one ring, one cursor per
 * consumer, the same slow-consumer policy. At start the ring is filled with the newest messages Redis kept, so a
 * consumer that moves here from another node resumes after its last id without loss or duplicates.
 */
public final class RedisStreamHub implements StreamHub {

    private static final Logger LOG = LoggerFactory.getLogger(RedisStreamHub.class);
    private static final long BLOCK_MILLIS = 1000;
    private static final int READ_COUNT = 512;

    private final RedisStreamHubs hubs;
    private final String key;
    private final String streamName;
    private final String outputPath;
    private final InMemoryStreamHub ring;
    private final int retention;
    private final RedisStreamHubs.Fence fence;
    private final int warmCount;
    private volatile boolean closed;
    private volatile boolean warmed;
    private volatile Thread reader;
    private volatile StatefulRedisConnection<String, byte[]> readerConnection;

    RedisStreamHub(RedisStreamHubs hubs, String key, String streamName, String outputPath, HubSettings settings, int retention,
                   RedisStreamHubs.Fence fence) {
        this.hubs = hubs;
        this.key = key;
        this.streamName = streamName;
        this.outputPath = outputPath;
        this.ring = new InMemoryStreamHub(settings, true);
        this.retention = retention;
        this.fence = fence;
        this.warmCount = Math.max(settings.retain(), 1);
    }

    /**
     * Fills the ring before the output mounts its endpoints (so no consumer attaches to an empty ring that is about to
     * restart), then starts the reader. When Redis does not answer now, the reader fills it once it does.
     */
    void start() {
        try {
            StatefulRedisConnection<String, byte[]> c = hubs.client().connect(RedisStreamHubs.CODEC);
            readerConnection = c;
            warm(c.sync());
        } catch (RedisException e) {
            LOG.warn("hub {}: cannot read {} from Redis yet: {}", streamName, key, e.getMessage());
        }
        reader = Thread.ofVirtual().name("hub-reader-" + streamName + "-" + outputPath).start(this::readLoop);
    }

    /** The Redis key of the stream (for diagnostics and tests). */
    public String redisKey() {
        return key;
    }

    public String streamName() {
        return streamName;
    }

    public String outputPath() {
        return outputPath;
    }

    @Override
    public long publish(List<HubMessage.Draft> batch) throws InterruptedException {
        if (closed) throw new IllegalStateException("hub closed");
        if (batch.isEmpty()) return ring.lastId();
        long[] ids = hubs.append(key, retention, fence, ring.lastId(), batch);
        long last = ring.lastId();
        for (long id : ids) last = Math.max(last, id);
        return last;
    }

    @Override
    public Subscription subscribe(Long resumeAfter, Runnable onAvailable) {
        return ring.subscribe(resumeAfter, onAvailable);
    }

    @Override
    public long lastId() {
        return ring.lastId();
    }

    @Override
    public HubSettings settings() {
        return ring.settings();
    }

    @Override
    public int subscriberCount() {
        return ring.subscriberCount();
    }

    @Override
    public long droppedTotal() {
        return ring.droppedTotal();
    }

    void suspend(String reason) {
        ring.suspend(reason);
    }

    void resume() {
        ring.resume();
    }

    @Override
    public void close(String reason) {
        if (closed) return;
        closed = true;
        hubs.closed(this);
        ring.close(reason);
        StatefulRedisConnection<String, byte[]> c = readerConnection;
        if (c != null) c.closeAsync();
        Thread r = reader;
        if (r != null) r.interrupt();
    }

    // ---- the reader ----

    private void readLoop() {
        long backoff = 50;
        while (!closed) {
            try {
                StatefulRedisConnection<String, byte[]> c = readerConnection;
                if (c == null || !c.isOpen()) {
                    readerConnection = c = hubs.client().connect(RedisStreamHubs.CODEC);
                    if (closed) break;
                }
                RedisCommands<String, byte[]> redis = c.sync();
                if (!warmed) warm(redis);
                List<StreamMessage<String, byte[]>> got = redis.xread(XReadArgs.Builder.block(BLOCK_MILLIS).count(READ_COUNT),
                        XReadArgs.StreamOffset.from(key, "0-" + ring.lastId()));
                backoff = 50;
                if (got != null && !got.isEmpty()) feed(got);
            } catch (RedisException | IllegalStateException e) {
                if (closed) break;
                LOG.debug("hub {}: reading {} failed, retrying in {} ms: {}", streamName, key, backoff, e.getMessage());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    break;
                }
                backoff = Math.min(backoff * 2, 1000);
            }
        }
        StatefulRedisConnection<String, byte[]> c = readerConnection;
        if (c != null) c.closeAsync();
    }

    /** Fills the ring with the newest messages Redis kept, so that consumers can resume after them on this node. */
    private void warm(RedisCommands<String, byte[]> redis) {
        List<StreamMessage<String, byte[]>> newest = redis.xrevrange(key, Range.unbounded(), Limit.from(warmCount));
        warmed = true;
        if (newest == null || newest.isEmpty()) return;
        List<StreamMessage<String, byte[]>> ordered = new ArrayList<>(newest);
        Collections.reverse(ordered);
        ring.restartAt(sequence(ordered.getFirst().getId()) - 1, "stream restarted");
        feed(ordered);
    }

    /** Appends what was read; a gap (messages trimmed before this node read them) restarts the ring after it. */
    private void feed(List<StreamMessage<String, byte[]>> entries) {
        List<HubMessage> run = new ArrayList<>(entries.size());
        for (StreamMessage<String, byte[]> entry : entries) {
            HubMessage m = toMessage(entry);
            long expected = run.isEmpty() ? ring.lastId() + 1 : run.getLast().id() + 1;
            if (m.id() != expected) {
                flush(run);
                if (m.id() > ring.lastId() + 1) {
                    LOG.warn("hub {}: this node missed messages {}..{} of {} (no longer in Redis); its consumers must reconnect",
                            streamName, ring.lastId() + 1, m.id() - 1, key);
                    ring.restartAt(m.id() - 1, "this gateway node missed messages of the stream; reconnect to resume");
                } else {
                    continue; // already in the ring
                }
            }
            run.add(m);
        }
        flush(run);
    }

    private void flush(List<HubMessage> run) {
        if (run.isEmpty()) return;
        if (!ring.appendNumbered(run)) {
            // Cannot happen with one reader per ring; restart rather than stall if it ever does.
            ring.restartAt(run.getFirst().id() - 1, "stream restarted");
            ring.appendNumbered(run);
        }
        run.clear();
    }

    private static HubMessage toMessage(StreamMessage<String, byte[]> entry) {
        long id = sequence(entry.getId());
        Map<String, byte[]> body = entry.getBody();
        byte[] payload = body.get("b");
        byte[] event = body.get("e");
        long size = number(body.get("k"), 1);
        long index = number(body.get("i"), 0);
        return new HubMessage(id, payload == null ? new byte[0] : payload, Map.of(),
                event == null ? null : new String(event, StandardCharsets.UTF_8), id - index, (int) size);
    }

    private static long number(byte[] value, long fallback) {
        if (value == null) return fallback;
        try {
            return Long.parseLong(new String(value, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** The sequence part of a Redis Stream id {@code 0-<sequence>}: the hub id. */
    static long sequence(String redisId) {
        int dash = redisId.indexOf('-');
        return Long.parseLong(dash < 0 ? redisId : redisId.substring(dash + 1));
    }
}
