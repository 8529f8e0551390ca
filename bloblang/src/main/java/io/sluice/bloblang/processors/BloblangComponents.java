package io.sluice.bloblang.processors;

import io.sluice.core.registry.ComponentProvider;
import io.sluice.core.registry.ComponentRegistry;

/** Registers the Bloblang processors with the engine. */
public final class BloblangComponents implements ComponentProvider {

    @Override
    public void register(ComponentRegistry registry) {
        registry.register(MappingProcessor.SPEC, MappingProcessor::create);
        registry.register(MutationProcessor.SPEC, MutationProcessor::create);
        registry.register(BloblangProcessor.SPEC, BloblangProcessor::create);
    }
}
