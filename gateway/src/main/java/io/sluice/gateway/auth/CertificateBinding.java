package io.sluice.gateway.auth;

import io.sluice.core.tls.Fingerprints;
import io.sluice.gateway.session.Session;
import io.sluice.gateway.tls.PeerCertificates;
import io.vertx.core.http.HttpServerRequest;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Keys bound to certificates (Tyk's {@code mtls_static_certificate_bindings}): the key is valid only on a TLS connection
 * whose client certificate is one of them, so a leaked token alone is useless. Bindings are written as Tyk writes
 * certificate ids (org id followed by the SHA-256 fingerprint) or as bare fingerprints.
 */
public final class CertificateBinding {

    private CertificateBinding() {
    }

    /** True for a key without bindings, or when the request's client certificate is bound to it. */
    public static boolean holds(Session session, HttpServerRequest request) {
        List<String> bindings = session.mtlsStaticCertificateBindings();
        if (bindings.isEmpty()) {
            return true;
        }
        List<X509Certificate> chain = PeerCertificates.of(request);
        if (chain.isEmpty()) {
            return false;
        }
        String presented = Fingerprints.certificate(chain.getFirst());
        return bindings.stream().anyMatch(binding -> presented.equals(fingerprintOf(binding)));
    }

    /** The fingerprint a binding names (the last 64 characters of a Tyk certificate id). */
    public static String fingerprintOf(String binding) {
        String value = binding.trim();
        String whole = Fingerprints.normalized(value);
        if (whole != null) {
            return whole;
        }
        return value.length() > 64 ? Fingerprints.normalized(value.substring(value.length() - 64)) : null;
    }
}
