package io.sluice.gateway.support;

import io.sluice.core.tls.Tls;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Certificates made for a test run with the openssl command (nothing is committed): a CA, server certificates it
 * signs for given names, client certificates, and self-signed strangers. EC P-256 keys, valid for two days.
 */
public final class TestCertificates {

    /** A certificate and its key as PEM files. */
    public record Issued(Path certFile, Path keyFile) {
        public X509Certificate certificate() {
            try {
                return Tls.certificates(Files.readString(certFile), null).getFirst();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        public String certPem() {
            try {
                return Files.readString(certFile);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final Path dir;
    private final Issued ca;
    private final AtomicInteger serial = new AtomicInteger();

    private TestCertificates(Path dir, Issued ca) {
        this.dir = dir;
        this.ca = ca;
    }

    /** A new CA in {@code dir}. */
    public static TestCertificates create(Path dir, String caName) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String base = caName.replaceAll("[^A-Za-z0-9]", "-");
        Path key = dir.resolve(base + ".key");
        Path cert = dir.resolve(base + ".pem");
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=" + caName,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return new TestCertificates(dir, new Issued(cert, key));
    }

    public Issued ca() {
        return ca;
    }

    /** A server certificate for DNS names and IP addresses (e.g. "localhost", "127.0.0.1"). */
    public Issued server(String name, String... hosts) {
        List<String> san = new ArrayList<>();
        for (String host : hosts) {
            san.add((host.matches("[0-9.]+") ? "IP:" : "DNS:") + host);
        }
        return issue(name, "subjectAltName=" + String.join(",", san) + "\nextendedKeyUsage=serverAuth\n");
    }

    public Issued client(String name) {
        return issue(name, "extendedKeyUsage=clientAuth\n");
    }

    /** A self-signed certificate nobody vouches for. */
    public Issued stranger(String name) {
        String base = name.replaceAll("[^A-Za-z0-9]", "-") + "-" + serial.incrementAndGet();
        Path key = dir.resolve(base + ".key");
        Path cert = dir.resolve(base + ".pem");
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=" + name);
        return new Issued(cert, key);
    }

    private Issued issue(String name, String extensions) {
        String base = name.replaceAll("[^A-Za-z0-9]", "-") + "-" + serial.incrementAndGet();
        Path key = dir.resolve(base + ".key");
        Path csr = dir.resolve(base + ".csr");
        Path cert = dir.resolve(base + ".pem");
        Path ext = dir.resolve(base + ".ext");
        try {
            Files.writeString(ext, extensions);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key.toString(),
                "-out", csr.toString(), "-subj", "/CN=" + name);
        openssl(dir, "x509", "-req", "-in", csr.toString(), "-CA", ca.certFile().toString(), "-CAkey", ca.keyFile().toString(),
                "-set_serial", Long.toString(System.nanoTime()), "-out", cert.toString(), "-days", "2", "-extfile", ext.toString());
        return new Issued(cert, key);
    }

    /** Trusts this CA (and, with a client certificate, presents it). */
    public SSLContext clientContext(Issued clientCertificate) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca.certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (clientCertificate != null) {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                keys.setKeyEntry("client", Tls.privateKey(Files.readString(clientCertificate.keyFile()), null, null), new char[0],
                        new Certificate[] {clientCertificate.certificate()});
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, new char[0]);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void openssl(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("the openssl command is needed to make test certificates: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
