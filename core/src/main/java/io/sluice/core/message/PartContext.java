package io.sluice.core.message;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Per-message attachments that follow a part and all its copies through a pipeline (for example the
 * store a {@code sync_response} output writes into, or a request's context variables).
 */
public final class PartContext {
    private static final VarHandle VALUES;

    static {
        try {
            VALUES = MethodHandles.lookup().findVarHandle(PartContext.class, "values", ConcurrentHashMap.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // Made on the first put: every copied message gets a context, few ever hold anything.
    private volatile ConcurrentHashMap<Class<?>, Object> values;

    public <T> T get(Class<T> key) {
        ConcurrentHashMap<Class<?>, Object> v = values;
        return v == null ? null : key.cast(v.get(key));
    }

    public <T> void put(Class<T> key, T value) {
        values().put(key, value);
    }

    public <T> T computeIfAbsent(Class<T> key, Function<Class<?>, T> factory) {
        return key.cast(values().computeIfAbsent(key, factory::apply));
    }

    private ConcurrentHashMap<Class<?>, Object> values() {
        ConcurrentHashMap<Class<?>, Object> v = values;
        if (v != null) return v;
        ConcurrentHashMap<Class<?>, Object> made = new ConcurrentHashMap<>();
        // Two threads may race to make it; both must end up with the same map.
        ConcurrentHashMap<Class<?>, Object> witness = (ConcurrentHashMap<Class<?>, Object>) VALUES.compareAndExchange(this, null, made);
        return witness == null ? made : witness;
    }
}
