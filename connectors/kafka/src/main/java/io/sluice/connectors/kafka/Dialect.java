package io.sluice.connectors.kafka;

/** Which generation of the config dialect a component was configured with. */
enum Dialect {
    /** {@code kafka}: {@code addresses}, one {@code sasl} object, {@code kafka_lag} metadata, all metadata as headers. */
    KAFKA("kafka", "addresses"),
    /** {@code kafka_franz}: {@code seed_brokers}, a {@code sasl} list, opt-in metadata headers. */
    FRANZ("kafka_franz", "seed_brokers");

    final String component;
    final String brokersField;

    Dialect(String component, String brokersField) {
        this.component = component;
        this.brokersField = brokersField;
    }
}
