package io.sluice.console.webhook;

import io.sluice.core.registry.ComponentProvider;
import io.sluice.core.registry.ComponentRegistry;

/** Registers the console's stream components. */
public final class WebhookComponents implements ComponentProvider {

    @Override
    public void register(ComponentRegistry registry) {
        registry.register(PortalWebhookOutput.SPEC, PortalWebhookOutput::create);
    }
}
