package io.sluice.connectors.nsq;

import io.sluice.core.registry.ComponentProvider;
import io.sluice.core.registry.ComponentRegistry;

/** Registers the {@code nsq} input and output. */
public final class NsqComponents implements ComponentProvider {
    @Override
    public void register(ComponentRegistry registry) {
        registry.register(NsqInput.SPEC, NsqInput::create);
        registry.register(NsqOutput.SPEC, NsqOutput::create);
    }
}
