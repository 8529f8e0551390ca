package io.sluice.connectors.redis;

import io.sluice.core.connect.ConnectorFields;
import io.lettuce.core.RedisFuture;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Output;
import io.sluice.core.expr.Interpolation;
import io.sluice.core.message.Batch;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code redis_pubsub} output: PUBLISH each message to an interpolated channel. */
final class RedisPubSubOutput implements Output {

    public static final ComponentSpec SPEC = spec();

    private static ComponentSpec spec() {
        List<FieldSpec> f = new ArrayList<>(RedisConnector.fields());
        f.add(FieldSpec.string("channel").interpolated().description("The channel to publish to, interpolated per message."));
        f.add(ConnectorFields.maxInFlight(64, "Redis"));
        f.add(ConnectorFields.batching());
        return ComponentSpec.output("redis_pubsub")
                .summary("Publishes each message on a Redis pub/sub channel.")
                .description("A successful PUBLISH means Redis passed the message to whoever was subscribed at that moment, possibly nobody. "
                        + "Nothing is stored, so a subscriber that was offline never gets it.")
                .categories("Services")
                .fields(f.toArray(new FieldSpec[0]));
    }

    public static Output create(Conf conf, ComponentContext ctx) throws Exception {
        return new RedisPubSubOutput(conf, ctx);
    }

    private final ConnectionSlot slot;
    private final Interpolation channel;
    private final int maxInFlight;

    RedisPubSubOutput(Conf conf, ComponentContext ctx) throws Exception {
        this.slot = new ConnectionSlot(new RedisConnector(conf, ctx));
        this.channel = conf.interpolation("channel");
        this.maxInFlight = ConnectorFields.maxInFlight(conf);
    }

    @Override
    public int maxInFlight() {
        return maxInFlight;
    }

    @Override
    public void connect() throws Exception {
        slot.open();
    }

    @Override
    public void write(Batch batch) throws Exception {
        var async = slot.get().async();
        List<RedisFuture<Long>> futures = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) futures.add(async.publish(channel.render(batch, i), batch.get(i).bytes()));
        for (RedisFuture<Long> f : futures) {
            try {
                f.get(RedisConnector.COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw slot.classify("PUBLISH", e);
            }
        }
    }

    @Override
    public void close() {
        slot.close();
    }
}
