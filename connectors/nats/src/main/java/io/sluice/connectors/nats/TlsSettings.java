package io.sluice.connectors.nats;

import io.sluice.core.config.ConfigException;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dialect's {@code tls} block (enabled, skip_cert_verify, root_cas, client_certs ...) turned into
 * an {@link SSLContext}. PEM certificates and unencrypted PKCS#8 keys are read with the JDK alone.
 *
 * <p>Each connector module keeps its own copy of this class until the core offers one (see README).
 */
public final class TlsSettings {
    private TlsSettings() {
    }

    public static FieldSpec field() {
        return FieldSpec.object("tls",
                        FieldSpec.bool("enabled").defaultValue(false).description("Whether custom TLS settings are enabled."),
                        FieldSpec.bool("skip_cert_verify").defaultValue(false).description("Whether to skip server side certificate verification."),
                        FieldSpec.bool("enable_renegotiation").defaultValue(false).advanced()
                                .description("Whether to allow the remote server to repeatedly request renegotiation. Accepted for compatibility; the JDK decides."),
                        FieldSpec.string("root_cas").defaultValue("").description("An optional root certificate authority to use, as PEM text.")
                                .example("-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----"),
                        FieldSpec.string("root_cas_file").defaultValue("").description("An optional path of a root certificate authority file (PEM).")
                                .example("./root_cas.pem"),
                        FieldSpec.objectList("client_certs",
                                        FieldSpec.string("cert").defaultValue("").description("A plain text certificate to use."),
                                        FieldSpec.string("key").defaultValue("").description("A plain text certificate key to use."),
                                        FieldSpec.string("cert_file").defaultValue("").description("The path of a certificate to use."),
                                        FieldSpec.string("key_file").defaultValue("").description("The path of a certificate key to use."),
                                        FieldSpec.string("password").defaultValue("").advanced()
                                                .description("A password for an encrypted key (encrypted keys are not supported yet)."))
                                .defaultValue(List.of()).description("A list of client certificates to use."))
                .description("Custom TLS settings can be used to override system defaults.")
                .advanced();
    }

    /** The context for {@code conf} (the {@code tls} object), or null when TLS is not enabled. */
    public static SSLContext build(Conf tls) throws ConfigException {
        if (!tls.isPresent() || !tls.bool("enabled")) return null;
        try {
            TrustManager[] trust = null;
            if (tls.bool("skip_cert_verify")) {
                trust = new TrustManager[]{new TrustAll()};
            } else {
                List<X509Certificate> roots = new ArrayList<>();
                String rootsPem = tls.string("root_cas");
                if (rootsPem != null && !rootsPem.isBlank()) roots.addAll(certificates(rootsPem, tls, "root_cas"));
                String rootsFile = tls.string("root_cas_file");
                if (rootsFile != null && !rootsFile.isBlank()) roots.addAll(certificates(read(rootsFile, tls, "root_cas_file"), tls, "root_cas_file"));
                if (!roots.isEmpty()) {
                    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                    ks.load(null, null);
                    for (int i = 0; i < roots.size(); i++) ks.setCertificateEntry("root-" + i, roots.get(i));
                    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                    tmf.init(ks);
                    trust = tmf.getTrustManagers();
                }
            }
            KeyManager[] keys = null;
            List<Conf> clientCerts = tls.list("client_certs");
            if (!clientCerts.isEmpty()) {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                char[] pw = new char[0];
                for (int i = 0; i < clientCerts.size(); i++) {
                    Conf c = clientCerts.get(i);
                    String certPem = c.string("cert");
                    if (certPem == null || certPem.isBlank()) certPem = read(c.string("cert_file"), c, "cert_file");
                    String keyPem = c.string("key");
                    if (keyPem == null || keyPem.isBlank()) keyPem = read(c.string("key_file"), c, "key_file");
                    List<X509Certificate> chain = certificates(certPem, c, "cert");
                    ks.setKeyEntry("client-" + i, privateKey(keyPem, c), pw, chain.toArray(new Certificate[0]));
                }
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, pw);
                keys = kmf.getKeyManagers();
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keys, trust, null);
            return ctx;
        } catch (ConfigException e) {
            throw e;
        } catch (Exception e) {
            throw new ConfigException(tls.position(), tls.path(), "invalid TLS settings: " + e.getMessage());
        }
    }

    private static String read(String file, Conf at, String field) throws ConfigException {
        if (file == null || file.isBlank()) throw new ConfigException(at.position(), at.path() + "." + field, "a certificate or key is required");
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new ConfigException(at.position(), at.path() + "." + field, "cannot read '" + file + "': " + e.getMessage());
        }
    }

    private static List<X509Certificate> certificates(String pem, Conf at, String field) throws ConfigException {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            Collection<? extends Certificate> certs = cf.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)));
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : certs) out.add((X509Certificate) c);
            if (out.isEmpty()) throw new IllegalArgumentException("no certificate found");
            return out;
        } catch (Exception e) {
            throw new ConfigException(at.position(), at.path() + "." + field, "invalid PEM certificate: " + e.getMessage());
        }
    }

    private static final Pattern KEY = Pattern.compile("-----BEGIN (RSA |EC )?PRIVATE KEY-----(.*?)-----END (RSA |EC )?PRIVATE KEY-----", Pattern.DOTALL);

    private static PrivateKey privateKey(String pem, Conf at) throws ConfigException {
        Matcher m = KEY.matcher(pem);
        if (!m.find()) throw new ConfigException(at.position(), at.path() + ".key", "expected a PEM private key");
        if (m.group(1) != null) {
            throw new ConfigException(at.position(), at.path() + ".key",
                    "only PKCS#8 keys (BEGIN PRIVATE KEY) are supported; convert with: openssl pkcs8 -topk8 -nocrypt");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(2).trim());
        for (String alg : new String[]{"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (Exception ignored) {
                // try the next algorithm
            }
        }
        throw new ConfigException(at.position(), at.path() + ".key", "unsupported private key algorithm");
    }

    private static final class TrustAll implements X509TrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }
}
