package io.sluice.connectors.mqtt;

import io.sluice.core.registry.ComponentProvider;
import io.sluice.core.registry.ComponentRegistry;

/** Registers the {@code mqtt} input and output; each component's file holds its spec and factory. */
public final class MqttComponents implements ComponentProvider {

    @Override
    public void register(ComponentRegistry registry) {
        registry.register(MqttInput.SPEC, MqttInput::create);
        registry.register(MqttOutput.SPEC, MqttOutput::create);
    }
}
