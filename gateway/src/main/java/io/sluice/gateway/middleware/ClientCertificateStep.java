package io.sluice.gateway.middleware;

import io.sluice.gateway.exchange.Exchange;
import io.sluice.gateway.tls.ClientCertificateAllowlist;
import io.sluice.gateway.tls.PeerCertificates;

import java.time.Instant;

/**
 * Static mTLS ({@code server.clientCertificates}): only a client whose TLS certificate is on the API's allowlist (by
 * fingerprint, or signed by an allowed CA) gets further; anyone else gets Tyk's 403 before any other step runs.
 */
public final class ClientCertificateStep implements Step {

    private final ClientCertificateAllowlist allowlist;

    public ClientCertificateStep(ClientCertificateAllowlist allowlist) {
        this.allowlist = allowlist;
    }

    @Override
    public void handle(Exchange exchange, Continuation next) {
        ClientCertificateAllowlist.Refusal refusal = allowlist.check(PeerCertificates.of(exchange.request()), Instant.now());
        if (refusal != null) {
            exchange.fail(refusal.status(), refusal.message());
            return;
        }
        next.proceed();
    }
}
