package io.sluice.connectors.kafka;

import io.sluice.core.component.Input;
import io.sluice.core.component.NotConnectedException;
import io.sluice.core.component.Output;
import io.sluice.core.config.ConfigException;
import io.sluice.core.engine.Stream;
import io.sluice.core.message.Batch;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BadConfigTest extends KafkaTestSupport {

    private static String closedAddress() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "127.0.0.1:" + s.getLocalPort();
        }
    }

    @Test
    void anUnreachableBrokerNamesTheAddressField() throws Exception {
        String addr = closedAddress();
        Input in = input("kafka_franz", """
                seed_brokers: [ "%s" ]
                topics: [ foo ]
                """.formatted(addr));
        try {
            assertThatThrownBy(in::connect).hasMessageContaining("seed_brokers").hasMessageContaining(addr)
                    .hasMessageContaining("no broker answered");
        } finally {
            in.close();
        }
        Output out = output("kafka", """
                addresses: [ "%s" ]
                topic: foo
                timeout: 1s
                """.formatted(addr));
        try {
            assertThatThrownBy(out::connect).hasMessageContaining("addresses").hasMessageContaining(addr);
            // A write while unreachable asks the engine to reconnect rather than rejecting the messages.
            assertThatThrownBy(() -> out.write(Batch.ofTexts("x"))).isInstanceOf(NotConnectedException.class);
        } finally {
            out.close();
        }
    }

    @Test
    void anUnknownTopicOrPartitionNamesTheTopicsField() throws Exception {
        String missing = uniqueName("missing");
        Input in = input("kafka", """
                addresses: [ "%s" ]
                topics: [ %s ]
                consumer_group: g
                """.formatted(bootstrap(), missing));
        try {
            assertThatThrownBy(in::connect).hasMessageContaining("topic '" + missing + "' does not exist").hasMessageContaining("topics");
        } finally {
            in.close();
        }
        String t = topic("two", 2);
        Input in2 = input("kafka_franz", """
                seed_brokers: [ "%s" ]
                topics: [ "%s:5" ]
                """.formatted(bootstrap(), t));
        try {
            assertThatThrownBy(in2::connect).hasMessageContaining("has 2 partition(s), so partition 5 does not exist");
        } finally {
            in2.close();
        }
    }

    @Test
    void invalidFieldValuesAreConfigErrorsWithTheirPath() {
        assertThatThrownBy(() -> stream("""
                input:
                  kafka_franz:
                    seed_brokers: [ localhost:9092 ]
                    topics: [ "foo:x" ]
                output:
                  test_capture: { name: unused }
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("topics").hasMessageContaining("'x' is not a partition");
        assertThatThrownBy(() -> stream("""
                input:
                  kafka:
                    addresses: [ localhost:9092 ]
                    topics: [ foo ]
                output:
                  test_capture: { name: unused }
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("consumer_group");
        assertThatThrownBy(() -> stream("""
                input:
                  kafka_franz:
                    seed_brokers: [ localhost:9092 ]
                    topics: [ foo ]
                output:
                  kafka_franz:
                    seed_brokers: [ localhost:9092 ]
                    topic: foo
                    partitioner: manual
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("partitioner").hasMessageContaining("partition");
        assertThatThrownBy(() -> stream("""
                input:
                  kafka_franz:
                    seed_brokers: [ localhost:9092 ]
                    topics: [ foo ]
                    sasl:
                      - mechanism: KERBEROS
                output:
                  test_capture: { name: unused }
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("mechanism");
    }

    @Test
    void aBrokenStreamDoesNotStopAHealthyOne() throws Exception {
        Stream bad = stream("""
                input:
                  kafka_franz:
                    seed_brokers: [ "%s" ]
                    topics: [ foo ]
                output:
                  test_capture: { name: %s }
                """.formatted(closedAddress(), uniqueName("bad")));
        String t = topic("healthy", 1);
        produce(t, "h", 0, 5, null);
        String sink = uniqueName("sink");
        Stream good = stream("""
                input:
                  kafka_franz:
                    seed_brokers: [ "%s" ]
                    topics: [ %s ]
                output:
                  test_capture: { name: %s }
                """.formatted(bootstrap(), t, sink));
        try {
            await("healthy stream delivers", Duration.ofSeconds(20), () -> TestComponents.sink(sink).texts().size() == 5);
            assertThat(bad.done()).isNotDone();
        } finally {
            stop(good);
            // Stopping ends the stream that is still trying to connect: its own shutdown, not the
            // forced one at the end of a drain timeout (five minutes here, far beyond the wait below).
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> bad.stop(Duration.ofMinutes(5)));
            bad.done().get(30, TimeUnit.SECONDS);
            stopping.get(30, TimeUnit.SECONDS);
        }
    }
}
