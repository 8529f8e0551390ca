package io.sluice.gateway.streaming.hub;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The node-wide side of the {@link RedisStreamHub}s: the connection their appends share, the append script, the hubs
 * alive on this node, and whether the node may serve consumers at all (it may not while it cannot reach Redis).
 *
 * <p>One Redis Stream per (API, stream, output) holds the output's messages; every node appends to it and every node
 * reads it. An append is one script call per batch that checks the singleton lease's fencing token, drops messages
 * whose source position was already appended (a rebalance delivers them twice), appends the rest with {@code XADD ...
 * MAXLEN ~ retention 0-*} (ids {@code 0-1}, {@code 0-2}, ...: the hub id is the sequence part, one more per message,
 * cluster-wide), and records their positions in a sorted set trimmed to the same window.
 */
public final class RedisStreamHubs implements AutoCloseable {

    /** Keys are text, values bytes (message bodies and script arguments). */
    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    /** History of an output that receives nothing for this long is dropped by Redis (its keys expire). */
    static final Duration IDLE_EXPIRY = Duration.ofDays(7);

    /**
     * KEYS: stream, seen positions, lease (or ""). ARGV: retention, lease value (or ""), the caller's last id, expiry
     * in ms, then position, body and event of each message. Returns the id given to each message, 0 for a duplicate.
     * When the stream vanished (Redis lost its data) ids go on after the caller's last id instead of restarting at 1.
     */
    static final String APPEND_SCRIPT = """
            if ARGV[2] ~= '' and redis.call('GET', KEYS[3]) ~= ARGV[2] then
              return redis.error_reply('FENCED this node does not hold the lease of the stream')
            end
            local n = (#ARGV - 4) / 3
            local fresh = {}
            local count = 0
            for i = 1, n do
              local pos = ARGV[4 + (i - 1) * 3 + 1]
              if pos == '' or not redis.call('ZSCORE', KEYS[2], pos) then
                fresh[i] = true
                count = count + 1
              end
            end
            local explicit = nil
            if count > 0 and tonumber(ARGV[3]) > 0 and redis.call('EXISTS', KEYS[1]) == 0 then
              explicit = tonumber(ARGV[3]) + 1
            end
            local ids = {}
            local index = 0
            local last = 0
            for i = 1, n do
              if fresh[i] then
                local base = 4 + (i - 1) * 3
                local id = '0-*'
                if explicit then
                  id = '0-' .. string.format('%d', explicit)
                  explicit = nil
                end
                local got
                if ARGV[base + 3] == '' then
                  got = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], id, 'b', ARGV[base + 2], 'k', count, 'i', index)
                else
                  got = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], id, 'b', ARGV[base + 2], 'k', count, 'i', index, 'e', ARGV[base + 3])
                end
                last = tonumber(string.sub(got, 3))
                ids[i] = last
                if ARGV[base + 1] ~= '' then redis.call('ZADD', KEYS[2], last, ARGV[base + 1]) end
                index = index + 1
              else
                ids[i] = 0
              end
            end
            if last > 0 then
              redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', last - tonumber(ARGV[1]))
              redis.call('PEXPIRE', KEYS[1], ARGV[4])
              redis.call('PEXPIRE', KEYS[2], ARGV[4])
            end
            return ids
            """;
    private static final String APPEND_SHA = sha1(APPEND_SCRIPT);

    /** The lease a singleton stream's messages are appended under: its key and this node's value while it holds it. */
    public interface Fence {
        String key();

        /** The lease's value while this node holds it, null otherwise. */
        String token();
    }

    private final RedisClient client;
    private final String prefix;
    private final Duration timeout;
    private final StatefulRedisConnection<String, byte[]> writer;
    private final Set<RedisStreamHub> live = ConcurrentHashMap.newKeySet();
    private volatile String unavailable;

    /**
     * @param client  a client whose connections reject commands while disconnected (so an outage fails fast)
     * @param prefix  prepended to every key (the storage's {@code key_prefix})
     * @param timeout how long an append may take before it counts as failed
     */
    public RedisStreamHubs(RedisClient client, String prefix, Duration timeout) {
        this.client = client;
        this.prefix = prefix;
        this.timeout = timeout;
        this.writer = client.connect(CODEC);
    }

