package io.sluice.gateway.cluster;

import io.sluice.core.config.ConfigLoader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Which inputs run on every node of a cluster (the source shares work in a group) and which on one lease holder. */
class InputPlacementTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "kafka: {addresses: [k:9092], topics: [t], consumer_group: g}                  | EVERY_NODE",
            "kafka: {addresses: [k:9092], topics: [t]}                                     | SINGLETON",
            "kafka_franz: {seed_brokers: [k:9092], topics: [t], consumer_group: g}        | EVERY_NODE",
            "amqp_0_9: {urls: [amqp://h], queue: q}                                        | EVERY_NODE",
            "nats: {urls: [nats://h], subject: s, queue: workers}                          | EVERY_NODE",
            "nats: {urls: [nats://h], subject: s}                                          | SINGLETON",
            "nats_jetstream: {urls: [nats://h], subject: s, durable: d}                    | EVERY_NODE",
            "redis_streams: {url: redis://h, streams: [s], consumer_group: g}              | EVERY_NODE",
            "mqtt: {urls: [tcp://h:1883], topics: ['$share/g/sensors/#']}                  | EVERY_NODE",
            "mqtt: {urls: [tcp://h:1883], topics: ['sensors/#']}                           | SINGLETON",
            "http_server: {path: /in}                                                      | EVERY_NODE",
            "generate: {interval: 1s, mapping: 'root = 1'}                                 | SINGLETON",
            "http_client: {url: 'http://h/poll'}                                           | SINGLETON",
            "broker: {inputs: [{http_server: {path: /a}}, {amqp_0_9: {urls: [amqp://h], queue: q}}]} | EVERY_NODE",
            "broker: {inputs: [{http_server: {path: /a}}, {generate: {mapping: 'root = 1'}}]}        | SINGLETON",
            "label: in, processors: [], generate: {mapping: 'root = 1'}                    | SINGLETON",
    })
    void placement(String input, InputPlacement expected) throws Exception {
        var tree = ConfigLoader.withSystemEnv().parse("input: {" + input + "}\noutput: {drop: {}}\n", "stream.yaml");
        assertThat(InputPlacement.of(tree)).isEqualTo(expected);
    }
}
