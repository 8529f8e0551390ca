package io.sluice.bloblang.lib.methods;

import io.sluice.bloblang.lib.Timestamp;
import io.sluice.bloblang.lib.Values;
import io.sluice.bloblang.runtime.Marker;
import io.sluice.bloblang.runtime.QueryException;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * MessagePack encoding and decoding of Bloblang values. Encoding follows the Go library the original
 * uses: 64-bit integers and floats are written at full width, strings in the shortest form, map keys
 * in sorted order (so output is deterministic).
 */
final class ParsingMethodsMsgpack {

    private ParsingMethodsMsgpack() {
    }

    // ---- encoding ------------------------------------------------------------------------------

    static byte[] encode(Object v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, v);
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, Object v) {
        v = Values.normalize(v);
        if (v == null || v instanceof Marker) {
            out.write(0xc0);
        } else if (v instanceof Boolean b) {
            out.write(b ? 0xc3 : 0xc2);
        } else if (v instanceof Long l) {
            out.write(0xd3);
            writeLong(out, l);
        } else if (v instanceof BigInteger b) {
            if (b.signum() >= 0 && b.bitLength() <= 64) {
                out.write(0xcf);
                writeLong(out, b.longValue());
            } else {
                writeFloat(out, b.doubleValue());
            }
        } else if (v instanceof Double || v instanceof BigDecimal) {
            writeFloat(out, ((Number) v).doubleValue());
        } else if (v instanceof String s) {
            writeString(out, s);
        } else if (v instanceof byte[] b) {
            if (b.length < 256) {
                out.write(0xc4);
                out.write(b.length);
            } else if (b.length < 65536) {
                out.write(0xc5);
                writeShort(out, b.length);
            } else {
                out.write(0xc6);
                writeInt(out, b.length);
            }
            out.writeBytes(b);
        } else if (v instanceof Timestamp t) {
            // the timestamp extension type (-1), 96-bit form
            out.write(0xc7);
            out.write(12);
            out.write(0xff);
            writeInt(out, t.time().getNano());
            writeLong(out, t.time().toEpochSecond());
        } else if (v instanceof List<?> l) {
            int n = l.size();
            if (n < 16) {
                out.write(0x90 | n);
            } else if (n < 65536) {
                out.write(0xdc);
                writeShort(out, n);
            } else {
                out.write(0xdd);
                writeInt(out, n);
            }
            for (Object o : l) write(out, o);
        } else if (v instanceof Map<?, ?> m) {
            int n = m.size();
            if (n < 16) {
                out.write(0x80 | n);
            } else if (n < 65536) {
                out.write(0xde);
                writeShort(out, n);
            } else {
                out.write(0xdf);
                writeInt(out, n);
            }
            Map<String, Object> sorted = new TreeMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) sorted.put(String.valueOf(e.getKey()), e.getValue());
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                writeString(out, e.getKey());
                write(out, e.getValue());
            }
        } else {
            writeString(out, Values.toText(v));
        }
    }

    private static void writeFloat(ByteArrayOutputStream out, double d) {
        out.write(0xcb);
        writeLong(out, Double.doubleToLongBits(d));
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int n = b.length;
        if (n < 32) {
            out.write(0xa0 | n);
        } else if (n < 256) {
            out.write(0xd9);
            out.write(n);
        } else if (n < 65536) {
            out.write(0xda);
            writeShort(out, n);
        } else {
            out.write(0xdb);
            writeInt(out, n);
        }
        out.writeBytes(b);
    }

    private static void writeShort(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8);
        out.write(v);
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    private static void writeLong(ByteArrayOutputStream out, long v) {
        writeInt(out, (int) (v >>> 32));
        writeInt(out, (int) v);
    }

    // ---- decoding ------------------------------------------------------------------------------

    static Object decode(byte[] data) {
        ByteBuffer buf = ByteBuffer.wrap(data);
        try {
            return read(buf);
        } catch (BufferUnderflowException e) {
            throw new QueryException("failed to parse msgpack: unexpected EOF");
        }
    }

    private static Object read(ByteBuffer buf) {
        int b = buf.get() & 0xff;
        if (b <= 0x7f) return (long) b;
        if (b >= 0xe0) return (long) (byte) b;
        if ((b & 0xf0) == 0x80) return readMap(buf, b & 0x0f);
        if ((b & 0xf0) == 0x90) return readArray(buf, b & 0x0f);
        if ((b & 0xe0) == 0xa0) return readString(buf, b & 0x1f);
        return switch (b) {
            case 0xc0 -> null;
            case 0xc2 -> false;
            case 0xc3 -> true;
            case 0xc4 -> readBytes(buf, buf.get() & 0xff);
            case 0xc5 -> readBytes(buf, buf.getShort() & 0xffff);
            case 0xc6 -> readBytes(buf, length(buf.getInt()));
            case 0xc7 -> readExt(buf, buf.get() & 0xff);
            case 0xc8 -> readExt(buf, buf.getShort() & 0xffff);
            case 0xc9 -> readExt(buf, length(buf.getInt()));
            case 0xca -> (double) buf.getFloat();
            case 0xcb -> buf.getDouble();
            case 0xcc -> (long) (buf.get() & 0xff);
            case 0xcd -> (long) (buf.getShort() & 0xffff);
            case 0xce -> buf.getInt() & 0xffffffffL;
            case 0xcf -> {
                long l = buf.getLong();
                yield l >= 0 ? (Object) l : new BigInteger(Long.toUnsignedString(l));
            }
            case 0xd0 -> (long) buf.get();
            case 0xd1 -> (long) buf.getShort();
            case 0xd2 -> (long) buf.getInt();
            case 0xd3 -> buf.getLong();
            case 0xd4 -> readExt(buf, 1);
            case 0xd5 -> readExt(buf, 2);
            case 0xd6 -> readExt(buf, 4);
            case 0xd7 -> readExt(buf, 8);
            case 0xd8 -> readExt(buf, 16);
            case 0xd9 -> readString(buf, buf.get() & 0xff);
            case 0xda -> readString(buf, buf.getShort() & 0xffff);
            case 0xdb -> readString(buf, length(buf.getInt()));
            case 0xdc -> readArray(buf, buf.getShort() & 0xffff);
            case 0xdd -> readArray(buf, length(buf.getInt()));
            case 0xde -> readMap(buf, buf.getShort() & 0xffff);
            case 0xdf -> readMap(buf, length(buf.getInt()));
            default -> throw new QueryException("failed to parse msgpack: invalid code=" + Integer.toHexString(b));
        };
    }

    private static int length(int n) {
        if (n < 0) throw new QueryException("failed to parse msgpack: length too large");
        return n;
    }

    private static Object readExt(ByteBuffer buf, int len) {
        int type = buf.get();
        byte[] data = new byte[len];
        buf.get(data);
        if (type == -1) {
            ByteBuffer d = ByteBuffer.wrap(data);
            return switch (len) {
                case 4 -> Timestamp.utc(Instant.ofEpochSecond(d.getInt() & 0xffffffffL));
                case 8 -> {
                    long v = d.getLong();
                    yield Timestamp.utc(Instant.ofEpochSecond(v & 0x3ffffffffL, v >>> 34));
                }
                case 12 -> {
                    int nanos = d.getInt();
                    yield Timestamp.utc(Instant.ofEpochSecond(d.getLong(), nanos));
                }
                default -> throw new QueryException("failed to parse msgpack: invalid timestamp extension length " + len);
            };
        }
        throw new QueryException("failed to parse msgpack: msgpack: unknown ext id=" + type);
    }

    private static String readString(ByteBuffer buf, int n) {
        byte[] b = new byte[n];
        buf.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(ByteBuffer buf, int n) {
        byte[] b = new byte[n];
        buf.get(b);
        return b;
    }

    private static List<Object> readArray(ByteBuffer buf, int n) {
        List<Object> out = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) out.add(read(buf));
        return out;
    }

    private static Map<String, Object> readMap(ByteBuffer buf, int n) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            Object k = read(buf);
            out.put(k instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : Values.toText(k), read(buf));
        }
        return out;
    }
}
