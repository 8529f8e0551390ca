package io.sluice.connectors.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.RateLimit;
import io.sluice.core.config.ConfigException;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code redis} rate limit: a fixed window counted in Redis, so every process that names the same
 * {@code key} shares one budget of {@code count} accesses per {@code interval}. One Lua script
 * increments the counter, starts the window on the first access, and returns how long to wait
 * when the budget is spent.
 */
final class RedisRateLimit implements RateLimit {

    public static final ComponentSpec SPEC = spec();

    private static ComponentSpec spec() {
        List<FieldSpec> f = new ArrayList<>(RedisConnector.fields());
        f.add(FieldSpec.integer("count").defaultValue(1000).min(1, "count must be larger than zero").description("How many accesses one window allows."));
        f.add(FieldSpec.duration("interval").defaultValue("1s").description("The length of a window."));
        f.add(FieldSpec.string("key").nonEmpty("a key is required").description("The Redis key of the counter. Processes that use the same key share one budget."));
        return ComponentSpec.rateLimit("redis")
                .summary("A rate limit counted in Redis, so that many processes share it: at most `count` accesses per `interval`, in fixed windows.")
                .description("A window starts with its first access. Give every process that shares a `key` the same `count` and "
                        + "`interval`: each one compares the shared counter with its own `count`.")
                .categories("Services")
                .fields(f.toArray(new FieldSpec[0]));
    }

    public static RateLimit create(Conf conf, ComponentContext ctx) throws ConfigException {
        return new RedisRateLimit(conf, ctx);
    }

    private static final String SCRIPT = """
            local n = redis.call('INCR', KEYS[1])
            if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
            if n > tonumber(ARGV[1]) then
              local left = redis.call('PTTL', KEYS[1])
              if left < 0 then
                redis.call('PEXPIRE', KEYS[1], ARGV[2])
                left = tonumber(ARGV[2])
              end
              return left
            end
            return 0
            """;

    private final ConnectionSlot slot;
    private final String key;
    private final long count;
    private final Duration interval;
    private volatile String sha;

    RedisRateLimit(Conf conf, ComponentContext ctx) throws ConfigException {
        this.slot = new ConnectionSlot(new RedisConnector(conf, ctx));
        this.key = conf.string("key");
        this.count = conf.longValue("count");
        this.interval = conf.duration("interval");
        if (interval.toMillis() <= 0) throw conf.invalid("interval", "interval must be at least 1ms");
    }

    @Override
    public Duration access() throws Exception {
        var cmd = slot.get().sync();
        String[] keys = {key};
        byte[][] args = {Long.toString(count).getBytes(StandardCharsets.US_ASCII), Long.toString(interval.toMillis()).getBytes(StandardCharsets.US_ASCII)};
        Long wait;
        try {
            if (sha == null) sha = cmd.scriptLoad(SCRIPT);
            try {
                wait = cmd.evalsha(sha, ScriptOutputType.INTEGER, keys, args);
            } catch (RedisNoScriptException e) {
                sha = cmd.scriptLoad(SCRIPT);
                wait = cmd.evalsha(sha, ScriptOutputType.INTEGER, keys, args);
            }
        } catch (Exception e) {
            throw slot.classify("rate limit script", e);
        }
        return wait == null || wait <= 0 ? Duration.ZERO : Duration.ofMillis(wait);
    }

    @Override
    public void close() {
        slot.close();
    }
}
