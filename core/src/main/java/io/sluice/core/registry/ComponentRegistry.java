package io.sluice.core.registry;

import io.sluice.core.builtin.CoreComponents;
import io.sluice.core.spec.ComponentKind;
import io.sluice.core.spec.ComponentSpec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Every known component, by kind and name, with its spec and factory. */
public final class ComponentRegistry {

    public record Registration(ComponentSpec spec, ComponentFactory<?> factory) {
    }

    private final Map<ComponentKind, Map<String, Registration>> byKind = new EnumMap<>(ComponentKind.class);

    public ComponentRegistry() {
        for (ComponentKind k : ComponentKind.values()) byKind.put(k, new TreeMap<>());
    }

    /** A registry holding every component that the class path provides. */
    public static ComponentRegistry global() {
        return Global.INSTANCE;
    }

    private static final class Global {
        static final ComponentRegistry INSTANCE = load();
    }

    public static ComponentRegistry load() {
        ComponentRegistry r = new ComponentRegistry();
        new CoreComponents().register(r);
        for (ComponentProvider p : ServiceLoader.load(ComponentProvider.class)) p.register(r);
        return r;
    }

    public synchronized void register(ComponentSpec spec, ComponentFactory<?> factory) {
        Map<String, Registration> m = byKind.get(spec.kind());
        if (m.containsKey(spec.name())) {
            throw new IllegalStateException(spec.kind().singular() + " '" + spec.name() + "' is registered twice");
        }
        m.put(spec.name(), new Registration(spec, factory));
    }

    /** Registers the same component under another name (e.g. {@code kafka_franz} for {@code kafka}). */
    public void alias(ComponentKind kind, String existing, String alias) {
        Registration r = find(kind, existing).orElseThrow(() -> new IllegalStateException("no " + kind.singular() + " " + existing));
        register(r.spec().withName(alias), r.factory());
    }

    public synchronized Optional<Registration> find(ComponentKind kind, String name) {
        return Optional.ofNullable(byKind.get(kind).get(name));
    }

    public synchronized Collection<String> names(ComponentKind kind) {
        return List.copyOf(byKind.get(kind).keySet());
    }

    public synchronized List<ComponentSpec> specs(ComponentKind kind) {
        List<ComponentSpec> l = new ArrayList<>();
        for (Registration r : byKind.get(kind).values()) l.add(r.spec());
        return l;
    }
}
