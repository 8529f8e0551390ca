package io.sluice.gateway.tls;

import io.sluice.core.config.ConfigException;
import io.sluice.core.tls.Fingerprints;
import io.sluice.core.tls.Tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A certificate named in an API definition or a key the ways Tyk users name them: a SHA-256 fingerprint (hex, with
 * or without colons), a Tyk certificate id (an org id followed by that fingerprint), PEM text, or the path of a PEM
 * file. Sluice has no certificate store, so an id stands for its fingerprint.
 *
 * @param fingerprint  set for a fingerprint or id
 * @param certificates set for PEM text or a file (all certificates of it)
 */
public record CertificateReference(String fingerprint, List<X509Certificate> certificates) {

    /** @throws IllegalArgumentException saying why the text names no certificate */
    public static CertificateReference parse(String text) {
        String value = text == null ? "" : text.trim();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("is empty");
        }
        String fingerprint = Fingerprints.normalized(value);
        if (fingerprint == null && value.length() > 64 && !value.contains("-----BEGIN") && !value.contains("/")) {
            fingerprint = Fingerprints.normalized(value.substring(value.length() - 64));
        }
        if (fingerprint != null) {
            return new CertificateReference(fingerprint, List.of());
        }
        String pem = value;
        if (!value.contains("-----BEGIN")) {
            try {
                pem = Files.readString(Path.of(value), StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("'" + value + "' is neither a SHA-256 fingerprint nor a readable PEM file ("
                        + e.getMessage() + ")");
            }
        }
        try {
            return new CertificateReference(null, Tls.certificates(pem, null));
        } catch (ConfigException e) {
            throw new IllegalArgumentException((value.contains("-----BEGIN") ? "PEM text" : "'" + value + "'") + ": "
                    + e.problems().getFirst().message());
        }
    }

    /** The fingerprint named, or the one of the first certificate. */
    public String leafFingerprint() {
        return fingerprint != null ? fingerprint : Fingerprints.certificate(certificates.getFirst());
    }
}
