package io.sluice.gateway;

import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;

/**
 * Clients of this gateway's own HTTP port, for listeners of other protocols (the MQTT and Kafka entrypoints) that
 * hand each subscription or message to the gateway's stream endpoints, so keys, access rights and limits are checked
 * in one place. They trust the gateway's certificate without checking its name: it is issued for the gateway's
 * public names, not for the loopback address these clients dial.
 */
public final class GatewayLoopback {

    private GatewayLoopback() {
    }

    /** The address that reaches the gateway from this host: its listen address, or 127.0.0.1 when it listens on all. */
    public static String host(Gateway gateway) {
        String address = gateway.config().listenAddress();
        return address == null || address.isEmpty() || address.equals("0.0.0.0") || address.equals("::") ? "127.0.0.1" : address;
    }

    public static HttpClient httpClient(Gateway gateway) {
        boolean tls = gateway.scheme().equals("https");
        return gateway.services().vertx().createHttpClient(new HttpClientOptions().setDefaultHost(host(gateway))
                .setDefaultPort(gateway.port()).setSsl(tls).setTrustAll(tls).setVerifyHost(false).setMaxPoolSize(64));
    }

    public static WebSocketClient webSocketClient(Gateway gateway, int maxMessageSize) {
        boolean tls = gateway.scheme().equals("https");
        return gateway.services().vertx().createWebSocketClient(new WebSocketClientOptions().setDefaultHost(host(gateway))
                .setDefaultPort(gateway.port()).setSsl(tls).setTrustAll(tls).setVerifyHost(false).setMaxFrameSize(1 << 20)
                .setMaxMessageSize(maxMessageSize));
    }
}
