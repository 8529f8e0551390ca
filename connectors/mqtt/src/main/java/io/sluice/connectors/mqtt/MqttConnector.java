package io.sluice.connectors.mqtt;

import io.sluice.connectors.mqtt.MqttClientSettings.BrokerUrl;
import io.sluice.connectors.mqtt.MqttClientSettings.ProtocolVersion;
import io.sluice.core.component.ComponentLog;

import java.util.ArrayList;
import java.util.List;

/**
 * Opens sessions: tries each URL in order and, with {@code protocol_version: auto}, MQTT 5 first and
 * 3.1.1 when the broker turns 5 down. The version that worked is kept for later reconnects.
 */
final class MqttConnector {
    private final MqttClientSettings settings;
    private final ComponentLog log;
    private volatile ProtocolVersion negotiated;
    private volatile boolean warnedPlainTls;

    MqttConnector(MqttClientSettings settings, ComponentLog log) {
        this.settings = settings;
        this.log = log;
    }

    MqttClientSettings settings() {
        return settings;
    }

    MqttSession open(boolean cleanSession, MqttSession.Listener listener) throws MqttConnectException {
        List<String> failures = new ArrayList<>();
        for (BrokerUrl url : settings.urls()) {
            if (!url.tls() && settings.tls().enabled() && !warnedPlainTls) {
                warnedPlainTls = true;
                log.warn("tls.enabled is set but {} is not a TLS URL (use ssl://, mqtts:// or wss://); connecting without TLS, as the original dialect does", url);
            }
            List<ProtocolVersion> versions = versions();
            for (int i = 0; i < versions.size(); i++) {
                ProtocolVersion v = versions.get(i);
                log.info("connecting to {} with MQTT {}", url, v.label());
                try {
                    MqttSession session = MqttSession.open(settings, url, v, cleanSession, listener);
                    if (settings.protocol() == ProtocolVersion.AUTO) negotiated = v;
                    log.info("connected to {} with MQTT {}", url, v.label());
                    return session;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new MqttConnectException("interrupted while connecting to " + url, e);
                } catch (Exception e) {
                    if (v == ProtocolVersion.V5 && i + 1 < versions.size() && MqttErrors.protocolRejected(e)) {
                        log.info("{} did not accept MQTT 5 ({}); trying MQTT 3.1.1", url, MqttErrors.describe(e));
                        continue;
                    }
                    failures.add(url + ": " + MqttErrors.describe(e));
                    break;
                }
            }
        }
        String which = settings.urls().size() == 1 ? "the broker in urls" : "any of the " + settings.urls().size() + " brokers in urls";
        throw new MqttConnectException("cannot connect to " + which + ": " + String.join("; ", failures), null);
    }

    private List<ProtocolVersion> versions() {
        return switch (settings.protocol()) {
            case V3_1_1 -> List.of(ProtocolVersion.V3_1_1);
            case V5 -> List.of(ProtocolVersion.V5);
            case AUTO -> negotiated != null ? List.of(negotiated) : List.of(ProtocolVersion.V5, ProtocolVersion.V3_1_1);
        };
    }

    /** Connecting failed on every URL; the message names the URLs and what each broker answered. */
    static final class MqttConnectException extends Exception {
        MqttConnectException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
