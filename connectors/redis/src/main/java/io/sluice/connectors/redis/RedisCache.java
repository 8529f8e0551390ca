package io.sluice.connectors.redis;

import io.lettuce.core.SetArgs;
import io.sluice.core.component.Cache;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.NotConnectedException;
import io.sluice.core.engine.Backoff;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code redis} cache: GET / SET (PX ttl) / SET NX / DEL under an optional key prefix, retried on lost connections. */
final class RedisCache implements Cache {

    public static final ComponentSpec SPEC = spec();

    private static ComponentSpec spec() {
        List<FieldSpec> f = new ArrayList<>(RedisConnector.fields());
        f.add(FieldSpec.string("prefix").optional().advanced().description("Put before every key, so that several caches or services can share one Redis without clashing."));
        f.add(FieldSpec.duration("default_ttl").optional().advanced().description("The TTL of an item written without one, counted from the write. Unset or zero: items do not expire."));
        f.add(FieldSpec.object("retries",
                        FieldSpec.duration("initial_interval").defaultValue("500ms").description("The first wait before retrying."),
                        FieldSpec.duration("max_interval").defaultValue("1s").description("The longest wait between two attempts; waits grow up to it."),
                        FieldSpec.duration("max_elapsed_time").defaultValue("5s").description("Give up and fail the operation once retrying would take longer than this in total."))
                .advanced().description("Retrying an operation that failed because the connection was lost. Other errors fail at once."));
        return ComponentSpec.cache("redis")
                .summary("Keeps cache items in Redis, shared by every process that uses the same server and prefix.")
                .categories("Services")
                .fields(f.toArray(new FieldSpec[0]));
    }

    public static Cache create(Conf conf, ComponentContext ctx) throws Exception {
        return new RedisCache(conf, ctx);
    }

    @FunctionalInterface
    private interface Call<T> {
        T run(RedisConnector.Conn c) throws Exception;
    }

    private final ConnectionSlot slot;
    private final String prefix;
    private final Duration defaultTtl;
    private final Duration initial, max, maxElapsed;

    RedisCache(Conf conf, ComponentContext ctx) throws Exception {
        this.slot = new ConnectionSlot(new RedisConnector(conf, ctx));
        String p = conf.string("prefix");
        this.prefix = p == null ? "" : p;
        this.defaultTtl = conf.isSet("default_ttl") ? conf.duration("default_ttl") : null;
        Conf r = conf.child("retries");
        this.initial = r.duration("initial_interval");
        this.max = r.duration("max_interval");
        this.maxElapsed = r.duration("max_elapsed_time");
    }

    private <T> T retrying(String what, Call<T> call) throws Exception {
        Backoff backoff = new Backoff(initial.isZero() ? Duration.ofMillis(1) : initial, max.isZero() ? Duration.ofMillis(1) : max);
        long end = System.nanoTime() + maxElapsed.toNanos();
        while (true) {
            Exception failure;
            try {
                return call.run(slot.get());
            } catch (NotConnectedException e) {
                failure = e;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                failure = slot.classify(what, e);
                if (!(failure instanceof NotConnectedException)) throw failure;
            }
            Duration wait = backoff.next();
            if (System.nanoTime() + wait.toNanos() > end) throw failure;
            Thread.sleep(wait);
        }
    }

    private SetArgs ttlArgs(Duration ttl) {
        Duration t = ttl != null ? ttl : defaultTtl;
        SetArgs a = new SetArgs();
        if (t != null && !t.isZero() && !t.isNegative()) a.px(t.toMillis());
        return a;
    }

    @Override
    public Optional<byte[]> get(String key) throws Exception {
        return Optional.ofNullable(retrying("GET", c -> c.sync().get(prefix + key)));
    }

    @Override
    public void set(String key, byte[] value, Duration ttl) throws Exception {
        retrying("SET", c -> c.sync().set(prefix + key, value, ttlArgs(ttl)));
    }

    @Override
    public boolean add(String key, byte[] value, Duration ttl) throws Exception {
        String r = retrying("SET NX", c -> c.sync().set(prefix + key, value, ttlArgs(ttl).nx()));
        return "OK".equals(r);
    }

    @Override
    public void delete(String key) throws Exception {
        retrying("DEL", c -> c.sync().del(prefix + key));
    }

    @Override
    public void close() {
        slot.close();
    }
}
