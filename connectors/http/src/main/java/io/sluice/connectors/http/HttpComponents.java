package io.sluice.connectors.http;

import io.sluice.core.registry.ComponentProvider;
import io.sluice.core.registry.ComponentRegistry;

/** Registers the {@code http_client} input and output and the {@code http} processor. */
public final class HttpComponents implements ComponentProvider {
    @Override
    public void register(ComponentRegistry registry) {
        registry.register(HttpClientInput.SPEC, HttpClientInput::create);
        registry.register(HttpClientOutput.SPEC, HttpClientOutput::create);
        registry.register(HttpProcessor.SPEC, HttpProcessor::create);
    }
}
