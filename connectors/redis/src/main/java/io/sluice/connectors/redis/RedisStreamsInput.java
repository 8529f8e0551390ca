package io.sluice.connectors.redis;

import io.sluice.core.connect.ConnectorFields;
import io.sluice.core.connect.ReplayingInput;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Input;
import io.sluice.core.component.NotConnectedException;
import io.sluice.core.component.Transaction;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code redis_streams} input: XREADGROUP in a consumer group. An entry is XACKed only after the
 * output accepted it (acks are sent every {@code commit_period} and on close); an entry the output
 * rejected is delivered again by the {@link ReplayingInput} in front of it. After every (re)connect the consumer first re-reads its own pending
 * entries list, so entries it had read but not acknowledged before a crash or a lost connection
 * are delivered again.
 */
final class RedisStreamsInput implements Input {

    public static final ComponentSpec SPEC = spec();

    private static ComponentSpec spec() {
        List<FieldSpec> f = new ArrayList<>(RedisConnector.fields());
        f.add(FieldSpec.string("body_key").defaultValue("body").description("The entry field that becomes the message body. Every other field becomes metadata."));
        f.add(FieldSpec.stringList("streams").nonEmpty("at least one stream is required").description("The streams to read, all in the same consumer group."));
        f.add(ConnectorFields.autoReplayNacks("Deliver an entry the output rejected again, until it is accepted; a lasting failure then holds the stream back. "
                        + "False: a rejected entry is acknowledged and so dropped."));
        f.add(FieldSpec.integer("limit").defaultValue(10).description("The most entries one XREADGROUP call returns (COUNT)."));
        f.add(FieldSpec.string("client_id").defaultValue("").description("The consumer's name within the group. Give every running consumer its own: two with the same name share one pending list."));
        f.add(FieldSpec.string("consumer_group").defaultValue("").description("The consumer group, created on connect if the stream has none of that name."));
        f.add(FieldSpec.bool("create_streams").defaultValue(true).advanced().description("Create a missing stream when creating the group (MKSTREAM)."));
        f.add(FieldSpec.bool("start_from_oldest").defaultValue(true).advanced()
                .description("When the group is created here, start it at the stream's first entry; false starts it at new entries only. An existing group keeps its position."));
        f.add(FieldSpec.duration("commit_period").defaultValue("1s").advanced()
                .description("How often acknowledgements (XACK) of delivered entries are sent. They are also sent when the input closes."));
        f.add(FieldSpec.duration("timeout").defaultValue("1s").advanced().description("How long one XREADGROUP call blocks waiting for new entries before it asks again."));
        f.add(FieldSpec.object("autoclaim",
                        FieldSpec.duration("after").defaultValue("").description("Claim entries that stayed unacknowledged (in any consumer's pending list) for longer than this. Empty disables claiming.").example("1h"),
                        FieldSpec.duration("every").defaultValue("1m").description("How often to look for such entries."),
                        FieldSpec.integer("count").defaultValue(10).description("The maximum number of entries claimed per stream each time."))
                .optional().advanced()
                .description("Takes over (XAUTOCLAIM) entries that another consumer of the group read but never acknowledged, "
                        + "e.g. because it was shut down for good. A Sluice extension; off unless `after` is set."));
        return ComponentSpec.input("redis_streams")
                .summary("Reads Redis streams (Redis 5 or newer) as a member of a consumer group.")
                .description("""
                        An entry is a set of fields: `body_key` names the one that holds the body, the others become metadata, and \
                        the entry ID is stored as `redis_stream`.

                        An entry is acknowledged (XACK) only after the output has taken it. After each connect the consumer first \
                        reads its own pending entries again, so an entry read but not acknowledged before a crash or a dropped \
                        connection is delivered once more. Give each running consumer its own `client_id`.""")
                .categories("Services")
                .fields(f.toArray(new FieldSpec[0]));
    }

    public static Input create(Conf conf, ComponentContext ctx) throws ConfigException {
        return ConnectorFields.autoReplayNacks(conf, new RedisStreamsInput(conf, ctx));
    }

    private record Entry(String stream, String id, Part part) {
    }

    private final ComponentContext ctx;
    private final ConnectionSlot reader;
    private final ConnectionSlot acker;
    private final String bodyKey;
    private final List<String> streams;
    private final boolean autoReplay;
    private final int limit;
    private final String clientId;
    private final String group;
    private final boolean createStreams;
    private final boolean fromOldest;
    private final Duration commitPeriod;
    private final Duration timeout;
    private final Duration claimAfter;
    private final Duration claimEvery;
    private final int claimCount;
    private long nextClaim;

