package io.sluice.connectors.redis;

import io.sluice.core.connect.ConnectorFields;
import io.lettuce.core.KeyValue;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Input;
import io.sluice.core.component.Transaction;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code redis_list} input: BLPOP (or BRPOP) from a list. A popped element that the output rejects
 * is pushed back onto the same end of the list it came from, so it is the next one read (by this
 * or any other consumer) and survives a restart of this process once pushed back.
 */
final class RedisListInput implements Input {

    public static final ComponentSpec SPEC = spec();

    private static ComponentSpec spec() {
        List<FieldSpec> f = new ArrayList<>(RedisConnector.fields());
        f.add(FieldSpec.string("key").description("The key of the list to pop from."));
        f.add(ConnectorFields.autoReplayNacks("Push a message the output rejected back onto the list, so that it is read again. False: a rejected message is dropped."));
        f.add(FieldSpec.integer("max_in_flight").defaultValue(0)
                .description("Accepted for compatibility and not used: the stream's own back pressure already bounds the messages in flight."));
        f.add(FieldSpec.duration("timeout").defaultValue("5s").advanced().description("How long one pop blocks waiting for an element before it asks again."));
        f.add(FieldSpec.string("command").defaultValue("blpop").options("blpop", "brpop").advanced().description("`blpop` takes from the head of the list, `brpop` from the tail."));
        return ComponentSpec.input("redis_list")
                .summary("Pops messages off a Redis list, waiting when it is empty.")
                .description("Popping removes the element from Redis at once, so a message in flight when the process dies is lost. "
                        + "A message the output rejects is pushed back where it was popped (LPUSH after BLPOP, RPUSH after BRPOP) and read again next.")
                .categories("Services")
                .fields(f.toArray(new FieldSpec[0]));
    }

    public static Input create(Conf conf, ComponentContext ctx) throws ConfigException {
        return new RedisListInput(conf, ctx);
    }

    private final ComponentContext ctx;
    private final ConnectionSlot popper;
    private final ConnectionSlot pusher;
    private final String key;
    private final boolean autoReplay;
    private final Duration timeout;
    private final boolean left;
    private volatile boolean closed;

    RedisListInput(Conf conf, ComponentContext ctx) throws ConfigException {
        this.ctx = ctx;
        RedisConnector connector = new RedisConnector(conf, ctx);
        this.popper = new ConnectionSlot(connector);
        this.pusher = new ConnectionSlot(connector);
        this.key = conf.string("key");
        this.autoReplay = conf.bool(ConnectorFields.AUTO_REPLAY_NACKS);
        this.timeout = conf.duration("timeout");
        this.left = "blpop".equals(conf.string("command"));
    }

    @Override
    public void connect() throws Exception {
        popper.open();
        pusher.open();
        ctx.log().info("receiving messages from redis list {}", key);
    }

    @Override
    public Transaction read() throws Exception {
        while (true) {
            if (closed) throw new InterruptedException("closed");
            var cmd = popper.get().sync();
            KeyValue<String, byte[]> kv;
            double seconds = Math.max(0.01, timeout.toMillis() / 1000.0);
            try {
                kv = left ? cmd.blpop(seconds, key) : cmd.brpop(seconds, key);
            } catch (Exception e) {
                if (closed) throw new InterruptedException("closed");
                throw popper.classify(left ? "BLPOP" : "BRPOP", e);
            }
            if (kv == null || !kv.hasValue()) continue;
            byte[] value = kv.getValue();
            return new Transaction(Batch.of(new Part(value)), err -> {
                if (err == null) return;
                if (!autoReplay) {
                    ctx.log().warn("redis_list: dropping a rejected message of {}: {}", key, err.getMessage());
                    return;
                }
                pushBack(value);
            });
        }
    }

    private void pushBack(byte[] value) {
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                var cmd = pusher.get().sync();
                if (left) cmd.lpush(key, value); else cmd.rpush(key, value);
                return;
            } catch (Exception e) {
                ctx.log().warn("redis_list: failed to push a rejected message back onto {} (attempt {}): {}", key, attempt + 1, e.getMessage());
                pusher.drop();
                try {
                    Thread.sleep(200L * (attempt + 1));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        ctx.log().error("redis_list: lost a rejected message of {}: it could not be pushed back", key);
    }

    @Override
    public void close() {
        closed = true;
        popper.close();
        pusher.close();
    }
}
