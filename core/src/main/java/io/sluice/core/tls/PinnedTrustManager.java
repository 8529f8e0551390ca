package io.sluice.core.tls;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;

/**
 * Server verification with public key pinning: the usual checks of {@code delegate} (chain and, by the caller's
 * engine settings, host name) and then, for a host some pin entry matches, one certificate of the chain must carry a
 * pinned public key (SHA-256 of its SubjectPublicKeyInfo).
 */
public final class PinnedTrustManager extends X509ExtendedTrustManager {

    /** The public keys a host pattern may present. */
    public record Pin(HostPattern host, Set<String> publicKeySha256) {
    }

    private final X509ExtendedTrustManager delegate;
    private final List<Pin> pins;

    public PinnedTrustManager(X509ExtendedTrustManager delegate, List<Pin> pins) {
        this.delegate = delegate;
        this.pins = List.copyOf(pins);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        delegate.checkServerTrusted(chain, authType, engine);
        checkPins(chain, engine == null ? null : engine.getPeerHost(), engine == null ? -1 : engine.getPeerPort());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        delegate.checkServerTrusted(chain, authType, socket);
        checkPins(chain, socket == null || socket.getInetAddress() == null ? null : socket.getInetAddress().getHostName(),
                socket == null ? -1 : socket.getPort());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkServerTrusted(chain, authType);
        checkPins(chain, null, -1);
    }

    private void checkPins(X509Certificate[] chain, String host, int port) throws CertificateException {
        for (Pin pin : pins) {
            if (!pin.host().matches(host, port)) {
                continue;
            }
            for (X509Certificate certificate : chain) {
                if (pin.publicKeySha256().contains(Fingerprints.publicKey(certificate))) {
                    return;
                }
            }
            throw new CertificateException("none of the certificates of " + host + " has a pinned public key");
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        delegate.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }
}