    private final Map<String, String> backlog = new LinkedHashMap<>();
    private final ArrayDeque<Entry> buffered = new ArrayDeque<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Map<String, List<String>> toAck = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private Thread committer;

    RedisStreamsInput(Conf conf, ComponentContext ctx) throws ConfigException {
        this.ctx = ctx;
        RedisConnector connector = new RedisConnector(conf, ctx);
        this.reader = new ConnectionSlot(connector);
        this.acker = new ConnectionSlot(connector);
        this.bodyKey = conf.string("body_key");
        this.streams = conf.stringList("streams");
        this.autoReplay = conf.bool(ConnectorFields.AUTO_REPLAY_NACKS);
        this.limit = Math.max(1, conf.integer("limit"));
        this.clientId = conf.string("client_id");
        this.group = conf.string("consumer_group");
        this.createStreams = conf.bool("create_streams");
        this.fromOldest = conf.bool("start_from_oldest");
        this.commitPeriod = conf.duration("commit_period");
        this.timeout = conf.duration("timeout");
        Conf ac = conf.child("autoclaim");
        this.claimAfter = ac.isPresent() ? ac.duration("after") : Duration.ZERO;
        this.claimEvery = ac.isPresent() ? ac.duration("every") : Duration.ZERO;
        this.claimCount = ac.isPresent() ? Math.max(1, ac.integer("count")) : 10;
    }

    @Override
    public synchronized void connect() throws Exception {
        if (reader.isOpen() && acker.isOpen()) return;
        reader.open();
        acker.open();
        var cmd = reader.get().sync();
        for (String s : streams) {
            try {
                cmd.xgroupCreate(XReadArgs.StreamOffset.from(s, fromOldest ? "0" : "$"), group, XGroupCreateArgs.Builder.mkstream(createStreams));
            } catch (RedisBusyException e) {
                // the group exists already
            } catch (Exception e) {
                String msg = RedisConnector.chain(e);
                if (msg.contains("BUSYGROUP")) continue;
                reader.drop();
                acker.drop();
                String hint = msg.contains("requires the key to exist") ? "stream '" + s + "' does not exist and create_streams is false (field 'streams')"
                        : "cannot create consumer group '" + group + "' on stream '" + s + "' (fields 'streams', 'consumer_group')";
                throw new IOException("redis_streams: " + hint + ": " + msg, e);
            }
        }
        synchronized (backlog) {
            backlog.clear();
            for (String s : streams) backlog.put(s, "0");
            buffered.clear();
        }
        if (committer == null) committer = Thread.ofVirtual().name("redis-streams-commit").start(this::commitLoop);
        ctx.log().info("receiving messages from redis streams {} as {}/{}", streams, group, clientId);
    }

    /**
     * The next entry, or null when one XREADGROUP found none (so a rejected entry can be replayed
     * meanwhile).
     */
    @Override
    public Transaction read() throws Exception {
        if (closed) throw new InterruptedException("closed");
        Entry e = nextBuffered();
        if (e == null) {
            fill();
            e = nextBuffered();
            if (e == null) return null;
        }
        inFlight.add(e.id);
        return transaction(e);
    }

    private Entry nextBuffered() {
        synchronized (backlog) {
            return buffered.poll();
        }
    }

    /**
     * An entry's transaction. Its settlement is final (replays happen in front of this input): a
     * rejection with replays off drops the entry; with them on it means the input closed before a
     * replay, and the entry stays pending in the group, to be read again after the next connect.
     */
    private Transaction transaction(Entry e) {
        return new Transaction(Batch.of(e.part), err -> {
            if (err == null || !autoReplay) {
                if (err != null) ctx.log().warn("redis_streams: dropping rejected entry {} of {}: {}", e.id, e.stream, err.getMessage());
                toAck.computeIfAbsent(e.stream, k -> Collections.synchronizedList(new ArrayList<>())).add(e.id);
            }
            inFlight.remove(e.id);
        });
    }

