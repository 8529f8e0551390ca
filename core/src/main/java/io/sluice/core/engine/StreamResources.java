package io.sluice.core.engine;

import io.sluice.core.component.Cache;
import io.sluice.core.component.Input;
import io.sluice.core.component.Output;
import io.sluice.core.component.Processor;
import io.sluice.core.component.RateLimit;
import io.sluice.core.component.Resources;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentNode;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.ResourceRefs;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The stream's labelled resources. They are built on first use, so a processor resource may use a
 * cache resource whatever their order in the file; each is built once and shared.
 */
final class StreamResources implements Resources {
    private final Map<ComponentKind, Map<String, Conf>> declared = new EnumMap<>(ComponentKind.class);
    private final Map<ComponentKind, Map<String, Object>> built = new EnumMap<>(ComponentKind.class);
    private final StreamBuilder.Context ctx;

    StreamResources(StreamBuilder.Context ctx) {
        this.ctx = ctx;
        for (ComponentKind k : ComponentKind.values()) {
            declared.put(k, new HashMap<>());
            built.put(k, new HashMap<>());
        }
    }

    void declare(ComponentKind kind, Conf conf) {
        Object parsed = ComponentNode.parse(conf.node(), kind);
        if (parsed instanceof ComponentNode cn && cn.label() != null) declared.get(kind).put(cn.label(), conf);
    }

    private synchronized Object get(ComponentKind kind, String label) throws ResourceNotFoundException {
        Object existing = built.get(kind).get(label);
        if (existing != null) return existing;
        Conf conf = declared.get(kind).get(label);
        if (conf == null) throw new ResourceNotFoundException(ResourceRefs.notFound(kind, label, declared.get(kind).keySet()));
        try {
            Object c = ctx.build(kind, conf);
            built.get(kind).put(label, c);
            return c;
        } catch (ResourceNotFoundException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("failed to build " + kind.singular() + " resource '" + label + "': " + e.getMessage(), e);
        }
    }

    @Override public Cache cache(String label) throws ResourceNotFoundException { return (Cache) get(ComponentKind.CACHE, label); }
    @Override public RateLimit rateLimit(String label) throws ResourceNotFoundException { return (RateLimit) get(ComponentKind.RATE_LIMIT, label); }
    @Override public Processor processor(String label) throws ResourceNotFoundException { return (Processor) get(ComponentKind.PROCESSOR, label); }
    @Override public Input input(String label) throws ResourceNotFoundException { return (Input) get(ComponentKind.INPUT, label); }
    @Override public Output output(String label) throws ResourceNotFoundException { return (Output) get(ComponentKind.OUTPUT, label); }
    @Override public boolean hasCache(String label) { return declared.get(ComponentKind.CACHE).containsKey(label); }
    @Override public boolean hasRateLimit(String label) { return declared.get(ComponentKind.RATE_LIMIT).containsKey(label); }
    @Override public Set<String> labels(ComponentKind kind) { return Set.copyOf(declared.get(kind).keySet()); }

    /** Closes what was built, newest first. */
    synchronized void close() {
        List<Object> all = new ArrayList<>();
        built.values().forEach(m -> all.addAll(m.values()));
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i) instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing is best effort
                }
            }
        }
    }
}
