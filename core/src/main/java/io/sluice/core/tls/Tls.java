package io.sluice.core.tls;

import io.sluice.core.config.ConfigException;
import io.sluice.core.spec.Conf;

import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dialect's {@code tls} block (declared once in {@link TlsSpec}) turned into JSSE objects, for
 * every connector. JDK only. PEM, as the dialect writes it: certificates, PKCS#8 keys (plain or
 * encrypted), PKCS#1 RSA keys and SEC1 EC keys.
 *
 * <p>Use {@link #from(Conf)} with the component's config (reads its {@code tls} child) when the
 * client library wants key/trust manager factories or the host-verification switch, or
 * {@link #sslContextOrNull(Conf)} with the {@code tls} object itself when it only takes an
 * {@link SSLContext}. Any problem in the settings is a {@link ConfigException} against the field.
 */
public final class Tls {
    /** TLS switched off. */
    public static final Tls DISABLED = new Tls(false, false, null, null);

    private final boolean enabled;
    private final boolean skipVerify;
    private final KeyManagerFactory keyManagers;     // null: no client certificate
    private final TrustManagerFactory trustManagers; // null: the JDK's default trust store

    private Tls(boolean enabled, boolean skipVerify, KeyManagerFactory keyManagers, TrustManagerFactory trustManagers) {
        this.enabled = enabled;
        this.skipVerify = skipVerify;
        this.keyManagers = keyManagers;
        this.trustManagers = trustManagers;
    }

    /** Reads the {@code tls} child of {@code parent}; bad PEM or unreadable files are reported against the field. */
    public static Tls from(Conf parent) throws ConfigException {
        return of(parent.child("tls"));
    }

    /** The SSL context for the {@code tls} object itself, or null when TLS is absent or not enabled. */
    public static SSLContext sslContextOrNull(Conf tls) throws ConfigException {
        Tls t = of(tls);
        if (!t.enabled()) return null;
        try {
            return t.sslContext();
        } catch (GeneralSecurityException e) {
            throw tls.invalid("invalid TLS settings: " + e.getMessage());
        }
    }

    /** Reads the {@code tls} object itself ({@link #DISABLED} when it is absent or not enabled). */
    public static Tls of(Conf tls) throws ConfigException {
        if (!tls.isPresent() || !tls.bool("enabled")) return DISABLED;
        boolean skip = tls.bool("skip_cert_verify");
        try {
            TrustManagerFactory tmf;
            if (skip) {
                tmf = new TrustAllFactory();
            } else {
                List<X509Certificate> roots = new ArrayList<>();
                String pem = tls.string("root_cas");
                if (pem != null && !pem.isBlank()) roots.addAll(certificates(pem, tls.child("root_cas")));
                String file = tls.string("root_cas_file");
                if (file != null && !file.isBlank()) roots.addAll(certificates(readFile(file, tls.child("root_cas_file")), tls.child("root_cas_file")));
                tmf = roots.isEmpty() ? null : trustFactory(roots);
            }
            KeyManagerFactory kmf = null;
            List<Conf> certs = tls.list("client_certs");
            if (!certs.isEmpty()) {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                char[] none = new char[0];
                for (int i = 0; i < certs.size(); i++) {
                    Conf c = certs.get(i);
                    String certPem = pick(c, "cert", "cert_file");
                    String keyPem = pick(c, "key", "key_file");
                    List<X509Certificate> chain = certificates(certPem, c);
                    PrivateKey key = privateKey(keyPem, c.string("password"), c);
                    ks.setKeyEntry("client-" + i, key, none, chain.toArray(new Certificate[0]));
                }
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, none);
            }
            return new Tls(true, skip, kmf, tmf);
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw tls.invalid("invalid TLS settings: " + e.getMessage());
        }
    }

    public boolean enabled() {
        return enabled;
    }

    public boolean skipVerify() {
        return skipVerify;
    }

    /** Client certificates, or null. */
    public KeyManagerFactory keyManagers() {
        return keyManagers;
    }

    /** Trust managers: the configured roots, trust-all when verification is skipped, or the JDK default. */
    public TrustManagerFactory trustManagers() throws GeneralSecurityException {
        if (trustManagers != null) return trustManagers;
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        return tmf;
    }

    /** An SSL context with these settings (TLS defaults when TLS is not enabled). */
    public SSLContext sslContext() throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(keyManagers == null ? null : keyManagers.getKeyManagers(), trustManagers().getTrustManagers(), null);
        return ctx;
    }

    // ---- PEM ----

    private static String pick(Conf c, String inline, String file) throws ConfigException, IOException {
        String text = c.string(inline);
        String path = c.string(file);
        boolean hasText = text != null && !text.isBlank();
        boolean hasFile = path != null && !path.isBlank();
        if (hasText && hasFile) throw c.invalid("set either '" + inline + "' or '" + file + "', not both");
        if (!hasText && !hasFile) throw c.invalid("one of '" + inline + "' or '" + file + "' is required");
        return hasText ? text : readFile(path, c.child(file));
    }

    private static String readFile(String path, Conf field) throws ConfigException {
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw field.invalid("cannot read '" + path + "': " + e);
        }
    }

    /** Every certificate of a PEM text (a bundle may hold several; other blocks, such as the key, are skipped). */
    public static List<X509Certificate> certificates(String pem, Conf field) throws ConfigException {
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(certificateBlocks(pem).getBytes(StandardCharsets.UTF_8)))) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) throw problem(field, "no PEM certificate found");
            return out;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw problem(field, "not a PEM certificate: " + e.getMessage());
        }
    }

    /** Only the CERTIFICATE blocks of a PEM text (a file may hold the chain and its key together). */
    private static String certificateBlocks(String pem) {
        if (!pem.contains("PRIVATE KEY")) return pem;
        StringBuilder out = new StringBuilder();
        Matcher m = PEM_BLOCK.matcher(pem);
        while (m.find()) {
            if (m.group(1).equals("CERTIFICATE")) out.append(m.group()).append('\n');
        }
        return out.toString();
    }

    private static final Pattern PEM_BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    /**
     * The first private key of a PEM text: PKCS#8 (plain, or encrypted with {@code password}), PKCS#1 RSA
     * or SEC1 EC. {@code field} names the config field in errors (may be null).
     */
    public static PrivateKey privateKey(String pem, String password, Conf field) throws ConfigException {
        Matcher m = PEM_BLOCK.matcher(pem);
        while (m.find()) {
            String type = m.group(1);
            String body = m.group(2);
            if (!type.endsWith("PRIVATE KEY")) continue;
            if (body.contains("Proc-Type:")) {
                throw problem(field,
                        "legacy OpenSSL-encrypted keys are not supported; convert with 'openssl pkcs8 -topk8' to an encrypted PKCS#8 key");
            }
            try {
                byte[] der = Base64.getMimeDecoder().decode(body.trim());
                byte[] pkcs8 = switch (type) {
                    case "PRIVATE KEY" -> der;
                    case "RSA PRIVATE KEY" -> Der.pkcs8(Der.OID_RSA, Der.NULL, der);
                    case "EC PRIVATE KEY" -> Der.pkcs8(Der.OID_EC, Der.sec1CurveOid(der), der);
                    case "ENCRYPTED PRIVATE KEY" -> decrypt(der, password, field);
                    default -> throw problem(field, "unsupported key type '" + type + "'");
                };
                return parsePkcs8(pkcs8);
            } catch (GeneralSecurityException | IOException | RuntimeException e) {
                throw problem(field, "invalid private key: " + e.getMessage());
            }
        }
        throw problem(field, "no PEM private key found");
    }

    private static ConfigException problem(Conf field, String message) {
        return field == null ? new ConfigException(null, "", message) : field.invalid(message);
    }

    private static byte[] decrypt(byte[] der, String password, Conf field) throws ConfigException, GeneralSecurityException, IOException {
        if (password == null || password.isEmpty()) {
            throw problem(field, "the private key is encrypted: set 'password'");
        }
        EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
        String alg = info.getAlgName();
        // PBES2 keys name their real scheme (e.g. PBEWithHmacSHA256AndAES_256) in the parameters.
        if (!alg.startsWith("PBEWith") && info.getAlgParameters() != null) alg = info.getAlgParameters().toString();
        SecretKeyFactory skf = SecretKeyFactory.getInstance(alg);
        Cipher cipher = Cipher.getInstance(alg);
        cipher.init(Cipher.DECRYPT_MODE, skf.generateSecret(new PBEKeySpec(password.toCharArray())), info.getAlgParameters());
        return info.getKeySpec(cipher).getEncoded();
    }

    private static PrivateKey parsePkcs8(byte[] pkcs8) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String alg : new String[] {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }

    private static TrustManagerFactory trustFactory(List<X509Certificate> roots) throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        for (int i = 0; i < roots.size(); i++) ks.setCertificateEntry("root-" + i, roots.get(i));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return tmf;
    }

    /** Minimal DER writing/reading: enough to wrap PKCS#1 and SEC1 keys as PKCS#8. */
    static final class Der {
        static final byte[] OID_RSA = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
        static final byte[] OID_EC = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
        static final byte[] NULL = {0x05, 0x00};

        static byte[] pkcs8(byte[] algOid, byte[] params, byte[] key) {
            byte[] version = {0x02, 0x01, 0x00};
            byte[] alg = tlv(0x30, concat(algOid, params));
            return tlv(0x30, concat(version, alg, tlv(0x04, key)));
        }

        /** The named-curve OID ([0] parameters) of a SEC1 ECPrivateKey. */
        static byte[] sec1CurveOid(byte[] der) throws IOException {
            int[] seq = header(der, 0);          // SEQUENCE
            int p = seq[0];
            int end = seq[0] + seq[1];
            while (p < end) {
                int tag = der[p] & 0xff;
                int[] h = header(der, p);
                if (tag == 0xa0) {
                    int[] inner = header(der, h[0]);
                    int len = inner[0] + inner[1] - h[0];
                    byte[] oid = new byte[len];
                    System.arraycopy(der, h[0], oid, 0, len);
                    return oid;
                }
                p = h[0] + h[1];
            }
            throw new IOException("EC key has no named curve parameters");
        }

        /** {content offset, content length} of the TLV at {@code p}. */
        private static int[] header(byte[] der, int p) throws IOException {
            if (p + 2 > der.length) throw new IOException("truncated DER");
            int len = der[p + 1] & 0xff;
            int off = p + 2;
            if (len >= 0x80) {
                int n = len & 0x7f;
                if (n > 4) throw new IOException("bad DER length");
                len = 0;
                for (int i = 0; i < n; i++) len = (len << 8) | (der[off + i] & 0xff);
                off += n;
            }
            return new int[] {off, len};
        }

        static byte[] tlv(int tag, byte[] content) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(tag);
            int len = content.length;
            if (len < 0x80) {
                out.write(len);
            } else if (len < 0x100) {
                out.write(0x81);
                out.write(len);
            } else if (len < 0x10000) {
                out.write(0x82);
                out.write(len >> 8);
                out.write(len);
            } else {
                out.write(0x83);
                out.write(len >> 16);
                out.write(len >> 8);
                out.write(len);
            }
            out.writeBytes(content);
            return out.toByteArray();
        }

        static byte[] concat(byte[]... parts) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] p : parts) out.writeBytes(p);
            return out.toByteArray();
        }
    }

    /** skip_cert_verify: accepts any server certificate. */
    private static final class TrustAllFactory extends TrustManagerFactory {
        TrustAllFactory() {
            super(new Spi(), null, "sluice-trust-all");
        }

        private static final class Spi extends TrustManagerFactorySpi {
            @Override
            protected void engineInit(KeyStore ks) {
            }

            @Override
            protected void engineInit(ManagerFactoryParameters spec) {
            }

            @Override
            protected TrustManager[] engineGetTrustManagers() {
                return new TrustManager[] {new X509ExtendedTrustManager() {
                    @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) { }
                    @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) { }
                    @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }
                    @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }
                    @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
                    @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }
                    @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
                }};
            }
        }
    }
}
