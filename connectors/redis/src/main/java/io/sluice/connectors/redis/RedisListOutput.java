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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code redis_list} output: RPUSH (or LPUSH) to an interpolated key; a batch becomes one push per key. */
final class RedisListOutput implements Output {

    public static final ComponentSpec SPEC = spec();

    private static ComponentSpec spec() {
        List<FieldSpec> f = new ArrayList<>(RedisConnector.fields());
        f.add(FieldSpec.string("key").interpolated().description("The list to push to. Interpolated per message, so messages can go to different lists.")
                .example("jobs", "jobs:${! this.priority }", "${! @tenant }:inbox"));
        f.add(ConnectorFields.maxInFlight(64, "Redis"));
        f.add(ConnectorFields.batching());
        f.add(FieldSpec.string("command").defaultValue("rpush").options("rpush", "lpush").advanced()
                .description("`rpush` appends to the tail of the list, `lpush` adds to the head."));
        return ComponentSpec.output("redis_list")
                .summary("Pushes each message onto a Redis list; a missing list is created by the push.")
                .categories("Services")
                .fields(f.toArray(new FieldSpec[0]));
    }

    public static Output create(Conf conf, ComponentContext ctx) throws Exception {
        return new RedisListOutput(conf, ctx);
    }

    private final ConnectionSlot slot;
    private final Interpolation key;
    private final int maxInFlight;
    private final boolean right;

    RedisListOutput(Conf conf, ComponentContext ctx) throws Exception {
        this.slot = new ConnectionSlot(new RedisConnector(conf, ctx));
        this.key = conf.interpolation("key");
        this.maxInFlight = ConnectorFields.maxInFlight(conf);
        this.right = "rpush".equals(conf.string("command"));
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
        Map<String, List<byte[]>> byKey = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) byKey.computeIfAbsent(key.render(batch, i), k -> new ArrayList<>()).add(batch.get(i).bytes());
        List<RedisFuture<Long>> futures = new ArrayList<>();
        for (Map.Entry<String, List<byte[]>> e : byKey.entrySet()) {
            byte[][] values = e.getValue().toArray(new byte[0][]);
            futures.add(right ? async.rpush(e.getKey(), values) : async.lpush(e.getKey(), values));
        }
        for (RedisFuture<Long> f : futures) {
            try {
                f.get(RedisConnector.COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw slot.classify(right ? "RPUSH" : "LPUSH", e);
            }
        }
    }

    @Override
    public void close() {
        slot.close();
    }
}
