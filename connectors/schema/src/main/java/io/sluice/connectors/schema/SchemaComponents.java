package io.sluice.connectors.schema;

import io.sluice.core.registry.ComponentProvider;
import io.sluice.core.registry.ComponentRegistry;

/** Registers the processors that work with schemas: protobuf, and the schema registry decoder and encoder. */
public final class SchemaComponents implements ComponentProvider {

    @Override
    public void register(ComponentRegistry r) {
        r.register(ProtobufProcessor.SPEC, ProtobufProcessor::create);
        r.register(SchemaRegistryDecodeProcessor.SPEC, SchemaRegistryDecodeProcessor::create);
        r.register(SchemaRegistryEncodeProcessor.SPEC, SchemaRegistryEncodeProcessor::create);
    }
}