    /**
     * The hub factory of one stream.
     *
     * @param retention messages kept per output in Redis (and the window in which duplicates are recognised)
     * @param fence     the stream's singleton lease, or null for a stream that runs on every node
     */
    public StreamHubFactory factory(int retention, Fence fence) {
        return (streamName, outputPath, settings) -> {
            if (settings.mode() != DeliveryMode.BROADCAST) {
                // A work queue stays per node: each message goes to one consumer of the node that read it.
                return new InMemoryStreamHub(settings);
            }
            RedisStreamHub hub = new RedisStreamHub(this, prefix + "sluice-hub:" + streamName + ":" + outputPath, streamName,
                    outputPath, settings, Math.max(retention, 1), fence);
            live.add(hub);
            String reason = unavailable;
            if (reason != null) hub.suspend(reason);
            hub.start();
            return hub;
        };
    }

    /** The hubs alive on this node. */
    public List<RedisStreamHub> hubs() {
        return List.copyOf(live);
    }

    /** Ends every consumer of this node as unavailable and refuses new ones: the node cannot vouch for its streams. */
    public void suspendAll(String reason) {
        unavailable = reason;
        for (RedisStreamHub hub : live) hub.suspend(reason);
    }

    /** Accepts consumers again. */
    public void resumeAll() {
        unavailable = null;
        for (RedisStreamHub hub : live) hub.resume();
    }

    RedisClient client() {
        return client;
    }

    Duration timeout() {
        return timeout;
    }

    void closed(RedisStreamHub hub) {
        live.remove(hub);
    }

    /**
     * Appends a batch; returns the id given to each message (0 for one dropped as a duplicate).
     *
     * @throws HubUnavailableException when Redis does not answer in time
     * @throws IllegalStateException   when the fence refused the batch (another node holds the lease)
     */
    long[] append(String key, int retention, Fence fence, long callerLastId, List<HubMessage.Draft> batch) throws InterruptedException {
        String lease = "";
        String token = "";
        if (fence != null) {
            token = fence.token();
            if (token == null) throw new IllegalStateException("this node does not hold the lease of the stream");
            lease = fence.key();
        }
        String[] positions = SourcePosition.of(batch);
        List<byte[]> args = new ArrayList<>(4 + 3 * batch.size());
        args.add(bytes(Integer.toString(retention)));
        args.add(bytes(token));
        args.add(bytes(Long.toString(callerLastId)));
        args.add(bytes(Long.toString(IDLE_EXPIRY.toMillis())));
        for (int i = 0; i < batch.size(); i++) {
            HubMessage.Draft d = batch.get(i);
            args.add(bytes(positions[i]));
            args.add(d.body());
            args.add(bytes(d.event() == null ? "" : d.event()));
        }
        String[] keys = {key, key + ":seen", lease};
        byte[][] values = args.toArray(byte[][]::new);
        List<Object> ids;
        try {
            ids = call(() -> writer.async().<List<Object>>evalsha(APPEND_SHA, ScriptOutputType.MULTI, keys, values));
        } catch (RedisNoScriptException e) {
            // Redis restarted (or flushed its scripts): send the script itself once.
            ids = call(() -> writer.async().<List<Object>>eval(APPEND_SCRIPT.getBytes(StandardCharsets.UTF_8), ScriptOutputType.MULTI, keys, values));
        }
        long[] out = new long[ids.size()];
        for (int i = 0; i < out.length; i++) out[i] = (Long) ids.get(i);
        return out;
    }

    private interface Call<T> {
        RedisFuture<T> send();
    }

    private <T> T call(Call<T> call) throws InterruptedException {
        try {
            return call.send().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RedisNoScriptException noScript) throw noScript;
            if (cause instanceof RedisCommandExecutionException refused && refused.getMessage() != null
                    && refused.getMessage().startsWith("FENCED")) {
                throw new IllegalStateException(refused.getMessage().substring("FENCED ".length()), refused);
            }
            // Anything else (not reachable, LOADING after a restart, OOM, ...) is retried with the same batch: refusing
            // it would make the source deliver it again later, after messages that came behind it.
            throw new HubUnavailableException("Redis did not take the messages: " + (cause == null ? e : cause).getMessage(), cause);
        } catch (TimeoutException e) {
            throw new HubUnavailableException("Redis did not answer within " + timeout.toMillis() + " ms", e);
        } catch (RedisException e) {
            throw new HubUnavailableException("Redis is not reachable: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        for (RedisStreamHub hub : List.copyOf(live)) hub.close("gateway stopping");
        writer.close();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
