package io.sluice.gateway.tls;

import io.vertx.core.http.HttpServerRequest;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** The certificate chain a client presented in the TLS handshake of a request's connection (leaf first). */
public final class PeerCertificates {

    private PeerCertificates() {
    }

    /** Empty for a plain HTTP request or a TLS client that sent no certificate. */
    public static List<X509Certificate> of(HttpServerRequest request) {
        if (!request.isSSL()) {
            return List.of();
        }
        SSLSession session = request.sslSession();
        if (session == null) {
            return List.of();
        }
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : session.getPeerCertificates()) {
                if (certificate instanceof X509Certificate x509) {
                    chain.add(x509);
                }
            }
            return chain;
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
    }
}
