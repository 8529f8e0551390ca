package io.sluice.connectors.amqp;

import io.sluice.core.component.Input;
import io.sluice.core.component.Output;
import io.sluice.core.config.ConfigException;
import io.sluice.core.engine.Stream;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentKind;
import io.sluice.testkit.TcpProxy;
import io.sluice.testkit.TestComponents;
import io.sluice.testkit.TestKit;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.sluice.testkit.TestKit.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * amqp_1 input and output against an embedded Apache ActiveMQ Artemis (AMQP 1.0) that the test
 * starts on a free loopback port, with authentication on (user sluice / s3cret). The RabbitMQ on
 * this machine (3.10) speaks AMQP 1.0 only through a plugin that a fresh CI machine lacks.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class Amqp1BrokerTest {
    private static EmbeddedActiveMQ broker;
    private static int port;
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final List<Stream> streams = new ArrayList<>();

    @BeforeAll
    static void startBroker() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("sluice-artemis");
        Configuration cfg = new ConfigurationImpl();
        cfg.setPersistenceEnabled(false);
        cfg.setSecurityEnabled(true);
        cfg.setJMXManagementEnabled(false);
        cfg.setBrokerInstance(dir.toFile());
        cfg.addAcceptorConfiguration("amqp", "tcp://127.0.0.1:" + port + "?protocols=AMQP");
        cfg.addAddressSetting("#", new AddressSettings().setAutoCreateQueues(true).setAutoCreateAddresses(true)
                .setDefaultAddressRoutingType(RoutingType.ANYCAST).setRedeliveryDelay(0).setMaxDeliveryAttempts(-1));
        cfg.putSecurityRoles("#", Set.of(new Role("all", true, true, true, true, true, true, true, true, true, true, true, true)));
        SecurityConfiguration users = new SecurityConfiguration();
        users.addUser("sluice", "s3cret");
        users.addRole("sluice", "all");
        broker = new EmbeddedActiveMQ().setConfiguration(cfg)
                .setSecurityManager(new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users));
        broker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) broker.stop();
    }

    @AfterEach
    void stopStreams() {
        for (Stream s : streams) TestKit.stop(s);
    }

    private Stream start(String yaml) throws Exception {
        Stream s = TestKit.startStream(yaml);
        streams.add(s);
        return s;
    }

    private static String url() {
        return "amqp://127.0.0.1:" + port;
    }

    private static String auth() {
        return "sasl: { mechanism: plain, user: sluice, password: s3cret }\n";
    }

    @Test
    void roundTripCarriesMetadataAsApplicationProperties() throws Exception {
        String address = "orders-" + id;
        String sink = "rt" + id;
        String feedName = "rt-feed" + id;
        start("input:\n  amqp_1:\n" + ("urls: [ \"%s\" ]\nsource_address: %s\nread_header: true\n".formatted(url(), address) + auth()).indent(4)
                + "output:\n  test_collect: { name: " + sink + " }\n");
        start("input:\n  test_feed: { name: " + feedName + " }\noutput:\n  amqp_1:\n"
                + ("urls: [ \"amqp://sluice:s3cret@127.0.0.1:%d\" ]\ntarget_address: %s\npersistent: true\nmetadata: { exclude_prefixes: [ \"internal_\" ] }\n"
                .formatted(port, address)).indent(4));
        TestComponents.Feed feed = TestComponents.feed(feedName);
        Part p = Part.of("hello amqp 1.0");
        p.setMeta("color", "red");
        p.setMeta("count", 3L);
        p.setMeta("internal_note", "not sent");
        feed.queue.add(p);
        TestComponents.Sink got = TestComponents.sink(sink);
        assertThat(got.awaitCount(1, Duration.ofSeconds(15))).isTrue();
        Part m = got.accepted.get(0);
        assertThat(m.text()).isEqualTo("hello amqp 1.0");
        assertThat(m.metadata()).containsEntry("color", "red").containsEntry("count", 3L)
                .containsEntry("amqp_durable", "true").doesNotContainKey("internal_note");
        // the sending stream's input is acknowledged when its write returns, which may come after the receiver has the message
        await("the feed acknowledged", Duration.ofSeconds(10), () -> feed.acked.get() == 1);
        assertThat(feed.acked.get()).isEqualTo(1);
    }

    @Test
    void rejectedDeliveryIsModifiedAndRedelivered() throws Exception {
        String address = "flaky-" + id;
        String sink = "fl" + id;
        start("input:\n  amqp_1:\n" + ("urls: [ \"%s\" ]\nsource_address: %s\nread_header: true\n".formatted(url(), address) + auth()).indent(4)
                + "output:\n  test_collect: { name: " + sink + ", fail_first: 2 }\n");
        Output out = (Output) TestKit.component(ComponentKind.OUTPUT, "amqp_1", "urls: [ \"%s\" ]\ntarget_address: %s\n".formatted(url(), address) + auth());
        out.connect();
        out.write(Batch.ofTexts("try again"));
        out.close();
        TestComponents.Sink got = TestComponents.sink(sink);
        assertThat(got.awaitCount(1, Duration.ofSeconds(15))).isTrue();
        assertThat(got.attempts.get()).isEqualTo(3);
        assertThat(got.texts()).containsExactly("try again");
        assertThat(Long.parseLong(got.accepted.get(0).metaString("amqp_delivery_count"))).as("failed attempts counted").isGreaterThanOrEqualTo(2);
    }

    @Test
    void reconnectsAfterTheConnectionIsCut() throws Exception {
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", port)) {
            String address = "rc-" + id;
            String sink = "rc" + id;
            String feedName = "rc-feed" + id;
            String via = "amqp://127.0.0.1:" + proxy.port();
            start("input:\n  amqp_1:\n" + ("urls: [ \"%s\" ]\nsource_address: %s\n".formatted(via, address) + auth()).indent(4)
                    + "output:\n  test_collect: { name: " + sink + " }\n");
            start("input:\n  test_feed: { name: " + feedName + " }\noutput:\n  amqp_1:\n"
                    + ("urls: [ \"%s\" ]\ntarget_address: %s\nmax_in_flight: 4\n".formatted(via, address) + auth()).indent(4));
            TestComponents.Feed feed = TestComponents.feed(feedName);
            TestComponents.Sink got = TestComponents.sink(sink);
            OutputReconnectCheck.survivesAnOutage(feed, got, proxy, Duration.ofSeconds(15), Duration.ofSeconds(25));
        }
    }

    @Test
    void wrongPasswordNamesSaslAndTheBrokerAnswer() throws Exception {
        Input in = (Input) TestKit.component(ComponentKind.INPUT, "amqp_1",
                "urls: [ \"%s\" ]\nsource_address: x\nsasl: { mechanism: plain, user: sluice, password: nope }\n".formatted(url()));
        assertThatThrownBy(in::connect).hasMessageContaining("urls").hasMessageContaining("SASL").hasMessageContaining("sasl.password");
        in.close();
    }

    @Test
    void unreachableBrokerNamesTheUrl() throws Exception {
        Output out = (Output) TestKit.component(ComponentKind.OUTPUT, "amqp_1", "urls: [ \"amqp://127.0.0.1:1\" ]\ntarget_address: x\n");
        assertThatThrownBy(out::connect).hasMessageContaining("urls").hasMessageContaining("amqp://127.0.0.1:1");
        out.close();
    }

    @Test
    void badFieldsFailAtBuildWithTheirPath() {
        assertThatThrownBy(() -> TestKit.component(ComponentKind.INPUT, "amqp_1", "source_address: x\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("urls");
        assertThatThrownBy(() -> TestKit.component(ComponentKind.INPUT, "amqp_1", "urls: [ \"amqp://x\" ]\nsource_address: x\ncredit: 0\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("amqp_1.credit");
        assertThatThrownBy(() -> TestKit.component(ComponentKind.OUTPUT, "amqp_1", "urls: [ \"amqp://x\" ]\ntarget_address: x\nsasl: { mechanism: scram }\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sasl.mechanism");
    }
}