    @SuppressWarnings("unchecked")
    private void fill() throws Exception {
        RedisConnector.Conn c = reader.get();
        if (!claimAfter.isZero() && System.nanoTime() >= nextClaim && claim(c)) return;
        List<XReadArgs.StreamOffset<String>> offsets = new ArrayList<>();
        boolean history;
        synchronized (backlog) {
            history = !backlog.isEmpty();
            for (String s : streams) offsets.add(XReadArgs.StreamOffset.from(s, backlog.getOrDefault(s, ">")));
        }
        XReadArgs args = XReadArgs.Builder.count(limit);
        if (!history && !timeout.isZero()) args.block(timeout);
        List<StreamMessage<String, byte[]>> res;
        try {
            res = c.sync().xreadgroup(Consumer.from(group, clientId), args, offsets.toArray(new XReadArgs.StreamOffset[0]));
        } catch (Exception ex) {
            if (closed) throw new InterruptedException("closed");
            String msg = RedisConnector.chain(ex);
            if (msg.contains("NOGROUP")) {
                reader.drop();
                throw new NotConnectedException("redis_streams: consumer group '" + group + "' or a stream vanished, recreating: " + msg);
            }
            Exception classified = reader.classify("XREADGROUP", ex);
            throw classified;
        }
        Map<String, Integer> perStream = new LinkedHashMap<>();
        synchronized (backlog) {
            for (StreamMessage<String, byte[]> m : res) {
                perStream.merge(m.getStream(), 1, Integer::sum);
                if (backlog.containsKey(m.getStream())) backlog.put(m.getStream(), m.getId());
                if (inFlight.contains(m.getId())) continue; // re-read from our pending list while still in flight
                Entry e = toEntry(m);
                if (e != null) buffered.add(e);
            }
            if (history) {
                // A stream whose history read came back empty has no more pending entries: switch it to new ones.
                for (String s : streams) if (!perStream.containsKey(s)) backlog.remove(s);
            }
        }
    }

    /** XAUTOCLAIM of long-unacknowledged entries of the group; true when it buffered some. */
    private boolean claim(RedisConnector.Conn c) throws Exception {
        nextClaim = System.nanoTime() + Math.max(claimEvery.toNanos(), 1_000_000L);
        boolean found = false;
        for (String s : streams) {
            ClaimedMessages<String, byte[]> claimed;
            try {
                claimed = c.sync().xautoclaim(s, XAutoClaimArgs.Builder.xautoclaim(Consumer.from(group, clientId), claimAfter, "0-0").count(claimCount));
            } catch (Exception ex) {
                if (closed) throw new InterruptedException("closed");
                throw reader.classify("XAUTOCLAIM", ex);
            }
            synchronized (backlog) {
                for (StreamMessage<String, byte[]> m : claimed.getMessages()) {
                    if (m == null || m.getBody() == null || inFlight.contains(m.getId())) continue;
                    Entry e = toEntry(m);
                    if (e != null) {
                        buffered.add(e);
                        found = true;
                    }
                }
            }
            if (!claimed.getMessages().isEmpty()) ctx.log().info("redis_streams: claimed {} idle entries of {}", claimed.getMessages().size(), s);
        }
        return found;
    }

    private Entry toEntry(StreamMessage<String, byte[]> m) {
        Map<String, byte[]> body = m.getBody();
        byte[] raw = body == null ? null : body.get(bodyKey);
        if (raw == null) {
            ctx.log().warn("redis_streams: entry {} of {} has no field '{}' (field 'body_key'); acknowledging and skipping it", m.getId(), m.getStream(), bodyKey);
            toAck.computeIfAbsent(m.getStream(), k -> Collections.synchronizedList(new ArrayList<>())).add(m.getId());
            return null;
        }
        Part p = new Part(raw);
        p.setMeta("redis_stream", m.getId());
        for (Map.Entry<String, byte[]> kv : body.entrySet()) {
            if (!kv.getKey().equals(bodyKey)) p.setMeta(kv.getKey(), new String(kv.getValue(), StandardCharsets.UTF_8));
        }
        return new Entry(m.getStream(), m.getId(), p);
    }

    private void commitLoop() {
        while (!closed) {
            try {
                Thread.sleep(commitPeriod.isZero() ? Duration.ofMillis(100) : commitPeriod);
            } catch (InterruptedException e) {
                break;
            }
            sendAcks();
        }
    }

    private void sendAcks() {
        for (String stream : streams) {
            List<String> ids = toAck.get(stream);
            if (ids == null || ids.isEmpty()) continue;
            String[] batch;
            synchronized (ids) {
                batch = ids.toArray(new String[0]);
                ids.clear();
            }
            try {
                acker.get().sync().xack(stream, group, batch);
            } catch (Exception e) {
                // Keep them for the next round; unacknowledged entries are redelivered at worst.
                synchronized (ids) {
                    ids.addAll(0, List.of(batch));
                }
                Exception c = acker.classify("XACK", e);
                ctx.log().warn("redis_streams: failed to acknowledge {} entries of {}: {}", batch.length, stream, c.getMessage());
                return;
            }
            for (String id : batch) inFlight.remove(id);
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread t = committer;
        if (t != null) t.interrupt();
        sendAcks();
        reader.close();
        acker.close();
    }
}
