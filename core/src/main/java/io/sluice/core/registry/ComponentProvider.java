package io.sluice.core.registry;

/**
 * Found by {@link java.util.ServiceLoader}: each module that brings components lists one provider in
 * {@code META-INF/services/io.sluice.core.registry.ComponentProvider}, so the core never names them.
 */
public interface ComponentProvider {
    void register(ComponentRegistry registry);
}
