package io.sluice.gateway.tls;

import io.sluice.core.tls.Fingerprints;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which client certificates may call an API (Tyk's static mTLS, {@code server.clientCertificates}): a certificate of
 * the presented chain is allowed by its fingerprint, or is signed by an allowed CA certificate. The answers are Tyk's:
 * 403 with "Client TLS certificate is required", "Certificate with SHA256 ... not allowed" or "Certificate has expired".
 */
public final class ClientCertificateAllowlist {

    /** Why a request is refused; {@code status} and {@code message} are what the client gets. */
    public record Refusal(int status, String message) {
    }

    public static final String REQUIRED = "Client TLS certificate is required";
    public static final String EXPIRED = "Certificate has expired";

    private final Set<String> fingerprints;
    private final List<X509Certificate> authorities;

    private ClientCertificateAllowlist(Set<String> fingerprints, List<X509Certificate> authorities) {
        this.fingerprints = Set.copyOf(fingerprints);
        this.authorities = List.copyOf(authorities);
    }

    /**
     * @param entries fingerprints, Tyk certificate ids, PEM text or PEM files; a CA certificate (basic constraints)
     *                allows what it signed, any other certificate allows itself
     * @throws IllegalArgumentException naming the entry that names no certificate
     */
    public static ClientCertificateAllowlist of(List<String> entries) {
        Set<String> fingerprints = new HashSet<>();
        List<X509Certificate> authorities = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            CertificateReference reference;
            try {
                reference = CertificateReference.parse(entries.get(i));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("[" + i + "]: " + e.getMessage());
            }
            if (reference.fingerprint() != null) {
                fingerprints.add(reference.fingerprint());
            }
            for (X509Certificate certificate : reference.certificates()) {
                fingerprints.add(Fingerprints.certificate(certificate));
                if (certificate.getBasicConstraints() >= 0) {
                    authorities.add(certificate);
                }
            }
        }
        return new ClientCertificateAllowlist(fingerprints, authorities);
    }

    /**
     * Null when the chain is allowed. Only the leaf is proven to be the client's (it signed the handshake), so the walk
     * starts there and moves to a presented issuer only when that one verifiably signed the step before: a copied
     * intermediate does not vouch for an unrelated leaf.
     */
    public Refusal check(List<X509Certificate> chain, Instant now) {
        if (chain.isEmpty()) {
            return new Refusal(403, REQUIRED);
        }
        X509Certificate current = chain.getFirst();
        for (int steps = 0; current != null && steps <= chain.size(); steps++) {
            if (fingerprints.contains(Fingerprints.certificate(current)) || signedByAuthority(current, now)) {
                return expired(chain.getFirst(), now) ? new Refusal(403, EXPIRED) : null;
            }
            current = presentedIssuer(current, chain, now);
        }
        return new Refusal(403, "Certificate with SHA256 " + Fingerprints.certificate(chain.getFirst()) + " not allowed");
    }

    private static X509Certificate presentedIssuer(X509Certificate certificate, List<X509Certificate> chain, Instant now) {
        for (X509Certificate candidate : chain) {
            if (candidate != certificate && candidate.getBasicConstraints() >= 0 && !expired(candidate, now)
                    && candidate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                try {
                    certificate.verify(candidate.getPublicKey());
                    return candidate;
                } catch (GeneralSecurityException e) {
                    // same name, other key
                }
            }
        }
        return null;
    }

    private boolean signedByAuthority(X509Certificate certificate, Instant now) {
        for (X509Certificate authority : authorities) {
            if (!authority.getSubjectX500Principal().equals(certificate.getIssuerX500Principal()) || expired(authority, now)) {
                continue;
            }
            try {
                certificate.verify(authority.getPublicKey());
                return true;
            } catch (GeneralSecurityException e) {
                // not this authority
            }
        }
        return false;
    }

    static boolean expired(X509Certificate certificate, Instant now) {
        return now.isAfter(certificate.getNotAfter().toInstant()) || now.isBefore(certificate.getNotBefore().toInstant());
    }
}
