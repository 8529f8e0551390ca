package io.sluice.core.tls;

import io.sluice.core.config.ConfigException;

import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A certificate chain and its private key that a server presents, with the host names it is for: those given
 * ({@code domain}), else the DNS names of the certificate (subject alternative names, or the common name).
 */
public record ServerCertificate(List<HostPattern> names, List<X509Certificate> chain, PrivateKey key) {

    private static final Pattern COMMON_NAME = Pattern.compile("(?:^|,)\\s*CN=([^,]+)");

    public ServerCertificate {
        names = List.copyOf(names);
        chain = List.copyOf(chain);
    }

    /**
     * Reads PEM text: the chain (leaf first) and the key, which may be in the same text.
     *
     * @param domain the host pattern it serves, or empty to take the names from the certificate
     * @throws ConfigException naming what is wrong with the PEM
     */
    public static ServerCertificate fromPem(String chainPem, String keyPem, String domain) throws ConfigException {
        List<X509Certificate> chain = Tls.certificates(chainPem, null);
        PrivateKey key = Tls.privateKey(keyPem, null, null);
        if (!chain.getFirst().getPublicKey().getAlgorithm().equals(key.getAlgorithm())) {
            throw new ConfigException(null, "", "the private key (" + key.getAlgorithm() + ") does not belong to the certificate ("
                    + chain.getFirst().getPublicKey().getAlgorithm() + ")");
        }
        List<HostPattern> names = new ArrayList<>();
        if (domain != null && !domain.isBlank()) {
            names.add(new HostPattern(domain));
        } else {
            dnsNames(chain.getFirst()).forEach(n -> names.add(new HostPattern(n)));
        }
        return new ServerCertificate(names, chain, key);
    }

    public boolean serves(String host) {
        return names.stream().anyMatch(n -> n.matches(host, -1));
    }

    public X509Certificate leaf() {
        return chain.getFirst();
    }

    /** The DNS subject alternative names, or the subject's common name when there are none. */
    public static List<String> dnsNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> alternative : alternatives) {
                    if (alternative.size() == 2 && Integer.valueOf(2).equals(alternative.get(0))) {
                        names.add(alternative.get(1).toString().toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // no usable alternative names: fall back to the common name
        }
        if (names.isEmpty()) {
            Matcher cn = COMMON_NAME.matcher(certificate.getSubjectX500Principal().getName());
            if (cn.find()) {
                names.add(cn.group(1).trim().toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }
}
