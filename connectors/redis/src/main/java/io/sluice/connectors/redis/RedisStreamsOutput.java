package io.sluice.connectors.redis;

import io.sluice.core.connect.ConnectorFields;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.XAddArgs;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.Output;
import io.sluice.core.expr.Interpolation;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.message.Structured;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code redis_streams} output: XADD of the body and the metadata (as fields) to an interpolated stream. */
final class RedisStreamsOutput implements Output {

    public static final ComponentSpec SPEC = spec();

    private static ComponentSpec spec() {
        List<FieldSpec> f = new ArrayList<>(RedisConnector.fields());
        f.add(FieldSpec.string("stream").interpolated().description("The stream each message is added to; created by the first XADD if missing."));
        f.add(FieldSpec.string("body_key").defaultValue("body").description("The entry field that holds the message body."));
        f.add(FieldSpec.integer("max_length").defaultValue(0).description("Trim the stream to about this many entries on each add (MAXLEN ~). 0: no trimming."));
        f.add(ConnectorFields.maxInFlight(64, "Redis"));
        f.add(ConnectorFields.metadataExclude("Metadata keys starting with any of these prefixes are not written.")
                .description("Which metadata is written into the entry as fields."));
        f.add(ConnectorFields.batching());
        return ComponentSpec.output("redis_streams")
                .summary("Appends each message to a Redis stream (Redis 5 or newer) with XADD.")
                .description("""
                        Each entry gets the body under `body_key` and every metadata value as a field of its own; when a metadata \
                        key equals `body_key`, the body wins.

                        `max_length` trims approximately: Redis removes old entries only in whole internal nodes, so the stream can \
                        stay somewhat longer than the number you set.""")
                .categories("Services")
                .fields(f.toArray(new FieldSpec[0]));
    }

    public static Output create(Conf conf, ComponentContext ctx) throws Exception {
        return new RedisStreamsOutput(conf, ctx);
    }

    private final ComponentContext ctx;
    private final ConnectionSlot slot;
    private final Interpolation stream;
    private final String bodyKey;
    private final long maxLength;
    private final int maxInFlight;
    private final List<String> excludePrefixes;

    RedisStreamsOutput(Conf conf, ComponentContext ctx) throws Exception {
        this.ctx = ctx;
        this.slot = new ConnectionSlot(new RedisConnector(conf, ctx));
        this.stream = conf.interpolation("stream");
        this.bodyKey = conf.string("body_key");
        this.maxLength = conf.longValue("max_length");
        this.maxInFlight = ConnectorFields.maxInFlight(conf);
        Conf md = conf.child("metadata");
        this.excludePrefixes = md.isPresent() ? md.stringList("exclude_prefixes") : List.of();
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
        List<RedisFuture<String>> futures = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Part p = batch.get(i);
            Map<String, byte[]> fields = new LinkedHashMap<>();
            for (Map.Entry<String, Object> m : p.metadata().entrySet()) {
                if (m.getValue() == null || excluded(m.getKey())) continue;
                fields.put(m.getKey(), Structured.toText(m.getValue()).getBytes(StandardCharsets.UTF_8));
            }
            fields.put(bodyKey, p.bytes());
            XAddArgs args = new XAddArgs();
            if (maxLength > 0) args.maxlen(maxLength).approximateTrimming();
            futures.add(async.xadd(stream.render(batch, i), args, fields));
        }
        for (RedisFuture<String> f : futures) {
            try {
                f.get(RedisConnector.COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw slot.classify("XADD", e);
            }
        }
    }

    private boolean excluded(String key) {
        for (String p : excludePrefixes) if (key.startsWith(p)) return true;
        return false;
    }

    @Override
    public void close() {
        slot.close();
    }
}
