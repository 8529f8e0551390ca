package io.sluice.testkit.geo;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a small MaxMind DB (format 2.0, IPv6 tree, 32-bit records) for tests: GeoIP lookups without a downloaded
 * database. Values: String, Double, Long (uint32), BigInteger (uint64), Boolean, Map, List.
 */
public final class MmdbWriter {
    private final String type;
    private final List<Object[]> networks = new ArrayList<>();

    /** @param type the {@code database_type} of the metadata, e.g. {@code GeoLite2-City} */
    public MmdbWriter(String type) {
        this.type = type;
    }

    /** Maps {@code address/prefix} (IPv4 or IPv6) to {@code data}. */
    public void insert(String address, int prefix, Map<String, Object> data) throws Exception {
        byte[] a = InetAddress.getByName(address).getAddress();
        byte[] full = new byte[16];
        int bits = prefix;
        if (a.length == 4) {
            System.arraycopy(a, 0, full, 12, 4);
            bits += 96;
        } else {
            full = a;
        }
        networks.add(new Object[]{full, bits, data});
    }

    public byte[] build() {
        // trie: node i has children[i][0..1]; -1 empty, >= 0 node, data refs kept separately
        List<int[]> nodes = new ArrayList<>();
        List<Object[]> dataRefs = new ArrayList<>();
        nodes.add(new int[]{-1, -1});
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        Map<Integer, Integer> leafOffsets = new LinkedHashMap<>();
        int leafId = 0;
        for (Object[] n : networks) {
            byte[] addr = (byte[]) n[0];
            int bits = (int) n[1];
            int offset = data.size();
            encode(data, n[2]);
            int node = 0;
            for (int i = 0; i < bits; i++) {
                int bit = (addr[i / 8] >> (7 - i % 8)) & 1;
                if (i == bits - 1) {
                    nodes.get(node)[bit] = -2 - leafId;
                    leafOffsets.put(leafId++, offset);
                } else {
                    if (nodes.get(node)[bit] < 0) {
                        nodes.add(new int[]{-1, -1});
                        nodes.get(node)[bit] = nodes.size() - 1;
                    }
                    node = nodes.get(node)[bit];
                }
            }
        }
        int nodeCount = nodes.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int[] n : nodes) {
            for (int child : n) {
                long v;
                if (child == -1) v = nodeCount;
                else if (child <= -2) v = nodeCount + 16L + leafOffsets.get(-2 - child);
                else v = child;
                out.write((int) (v >>> 24));
                out.write((int) (v >>> 16));
                out.write((int) (v >>> 8));
                out.write((int) v);
            }
        }
        out.writeBytes(new byte[16]);
        out.writeBytes(data.toByteArray());
        out.writeBytes(new byte[]{(byte) 0xAB, (byte) 0xCD, (byte) 0xEF});
        out.writeBytes("MaxMind.com".getBytes(StandardCharsets.US_ASCII));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("binary_format_major_version", new U16(2));
        meta.put("binary_format_minor_version", new U16(0));
        meta.put("build_epoch", BigInteger.valueOf(1700000000L));
        meta.put("database_type", type);
        meta.put("description", Map.of("en", "test database"));
        meta.put("ip_version", new U16(6));
        meta.put("languages", List.of("en"));
        meta.put("node_count", (long) nodeCount);
        meta.put("record_size", new U16(32));
        encode(out, meta);
        return out.toByteArray();
    }

    record U16(int value) {
    }

    private static void control(ByteArrayOutputStream out, int type, int size) {
        int first = type <= 7 ? type << 5 : 0;
        if (size < 29) {
            out.write(first | size);
        } else if (size < 285) {
            out.write(first | 29);
        } else {
            out.write(first | 30);
        }
        if (type > 7) out.write(type - 7);
        if (size >= 285) {
            int s = size - 285;
            out.write(s >>> 8);
            out.write(s);
        } else if (size >= 29) {
            out.write(size - 29);
        }
    }

    private static byte[] minimal(BigInteger v) {
        byte[] b = v.toByteArray();
        int i = 0;
        while (i < b.length && b[i] == 0) i++;
        byte[] out = new byte[b.length - i];
        System.arraycopy(b, i, out, 0, out.length);
        return out;
    }

    private static void encode(ByteArrayOutputStream out, Object v) {
        if (v instanceof String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            control(out, 2, b.length);
            out.writeBytes(b);
        } else if (v instanceof Double d) {
            control(out, 3, 8);
            long bits = Double.doubleToLongBits(d);
            for (int i = 7; i >= 0; i--) out.write((int) (bits >>> (i * 8)));
        } else if (v instanceof U16 u) {
            byte[] b = minimal(BigInteger.valueOf(u.value()));
            control(out, 5, b.length);
            out.writeBytes(b);
        } else if (v instanceof Long l) {
            byte[] b = minimal(BigInteger.valueOf(l));
            control(out, 6, b.length);
            out.writeBytes(b);
        } else if (v instanceof BigInteger bi) {
            byte[] b = minimal(bi);
            control(out, 9, b.length);
            out.writeBytes(b);
        } else if (v instanceof Boolean b) {
            control(out, 14, b ? 1 : 0);
        } else if (v instanceof Map<?, ?> m) {
            control(out, 7, m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) {
                encode(out, String.valueOf(e.getKey()));
                encode(out, e.getValue());
            }
        } else if (v instanceof List<?> l) {
            control(out, 11, l.size());
            for (Object o : l) encode(out, o);
        } else {
            throw new IllegalArgumentException("cannot encode " + v);
        }
    }
}
