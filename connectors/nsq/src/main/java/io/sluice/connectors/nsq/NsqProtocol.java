package io.sluice.connectors.nsq;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The NSQ TCP protocol, version 2, as plain functions: command encoding and frame decoding.
 *
 * <p>Every frame from nsqd is {@code [size int32][frame type int32][data]} (big endian, size counts
 * the type and the data). Type 0 is a response ({@code OK}, {@code _heartbeat_}, {@code CLOSE_WAIT}
 * or IDENTIFY's JSON), 1 an error ({@code E_...} text) and 2 a message:
 * {@code [timestamp int64 ns][attempts uint16][id 16 ASCII bytes][body]}.
 */
final class NsqProtocol {
    static final byte[] MAGIC_V2 = "  V2".getBytes(StandardCharsets.US_ASCII);
    static final int FRAME_RESPONSE = 0;
    static final int FRAME_ERROR = 1;
    static final int FRAME_MESSAGE = 2;
    static final String HEARTBEAT = "_heartbeat_";
    static final int MAX_FRAME = 64 * 1024 * 1024;

    private static final Pattern NAME = Pattern.compile("^[.a-zA-Z0-9_-]+(#ephemeral)?$");

    private NsqProtocol() {
    }

    /** Topic and channel names: 1 to 64 of {@code [.a-zA-Z0-9_-]}, optionally ending in {@code #ephemeral}. */
    static boolean isValidName(String name) {
        return name != null && !name.isEmpty() && name.length() <= 64 && NAME.matcher(name).matches();
    }

    record Frame(int type, byte[] data) {
        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    record Message(long timestampNanos, int attempts, String id, byte[] body) {
    }

    static Frame readFrame(DataInputStream in) throws IOException {
        int size = in.readInt();
        if (size < 4 || size > MAX_FRAME) throw new IOException("nsq: invalid frame size " + size);
        int type = in.readInt();
        byte[] data = new byte[size - 4];
        in.readFully(data);
        return new Frame(type, data);
    }

    static Message decodeMessage(byte[] data) throws IOException {
        if (data.length < 26) throw new IOException("nsq: message frame too short (" + data.length + " bytes)");
        ByteBuffer b = ByteBuffer.wrap(data);
        long ts = b.getLong();
        int attempts = Short.toUnsignedInt(b.getShort());
        byte[] id = new byte[16];
        b.get(id);
        byte[] body = new byte[b.remaining()];
        b.get(body);
        return new Message(ts, attempts, new String(id, StandardCharsets.US_ASCII), body);
    }

    private static byte[] line(String text) {
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] identify(byte[] json) {
        return withBody(line("IDENTIFY"), json);
    }

    static byte[] sub(String topic, String channel) {
        return line("SUB " + topic + " " + channel);
    }

    static byte[] rdy(int count) {
        return line("RDY " + count);
    }

    static byte[] fin(String id) {
        return line("FIN " + id);
    }

    static byte[] req(String id, long delayMillis) {
        return line("REQ " + id + " " + delayMillis);
    }

    static byte[] touch(String id) {
        return line("TOUCH " + id);
    }

    static byte[] nop() {
        return line("NOP");
    }

    static byte[] cls() {
        return line("CLS");
    }

    static byte[] pub(String topic, byte[] body) {
        return withBody(line("PUB " + topic), body);
    }

    /** MPUB: {@code [total body size][message count]} then {@code [size][bytes]} per message. */
    static byte[] mpub(String topic, List<byte[]> bodies) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        writeInt(payload, bodies.size());
        for (byte[] b : bodies) {
            writeInt(payload, b.length);
            payload.writeBytes(b);
        }
        return withBody(line("MPUB " + topic), payload.toByteArray());
    }

    private static byte[] withBody(byte[] head, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length + 4 + body.length);
        out.writeBytes(head);
        writeInt(out, body.length);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write((v >>> 24) & 0xff);
        out.write((v >>> 16) & 0xff);
        out.write((v >>> 8) & 0xff);
        out.write(v & 0xff);
    }
}
