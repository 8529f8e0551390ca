package io.sluice.connectors.nsq;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Byte layouts of the NSQ V2 protocol, as its specification writes them. */
class NsqProtocolTest {

    static String ascii(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Test
    void simpleCommandsAreNewlineTerminatedText() {
        assertThat(ascii(NsqProtocol.sub("events", "ch#ephemeral"))).isEqualTo("SUB events ch#ephemeral\n");
        assertThat(ascii(NsqProtocol.rdy(100))).isEqualTo("RDY 100\n");
        assertThat(ascii(NsqProtocol.fin("0123456789abcdef"))).isEqualTo("FIN 0123456789abcdef\n");
        assertThat(ascii(NsqProtocol.req("0123456789abcdef", 1500))).isEqualTo("REQ 0123456789abcdef 1500\n");
        assertThat(ascii(NsqProtocol.touch("0123456789abcdef"))).isEqualTo("TOUCH 0123456789abcdef\n");
        assertThat(ascii(NsqProtocol.nop())).isEqualTo("NOP\n");
        assertThat(ascii(NsqProtocol.cls())).isEqualTo("CLS\n");
        assertThat(ascii(NsqProtocol.MAGIC_V2)).isEqualTo("  V2");
    }

    @Test
    void pubCarriesABigEndianSizeThenTheBody() {
        byte[] cmd = NsqProtocol.pub("t", "hello".getBytes(StandardCharsets.UTF_8));
        assertThat(ascii(cmd)).startsWith("PUB t\n");
        ByteBuffer b = ByteBuffer.wrap(cmd, 6, cmd.length - 6);
        assertThat(b.getInt()).isEqualTo(5);
        assertThat(ascii(Arrays.copyOfRange(cmd, 10, cmd.length))).isEqualTo("hello");
    }

    @Test
    void mpubCarriesTotalSizeCountAndSizedMessages() {
        byte[] cmd = NsqProtocol.mpub("t", List.of("ab".getBytes(StandardCharsets.UTF_8), "cde".getBytes(StandardCharsets.UTF_8)));
        assertThat(ascii(cmd)).startsWith("MPUB t\n");
        ByteBuffer b = ByteBuffer.wrap(cmd, 7, cmd.length - 7);
        assertThat(b.getInt()).isEqualTo(4 + 4 + 2 + 4 + 3); // body size
        assertThat(b.getInt()).isEqualTo(2);                  // message count
        assertThat(b.getInt()).isEqualTo(2);
        byte[] first = new byte[2];
        b.get(first);
        assertThat(ascii(first)).isEqualTo("ab");
        assertThat(b.getInt()).isEqualTo(3);
        byte[] second = new byte[3];
        b.get(second);
        assertThat(ascii(second)).isEqualTo("cde");
        assertThat(b.hasRemaining()).isFalse();
    }

    @Test
    void identifyIsACommandWithASizedJsonBody() {
        byte[] json = "{\"feature_negotiation\":true}".getBytes(StandardCharsets.UTF_8);
        byte[] cmd = NsqProtocol.identify(json);
        assertThat(ascii(cmd)).startsWith("IDENTIFY\n");
        assertThat(ByteBuffer.wrap(cmd, 9, 4).getInt()).isEqualTo(json.length);
    }

    static byte[] frame(int type, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 + data.length);
        b.putInt(4 + data.length).putInt(type).put(data);
        return b.array();
    }

    @Test
    void framesAndMessagesDecode() throws IOException {
        ByteBuffer msg = ByteBuffer.allocate(8 + 2 + 16 + 3);
        msg.putLong(1_700_000_000_123_456_789L).putShort((short) 3).put("0a1b2c3d4e5f6071".getBytes(StandardCharsets.US_ASCII)).put("abc".getBytes(StandardCharsets.US_ASCII));
        byte[] stream = concat(frame(NsqProtocol.FRAME_RESPONSE, "_heartbeat_".getBytes(StandardCharsets.US_ASCII)),
                frame(NsqProtocol.FRAME_MESSAGE, msg.array()),
                frame(NsqProtocol.FRAME_ERROR, "E_BAD_TOPIC PUB topic name \"a b\" is not valid".getBytes(StandardCharsets.US_ASCII)));
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(stream));
        NsqProtocol.Frame hb = NsqProtocol.readFrame(in);
        assertThat(hb.type()).isEqualTo(NsqProtocol.FRAME_RESPONSE);
        assertThat(hb.text()).isEqualTo(NsqProtocol.HEARTBEAT);
        NsqProtocol.Frame m = NsqProtocol.readFrame(in);
        NsqProtocol.Message decoded = NsqProtocol.decodeMessage(m.data());
        assertThat(decoded.timestampNanos()).isEqualTo(1_700_000_000_123_456_789L);
        assertThat(decoded.attempts()).isEqualTo(3);
        assertThat(decoded.id()).isEqualTo("0a1b2c3d4e5f6071");
        assertThat(new String(decoded.body(), StandardCharsets.US_ASCII)).isEqualTo("abc");
        NsqProtocol.Frame err = NsqProtocol.readFrame(in);
        assertThat(err.type()).isEqualTo(NsqProtocol.FRAME_ERROR);
        assertThat(err.text()).startsWith("E_BAD_TOPIC");
    }

    @Test
    void attemptsAreUnsigned() throws IOException {
        ByteBuffer msg = ByteBuffer.allocate(26);
        msg.putLong(1).putShort((short) 0xFFFF).put("0000000000000000".getBytes(StandardCharsets.US_ASCII));
        assertThat(NsqProtocol.decodeMessage(msg.array()).attempts()).isEqualTo(65535);
    }

    @Test
    void badFramesAreRejected() {
        assertThatThrownBy(() -> NsqProtocol.readFrame(new DataInputStream(new ByteArrayInputStream(new byte[]{0, 0, 0, 2, 0, 0}))))
                .hasMessageContaining("invalid frame size");
        assertThatThrownBy(() -> NsqProtocol.decodeMessage(new byte[10])).hasMessageContaining("too short");
    }

    @Test
    void topicAndChannelNames() {
        assertThat(NsqProtocol.isValidName("events.v1_a-b")).isTrue();
        assertThat(NsqProtocol.isValidName("tmp#ephemeral")).isTrue();
        assertThat(NsqProtocol.isValidName("a b")).isFalse();
        assertThat(NsqProtocol.isValidName("")).isFalse();
        assertThat(NsqProtocol.isValidName("x".repeat(65))).isFalse();
    }

    @Test
    void addressesParse() {
        assertThat(NsqConnection.HostPort.parse("localhost:4150", 1)).isEqualTo(new NsqConnection.HostPort("localhost", 4150));
        assertThat(NsqConnection.HostPort.parse("nsqd", 4150)).isEqualTo(new NsqConnection.HostPort("nsqd", 4150));
        assertThat(NsqConnection.HostPort.parse("[::1]:4150", 1)).isEqualTo(new NsqConnection.HostPort("::1", 4150));
        assertThat(NsqInput.split(List.of("a:1,b:2", " c:3 "))).containsExactly("a:1", "b:2", "c:3");
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
