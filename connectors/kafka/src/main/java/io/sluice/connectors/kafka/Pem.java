package io.sluice.connectors.kafka;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM keys and certificates. The Kafka client reads only PKCS#8 keys, while configs of the dialect
 * often hold OpenSSL's PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}) forms; those
 * are rewrapped as PKCS#8 here (a DER envelope around the same key bytes).
 */
final class Pem {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private Pem() {
    }

    /** Returns the key as a PKCS#8 PEM block (encrypted PKCS#8 is passed through). */
    static String toPkcs8(String pem) {
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            String type = m.group(1);
            String body = m.group(2);
            switch (type) {
                case "PRIVATE KEY", "ENCRYPTED PRIVATE KEY" -> {
                    return m.group(0);
                }
                case "RSA PRIVATE KEY" -> {
                    if (body.contains("ENCRYPTED")) throw new IllegalArgumentException("legacy encrypted PEM keys are not supported; convert the key to PKCS#8");
                    byte[] pkcs1 = decode(body);
                    return encode("PRIVATE KEY", sequence(concat(new byte[]{0x02, 0x01, 0x00}, RSA_ALGORITHM, tlv(0x04, pkcs1))));
                }
                case "EC PRIVATE KEY" -> {
                    if (body.contains("ENCRYPTED")) throw new IllegalArgumentException("legacy encrypted PEM keys are not supported; convert the key to PKCS#8");
                    byte[] sec1 = decode(body);
                    byte[] curve = ecCurveOid(sec1);
                    byte[] alg = sequence(concat(EC_PUBLIC_KEY_OID, curve));
                    return encode("PRIVATE KEY", sequence(concat(new byte[]{0x02, 0x01, 0x00}, alg, tlv(0x04, sec1))));
                }
                default -> {
                    // e.g. EC PARAMETERS before the key: skip
                }
            }
        }
        throw new IllegalArgumentException("no PEM private key found");
    }

    /** An unencrypted PKCS#8 PEM key as a Java key (RSA, EC or EdDSA). */
    static PrivateKey privateKey(String pkcs8Pem) throws Exception {
        Matcher m = BLOCK.matcher(pkcs8Pem);
        if (!m.find() || !m.group(1).equals("PRIVATE KEY")) throw new IllegalArgumentException("expected an unencrypted PKCS#8 private key");
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(decode(m.group(2)));
        Exception last = null;
        for (String alg : List.of("RSA", "EC", "Ed25519", "Ed448")) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (Exception e) {
                last = e;
            }
        }
        throw new IllegalArgumentException("unsupported private key type", last);
    }

    static Certificate[] certificates(String pem) throws Exception {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        return cf.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).toArray(new Certificate[0]);
    }

    // ---- DER ----

    /** The named-curve OID held in the [0] parameters of a SEC1 ECPrivateKey. */
    private static byte[] ecCurveOid(byte[] sec1) {
        int[] pos = {0};
        if ((sec1[pos[0]++] & 0xff) != 0x30) throw new IllegalArgumentException("malformed EC key");
        int end = readLength(sec1, pos) + pos[0];
        while (pos[0] < end) {
            int tag = sec1[pos[0]++] & 0xff;
            int len = readLength(sec1, pos);
            if (tag == 0xa0) {
                byte[] oid = new byte[len];
                System.arraycopy(sec1, pos[0], oid, 0, len);
                return oid;
            }
            pos[0] += len;
        }
        throw new IllegalArgumentException("EC key without named curve parameters; convert it to PKCS#8");
    }

    private static int readLength(byte[] b, int[] pos) {
        int first = b[pos[0]++] & 0xff;
        if (first < 0x80) return first;
        int n = first & 0x7f, len = 0;
        for (int i = 0; i < n; i++) len = (len << 8) | (b[pos[0]++] & 0xff);
        return len;
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int len = content.length;
        if (len < 0x80) {
            out.write(len);
        } else {
            int bytes = len > 0xffffff ? 4 : len > 0xffff ? 3 : len > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) out.write((len >>> (8 * i)) & 0xff);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] sequence(byte[] content) {
        return tlv(0x30, content);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    private static byte[] decode(String body) {
        StringBuilder sb = new StringBuilder();
        for (String line : body.split("\\R")) {
            if (line.contains(":")) continue; // PEM headers
            sb.append(line.trim());
        }
        return Base64.getMimeDecoder().decode(sb.toString());
    }

    private static String encode(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----";
    }
}
