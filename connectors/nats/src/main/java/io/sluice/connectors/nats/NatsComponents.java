package io.sluice.connectors.nats;

import io.sluice.core.registry.ComponentProvider;
import io.sluice.core.registry.ComponentRegistry;

/** Registers the {@code nats} and {@code nats_jetstream} inputs and outputs. */
public final class NatsComponents implements ComponentProvider {
    @Override
    public void register(ComponentRegistry registry) {
        registry.register(NatsInput.SPEC, NatsInput::create);
        registry.register(NatsOutput.SPEC, NatsOutput::create);
        registry.register(JetStreamInput.SPEC, JetStreamInput::create);
        registry.register(JetStreamOutput.SPEC, JetStreamOutput::create);
    }
}
