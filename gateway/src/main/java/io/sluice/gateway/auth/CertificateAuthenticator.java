package io.sluice.gateway.auth;

import io.sluice.core.tls.Fingerprints;
import io.sluice.gateway.apidef.SecurityScheme;
import io.sluice.gateway.exchange.ErrorMessages;
import io.sluice.gateway.exchange.Exchange;
import io.sluice.gateway.services.GatewayServices;
import io.sluice.gateway.session.Identity;
import io.sluice.gateway.tls.PeerCertificates;
import io.vertx.core.Future;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * Tyk's certificate auth: the TLS client certificate is the credential. The key is the one created for that
 * certificate (a key whose {@code certificate} is it: stored under the org's key for "org id + SHA-256 of the
 * certificate"); a token sent alongside does not count. No certificate: 401 "Client certificate required"; an expired
 * one: 403; one without a key: 401 "Access to this API has been disallowed" — Tyk's answers.
 */
public final class CertificateAuthenticator implements Authenticator {

    private final GatewayServices services;

    public CertificateAuthenticator(SecurityScheme.CertificateAuth scheme, GatewayServices services) {
        this.services = services;
    }

    @Override
    public Future<Identity> authenticate(Exchange exchange) {
        List<X509Certificate> chain = PeerCertificates.of(exchange.request());
        if (chain.isEmpty()) {
            return Future.failedFuture(new AuthFailure(401, ErrorMessages.CERTIFICATE_REQUIRED));
        }
        X509Certificate leaf = chain.getFirst();
        if (Instant.now().isAfter(leaf.getNotAfter().toInstant())) {
            return Future.failedFuture(new AuthFailure(403, ErrorMessages.CERTIFICATE_EXPIRED));
        }
        String orgId = exchange.api().orgId();
        String key = services.hasher().token(orgId, orgId + Fingerprints.certificate(leaf));
        return services.sessions().findFirst(services.hasher().lookupIds(key, orgId)).map(found ->
                found.orElseThrow(() -> new AuthFailure(401, ErrorMessages.ACCESS_DISALLOWED)));
    }
}
