package io.sluice.connectors.kafka;

import io.sluice.core.tls.Tls;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.security.auth.SslEngineFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Map;
import java.util.Set;

/**
 * The TLS engines of every Kafka client of the connector, made from the SSL context of the core's
 * {@link Tls} (the {@code tls} block every connector shares): root CAs, client certificates,
 * encrypted keys and {@code skip_cert_verify} behave as in the other connectors.
 *
 * <p>kafka-clients instantiates this class by name ({@code ssl.engine.factory.class}), so the
 * component's {@link Tls} travels in the client properties under {@link #TLS_CONFIG}: the clients
 * (consumer, producer, admin) hand every property they do not know on to {@link #configure}.
 */
public final class TlsEngineFactory implements SslEngineFactory {
    /** The client property holding the component's {@link Tls}. */
    static final String TLS_CONFIG = "sluice.tls";

    private Tls tls;
    private SSLContext context;

    @Override
    public void configure(Map<String, ?> configs) {
        Object value = configs.get(TLS_CONFIG);
        if (!(value instanceof Tls t) || !t.enabled()) {
            throw new ConfigException(TLS_CONFIG, value, "expected the enabled TLS settings of the component");
        }
        try {
            context = t.sslContext();
        } catch (GeneralSecurityException e) {
            throw new KafkaException("cannot set up TLS: " + e.getMessage(), e);
        }
        tls = t;
    }

    /**
     * Host names are verified as the client's default factory does ("https" identification), unless
     * {@code skip_cert_verify}, which checks nothing. The setting comes from {@code tls}, not from
     * {@code ssl.endpoint.identification.algorithm}, so the block alone decides.
     */
    @Override
    public SSLEngine createClientSslEngine(String peerHost, int peerPort, String endpointIdentification) {
        SSLEngine engine = context.createSSLEngine(peerHost, peerPort);
        engine.setUseClientMode(true);
        SSLParameters params = engine.getSSLParameters();
        params.setEndpointIdentificationAlgorithm(tls.skipVerify() ? null : "https");
        engine.setSSLParameters(params);
        return engine;
    }

    @Override
    public SSLEngine createServerSslEngine(String peerHost, int peerPort) {
        throw new UnsupportedOperationException("the connector only makes client connections");
    }

    /** Asked only when a broker reconfigures its listeners; rebuilt when handed other settings. */
    @Override
    public boolean shouldBeRebuilt(Map<String, Object> nextConfigs) {
        return nextConfigs.get(TLS_CONFIG) != tls;
    }

    /** Nothing is reconfigured in place: the settings are fixed for the component's lifetime. */
    @Override
    public Set<String> reconfigurableConfigs() {
        return Set.of();
    }

    /**
     * Null, which the interface allows: the key material lives in the core's key managers, and
     * kafka-clients only compares stores when validating a broker's reconfiguration.
     */
    @Override
    public KeyStore keystore() {
        return null;
    }

    /** Null for the same reason as {@link #keystore()}: trust lives in the core's trust managers. */
    @Override
    public KeyStore truststore() {
        return null;
    }

    @Override
    public void close() {
    }
}
