package io.sluice.core.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/** SHA-256 fingerprints as gateways name certificates (of the DER encoding) and pin keys (of the public key info). */
public final class Fingerprints {

    private Fingerprints() {
    }

    /** Lower-case hex SHA-256 of the certificate's DER encoding. */
    public static String certificate(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(sha256(certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    /** Lower-case hex SHA-256 of the certificate's SubjectPublicKeyInfo (what public key pins name). */
    public static String publicKey(X509Certificate certificate) {
        return HexFormat.of().formatHex(sha256(certificate.getPublicKey().getEncoded()));
    }

    /**
     * A fingerprint written any usual way, as lower-case hex: hex with or without colons, or {@code sha256//<base64>}
     * (curl's pin form); null when the text is neither.
     */
    public static String normalized(String text) {
        String value = text.trim();
        if (value.startsWith("sha256//")) {
            try {
                byte[] digest = Base64.getDecoder().decode(value.substring("sha256//".length()));
                return digest.length == 32 ? HexFormat.of().formatHex(digest) : null;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        String hex = value.replace(":", "").toLowerCase(Locale.ROOT);
        return hex.length() == 64 && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0) ? hex : null;
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
