package io.sluice.connectors.nats;

import io.sluice.core.registry.ComponentProvider;
import io.sluice.core.registry.ComponentRegistry;

/** Registers the {@code nats} and {@code nats_jetstream} inputs and outputs. */
public final class NatsComponents implements ComponentProvider {
    @Override
    public void register(ComponentRegistry registry) {
        registry.register(NatsInput.spec(), NatsInput::new);
        registry.register(NatsOutput.spec(), NatsOutput::new);
        registry.register(JetStreamInput.spec(), JetStreamInput::new);
        registry.register(JetStreamOutput.spec(), JetStreamOutput::new);
    }
}
