package io.sluice.connectors.redis;

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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code redis_pubsub} input: SUBSCRIBE or PSUBSCRIBE. Redis pub/sub keeps nothing, so delivery is
 * at-most-once across disconnects; within the process a rejected message is replayed from memory
 * ({@code auto_replay_nacks}).
 */
final class RedisPubSubInput implements Input {
    private static final int QUEUE_LIMIT = 100_000;

    static ComponentSpec spec() {
        List<FieldSpec> f = new ArrayList<>(RedisConnector.fields());
        f.add(FieldSpec.stringList("channels").description("A list of channels to consume from."));
        f.add(FieldSpec.bool("use_patterns").defaultValue(false)
                .description("Whether to use the PSUBSCRIBE command, allowing for glob-style patterns within target channel names."));
        f.add(FieldSpec.bool("auto_replay_nacks").defaultValue(true)
                .description("Whether messages that are rejected (nacked) at the output level should be automatically replayed indefinitely, "
                        + "eventually resulting in back pressure if the cause of the rejections is persistent. If set to `false` these messages "
                        + "will instead be deleted."));
        return ComponentSpec.input("redis_pubsub")
                .summary("Consume from a Redis publish/subscribe channel using either the SUBSCRIBE or PSUBSCRIBE commands.")
                .description("""
                        In order to subscribe to channels using the `PSUBSCRIBE` command set the field `use_patterns` to `true`, then you \
                        can include glob-style patterns in your channel names. For example:

                        - `h?llo` subscribes to hello, hallo and hxllo
                        - `h*llo` subscribes to hllo and heeeello
                        - `h[ae]llo` subscribes to hello and hallo, but not hillo

                        Use `\\` to escape special characters if you want to match them verbatim.

                        Redis does not store published messages: what is published while the input is disconnected is not seen.""")
                .categories("Services")
                .fields(f.toArray(new FieldSpec[0]));
    }

    private final ComponentContext ctx;
    private final RedisConnector connector;
    private final List<String> channels;
    private final boolean patterns;
    private final boolean autoReplay;
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>(QUEUE_LIMIT);
    private final ConcurrentLinkedDeque<byte[]> replay = new ConcurrentLinkedDeque<>();
    private volatile RedisConnector.PubSubConn conn;
    private volatile boolean closed;
    private long dropped;

    RedisPubSubInput(Conf conf, ComponentContext ctx) throws ConfigException {
        this.ctx = ctx;
        this.connector = new RedisConnector(conf, ctx);
        this.channels = conf.stringList("channels");
        if (channels.isEmpty()) throw new ConfigException(conf.position(), conf.path() + ".channels", "at least one channel is required");
        this.patterns = conf.bool("use_patterns");
        this.autoReplay = conf.bool("auto_replay_nacks");
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
            throw new java.io.IOException("redis_pubsub: cannot subscribe to " + channels + " (field 'channels'): " + RedisConnector.chain(e), e);
        }
        conn = c;
        ctx.log().info("receiving messages from redis pub/sub {} {}", patterns ? "patterns" : "channels", channels);
    }

    private void offer(byte[] message) {
        if (!queue.offer(message)) {
            if (dropped++ % 10_000 == 0) ctx.log().warn("redis_pubsub: the input falls behind; dropped {} messages so far", dropped);
        }
    }

    @Override
    public Transaction read() throws Exception {
        while (true) {
            if (closed) throw new InterruptedException("closed");
            byte[] m = replay.poll();
            if (m == null) m = queue.poll(200, TimeUnit.MILLISECONDS);
            if (m != null) {
                byte[] body = m;
                return new Transaction(Batch.of(new Part(body)), err -> {
                    if (err != null && autoReplay && !closed) replay.add(body);
                });
            }
            RedisConnector.PubSubConn c = conn;
            if (c == null || !c.isOpen()) {
                if (closed) throw new InterruptedException("closed");
                throw new NotConnectedException("redis_pubsub: connection lost");
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (conn != null) conn.close();
        conn = null;
    }
}
