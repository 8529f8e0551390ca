package io.sluice.connectors.amqp;

import io.sluice.core.registry.ComponentProvider;
import io.sluice.core.registry.ComponentRegistry;

/** Registers {@code amqp_0_9} and {@code amqp_1}, input and output; each component's file holds its spec and factory. */
public final class AmqpComponents implements ComponentProvider {

    @Override
    public void register(ComponentRegistry registry) {
        registry.register(Amqp09Input.SPEC, Amqp09Input::create);
        registry.register(Amqp09Output.SPEC, Amqp09Output::create);
        registry.register(Amqp1Input.SPEC, Amqp1Input::create);
        registry.register(Amqp1Output.SPEC, Amqp1Output::create);
    }
}
