package io.sluice.connectors.redis;

import io.sluice.core.connect.ConnectorFields;
import io.sluice.core.connect.ReplayingInput;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code redis_pubsub} input: SUBSCRIBE or PSUBSCRIBE. Redis pub/sub keeps nothing, so delivery is
 * at-most-once across disconnects; within the process a rejected message is replayed from memory
 * ({@code auto_replay_nacks}, by the {@link ReplayingInput} in front of it).
 */
final class RedisPubSubInput implements Input {
    private static final int QUEUE_LIMIT = 100_000;

    public static final ComponentSpec SPEC = spec();

    private static ComponentSpec spec() {
        List<FieldSpec> f = new ArrayList<>(RedisConnector.fields());
        f.add(FieldSpec.stringList("channels").nonEmpty("at least one channel is required").description("The channels to subscribe to; glob patterns when `use_patterns` is true."));
        f.add(FieldSpec.bool("use_patterns").defaultValue(false)
                .description("Subscribe with PSUBSCRIBE, so that channel names are glob patterns."));
        f.add(ConnectorFields.autoReplayNacks("Deliver a message the output rejected again, until it is accepted. False: a rejected message is dropped."));
        return ComponentSpec.input("redis_pubsub")
                .summary("Receives what is published on Redis pub/sub channels.")
                .description("""
                        Redis keeps no copy of what is published: a message sent while the input is not connected is never seen, \
                        and nothing can be redelivered after a crash. Use `redis_streams` or `redis_list` when messages must not be lost.

                        With `use_patterns: true`, channel names are globs: `?` matches one character, `*` any run of characters, \
                        `[ab]` one of the listed characters, and `\\` makes the next character literal. `orders.*` receives \
                        `orders.created` and `orders.paid`.""")
                .categories("Services")
                .fields(f.toArray(new FieldSpec[0]));
    }

    public static Input create(Conf conf, ComponentContext ctx) throws ConfigException {
        return ConnectorFields.autoReplayNacks(conf, new RedisPubSubInput(conf, ctx));
    }

    private final ComponentContext ctx;
    private final RedisConnector connector;
    private final List<String> channels;
    private final boolean patterns;
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>(QUEUE_LIMIT);
    private volatile RedisConnector.PubSubConn conn;
    private volatile boolean closed;
    private long dropped;

    RedisPubSubInput(Conf conf, ComponentContext ctx) throws ConfigException {
        this.ctx = ctx;
        this.connector = new RedisConnector(conf, ctx);
        this.channels = conf.stringList("channels");
        this.patterns = conf.bool("use_patterns");
    }

    @Override
    public synchronized void connect() throws Exception {
        if (conn != null && conn.isOpen()) return;
        if (conn != null) conn.close();
        RedisConnector.PubSubConn c = connector.openPubSub();
        c.connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, byte[] message) {
                offer(message);
            }

            @Override
            public void message(String pattern, String channel, byte[] message) {
                offer(message);
            }
        });
        String[] chans = channels.toArray(new String[0]);
        try {
            if (patterns) c.connection.sync().psubscribe(chans); else c.connection.sync().subscribe(chans);
        } catch (Exception e) {
            c.close();
            throw new IOException("redis_pubsub: cannot subscribe to " + channels + " (field 'channels'): " + RedisConnector.chain(e), e);
        }
        conn = c;
        ctx.log().info("receiving messages from redis pub/sub {} {}", patterns ? "patterns" : "channels", channels);
    }

    private void offer(byte[] message) {
        if (!queue.offer(message)) {
            if (dropped++ % 10_000 == 0) ctx.log().warn("redis_pubsub: the input falls behind; dropped {} messages so far", dropped);
        }
    }

    /**
     * The next message, or null when none came within a short poll (so a rejected one can be replayed
     * meanwhile). Nothing to do when a message is settled: Redis keeps no copy to acknowledge.
     */
    @Override
    public Transaction read() throws Exception {
        if (closed) throw new InterruptedException("closed");
        byte[] m = queue.poll(200, TimeUnit.MILLISECONDS);
        if (m != null) return new Transaction(Batch.of(new Part(m)), null);
        RedisConnector.PubSubConn c = conn;
        if (c == null || !c.isOpen()) {
            if (closed) throw new InterruptedException("closed");
            throw new NotConnectedException("redis_pubsub: connection lost");
        }
        return null;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (conn != null) conn.close();
        conn = null;
    }
}
