package io.sluice.connectors.nsq;

import io.sluice.core.component.Input;
import io.sluice.core.component.Output;
import io.sluice.core.message.Batch;
import io.sluice.core.spec.ComponentKind;
import org.junit.jupiter.api.Test;

import static io.sluice.testkit.TestKit.build;
import static io.sluice.testkit.TestKit.freePort;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad configs fail with the field named; unreachable addresses are real closed loopback ports. */
class NsqConfigTest {

    @Test
    void invalidNamesAndMissingAddressesNameTheField() {
        assertThatThrownBy(() -> build(ComponentKind.INPUT, "nsq", "nsqd_tcp_addresses: [ localhost:4150 ]\ntopic: 'bad topic'\nchannel: c\n"))
                .hasMessageContaining("nsq.topic").hasMessageContaining("invalid NSQ topic name");
        assertThatThrownBy(() -> build(ComponentKind.INPUT, "nsq", "nsqd_tcp_addresses: [ localhost:4150 ]\ntopic: t\nchannel: 'c/x'\n"))
                .hasMessageContaining("nsq.channel");
        assertThatThrownBy(() -> build(ComponentKind.INPUT, "nsq", "nsqd_tcp_addresses: []\nlookupd_http_addresses: []\ntopic: t\nchannel: c\n"))
                .hasMessageContaining("nsqd_tcp_addresses");
        assertThatThrownBy(() -> build(ComponentKind.OUTPUT, "nsq", "nsqd_tcp_address: localhost:4150\ntopic: 'a b'\n"))
                .hasMessageContaining("nsq.topic");
    }

    @Test
    void unreachableNsqdAndLookupdNameTheirFields() throws Exception {
        int port = freePort();
        Input in = (Input) build(ComponentKind.INPUT, "nsq", "nsqd_tcp_addresses: [ 127.0.0.1:%d ]\ntopic: t\nchannel: c\n".formatted(port));
        assertThatThrownBy(in::connect).hasMessageContaining("'nsqd_tcp_addresses'").hasMessageContaining("127.0.0.1:" + port);
        in.close();

        Input viaLookup = (Input) build(ComponentKind.INPUT, "nsq", "lookupd_http_addresses: [ 127.0.0.1:%d ]\ntopic: t\nchannel: c\n".formatted(port));
        assertThatThrownBy(viaLookup::connect).hasMessageContaining("lookupd_http_addresses").hasMessageContaining("127.0.0.1:" + port);
        viaLookup.close();

        Output out = (Output) build(ComponentKind.OUTPUT, "nsq", "nsqd_tcp_address: 127.0.0.1:%d\ntopic: t\n".formatted(port));
        assertThatThrownBy(() -> out.write(Batch.ofTexts("x"))).hasMessageContaining("'nsqd_tcp_address'").hasMessageContaining("127.0.0.1:" + port);
        out.close();
    }
}
