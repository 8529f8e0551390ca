package io.sluice.connectors.kafka;

import io.sluice.core.registry.ComponentProvider;
import io.sluice.core.registry.ComponentRegistry;

/**
 * Registers the Kafka input and output under both names of the dialect, {@code kafka} and
 * {@code kafka_franz}. Their field names differ, so each name has its own spec; one implementation
 * serves both.
 */
public final class KafkaComponents implements ComponentProvider {
    @Override
    public void register(ComponentRegistry registry) {
        registry.register(KafkaSpecs.kafkaInput(), (conf, ctx) -> KafkaInput.create(conf, ctx, Dialect.KAFKA));
        registry.register(KafkaSpecs.franzInput(), (conf, ctx) -> KafkaInput.create(conf, ctx, Dialect.FRANZ));
        registry.register(KafkaSpecs.kafkaOutput(), (conf, ctx) -> KafkaOutput.create(conf, ctx, Dialect.KAFKA));
        registry.register(KafkaSpecs.franzOutput(), (conf, ctx) -> KafkaOutput.create(conf, ctx, Dialect.FRANZ));
    }
}
