package io.sluice.entrypoint.mqtt;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.sluice.gateway.EntrypointTopics;
import io.sluice.gateway.apidef.ApiDefinition;
import io.sluice.gateway.apidef.CredentialSource;
import io.sluice.gateway.apidef.SecurityScheme;
import io.sluice.gateway.services.GatewayServices;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttTopicSubscription;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One MQTT client connection, on the event loop Vert.x gave it. CONNECT needs a credential (the API key as password or
 * user name, a JWT as password); a key the gateway does not know is refused at once, a JWT is checked per topic, with
 * the API it is used on. Each subscribed topic is one WebSocket to the stream's output endpoint; published messages
 * are POSTed to the stream's input one after the other (MQTT keeps a client's messages in order) and acknowledged
 * (QoS 1 PUBACK, QoS 2 PUBREC) only once the gateway accepted them, so an unacknowledged message is the client's to send
 * again. Messages go to subscribers with QoS 0: the gateway's consumer endpoints have no acknowledgement either.
 */
final class MqttClientSession {

    private static final Logger LOG = LoggerFactory.getLogger(MqttClientSession.class);
    private static final int MQTT5 = 5;

    private final MqttEntrypoint entrypoint;
    private final MqttEndpoint endpoint;
    private final Map<String, WebSocket> subscriptions = new HashMap<>();
    private final Map<String, EntrypointTopics.Topic> publishTargets = new HashMap<>();
    private Future<?> lastPublish = Future.succeededFuture();
    private String user;
    private String password;
    /** The credential presented to the gateway: the key (from the password or the user name) or the JWT. */
    private String key;
    private boolean closed;

    MqttClientSession(MqttEntrypoint entrypoint, MqttEndpoint endpoint) {
        this.entrypoint = entrypoint;
        this.endpoint = endpoint;
    }

    private boolean v5() {
        return endpoint.protocolVersion() == MQTT5;
    }

    void start() {
        user = endpoint.auth() == null ? "" : nullToEmpty(endpoint.auth().getUsername());
        password = endpoint.auth() == null ? "" : nullToEmpty(endpoint.auth().getPassword());
        if (user.isEmpty() && password.isEmpty()) {
            reject(false);
            return;
        }
        known(password).compose(p -> p ? Future.succeededFuture(password) : known(user).map(u -> u ? user : null)).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("MQTT client {}: key lookup failed: {}", endpoint.clientIdentifier(), ar.cause().toString());
                endpoint.reject(v5() ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5
                        : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
                return;
            }
            if (ar.result() != null) {
                key = ar.result();
            } else if (looksLikeJwt(password)) {
                key = password; // verified by the API it is used on, per topic
            } else {
                reject(true);
                return;
            }
            accept();
        });
    }

    private void reject(boolean badCredential) {
        endpoint.reject(v5()
                ? (badCredential ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5)
                : (badCredential ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED));
    }

    /** True when the gateway holds a key by this name (any form it stores keys under). */
    private Future<Boolean> known(String credential) {
        if (credential.isEmpty()) return Future.succeededFuture(false);
        GatewayServices services = entrypoint.gateway().services();
        return services.sessions().findFirst(services.hasher().lookupIds(credential, "")).map(Optional::isPresent);
    }

    private void accept() {
        endpoint.subscribeHandler(this::subscribe);
        endpoint.unsubscribeHandler(unsubscribe -> {
            unsubscribe.topics().forEach(this::drop);
            endpoint.unsubscribeAcknowledge(unsubscribe.messageId());
        });
        endpoint.publishHandler(this::publish);
        endpoint.publishReleaseHandler(endpoint::publishComplete);
        endpoint.closeHandler(v -> closeAll());
        endpoint.disconnectHandler(v -> closeAll());
        endpoint.exceptionHandler(e -> LOG.debug("MQTT client {}: {}", endpoint.clientIdentifier(), e.toString()));
        endpoint.accept(false);
    }

    // ---- subscribe: one WebSocket per topic

    private void subscribe(MqttSubscribeMessage message) {
        List<MqttTopicSubscription> topics = message.topicSubscriptions();
        List<Future<MqttSubAckReasonCode>> results = new ArrayList<>();
        for (MqttTopicSubscription topic : topics) {
            results.add(open(topic.topicName()));
        }
        Future.join(results).onComplete(done -> {
            List<MqttSubAckReasonCode> codes = new ArrayList<>();
            for (Future<MqttSubAckReasonCode> r : results) {
                codes.add(r.succeeded() ? r.result() : MqttSubAckReasonCode.UNSPECIFIED_ERROR);
            }
            if (closed) return;
            if (v5()) {
                endpoint.subscribeAcknowledge(message.messageId(), codes, MqttProperties.NO_PROPERTIES);
            } else {
                endpoint.subscribeAcknowledge(message.messageId(),
                        codes.stream().map(c -> c == MqttSubAckReasonCode.GRANTED_QOS0 ? MqttQoS.AT_MOST_ONCE : MqttQoS.FAILURE).toList());
            }
        });
    }

    private Future<MqttSubAckReasonCode> open(String topic) {
        Optional<EntrypointTopics.Topic> target = entrypoint.resolve(topic).filter(t -> !t.access().webSockets().isEmpty());
        if (target.isEmpty()) {
            return Future.succeededFuture(topic.contains("+") || topic.contains("#")
                    ? MqttSubAckReasonCode.WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED : MqttSubAckReasonCode.TOPIC_FILTER_INVALID);
        }
        drop(topic); // a new SUBSCRIBE of the same topic replaces the old one
        WebSocketConnectOptions options = new WebSocketConnectOptions().setURI(withQuery(target.get().path(target.get().access().webSockets()),
                target.get().api()));
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        credentialHeaders(target.get().api(), headers);
        headers.forEach(options::addHeader);
        return entrypoint.webSockets().connect(options).map(ws -> {
            if (closed) {
                ws.close();
                return MqttSubAckReasonCode.GRANTED_QOS0;
            }
            subscriptions.put(topic, ws);
            ws.textMessageHandler(text -> deliver(topic, Buffer.buffer(text)));
            ws.binaryMessageHandler(bytes -> deliver(topic, bytes));
            ws.closeHandler(v -> {
                if (subscriptions.remove(topic, ws) && !closed) {
                    // the gateway ended it: key deleted or expired, quota used up, stream stopped
                    LOG.debug("MQTT client {}: {} ended by the gateway ({} {})", endpoint.clientIdentifier(), topic, ws.closeStatusCode(), ws.closeReason());
                    endpoint.close();
                }
            });
            return MqttSubAckReasonCode.GRANTED_QOS0;
        }).recover(e -> {
            int status = e instanceof UpgradeRejectedException rejected ? rejected.getStatus() : 0;
            LOG.debug("MQTT client {}: subscription to {} refused: {}", endpoint.clientIdentifier(), topic, e.toString());
            return Future.succeededFuture(status == 401 || status == 403 ? MqttSubAckReasonCode.NOT_AUTHORIZED
                    : status == 429 ? MqttSubAckReasonCode.QUOTA_EXCEEDED : MqttSubAckReasonCode.UNSPECIFIED_ERROR);
        });
    }

    private void deliver(String topic, Buffer payload) {
        if (!closed && endpoint.isConnected()) {
            endpoint.publish(topic, payload, MqttQoS.AT_MOST_ONCE, false, false);
        }
    }

    private void drop(String topic) {
        WebSocket ws = subscriptions.remove(topic);
        if (ws != null) ws.close();
    }

    private void closeAll() {
        if (closed) return;
        closed = true;
        List<WebSocket> open = new ArrayList<>(subscriptions.values());
        subscriptions.clear();
        open.forEach(WebSocket::close);
    }

    // ---- publish: one POST per message, in order

    private void publish(MqttPublishMessage message) {
        String topic = message.topicName();
        EntrypointTopics.Topic target = publishTargets.computeIfAbsent(topic, t -> entrypoint.resolve(t).orElse(null));
        if (target == null || target.access().posts().isEmpty()) {
            publishTargets.remove(topic);
            answer(message, 404);
            return;
        }
        Buffer body = message.payload().copy();
        lastPublish = lastPublish.transform(previous -> post(target, body)).onComplete(ar -> {
            int status = ar.succeeded() ? ar.result() : 503;
            if (status == 404) publishTargets.remove(topic); // the API was reloaded: look the topic up again next time
            answer(message, status);
        });
    }

    private Future<Integer> post(EntrypointTopics.Topic target, Buffer body) {
        if (closed) return Future.succeededFuture(503);
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI(withQuery(target.path(target.access().posts()), target.api()));
        credentialHeaders(target.api(), options.getHeaders() == null ? setHeaders(options) : options.getHeaders());
        return entrypoint.http().request(options).compose(request -> request.send(body)).compose(response -> response.body().map(b -> response.statusCode()));
    }

    private static MultiMap setHeaders(RequestOptions options) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        options.setHeaders(headers);
        return headers;
    }

    /** Acknowledges what the gateway accepted; tells an MQTT 5 client why not otherwise, and disconnects a 3.1.1 one refused access. */
    private void answer(MqttPublishMessage message, int status) {
        if (closed) return;
        boolean ok = status >= 200 && status < 300;
        MqttQoS qos = message.qosLevel();
        if (ok) {
            if (qos == MqttQoS.AT_LEAST_ONCE) endpoint.publishAcknowledge(message.messageId());
            else if (qos == MqttQoS.EXACTLY_ONCE) endpoint.publishReceived(message.messageId());
            return;
        }
        LOG.debug("MQTT client {}: message on {} refused with {}", endpoint.clientIdentifier(), message.topicName(), status);
        if (v5() && qos == MqttQoS.AT_LEAST_ONCE) {
            MqttPubAckReasonCode code = switch (status) {
                case 401, 403 -> MqttPubAckReasonCode.NOT_AUTHORIZED;
                case 404 -> MqttPubAckReasonCode.TOPIC_NAME_INVALID;
                case 429 -> MqttPubAckReasonCode.QUOTA_EXCEEDED;
                default -> MqttPubAckReasonCode.UNSPECIFIED_ERROR;
            };
            endpoint.publishAcknowledge(message.messageId(), code, MqttProperties.NO_PROPERTIES);
        } else if (status == 401 || status == 403) {
            endpoint.close(); // MQTT 3.1.1 has no negative acknowledgement
        }
    }

    // ---- the credential, where the API reads it

    /** The credential in the first place the API's first authentication method reads one from a header. */
    private void credentialHeaders(ApiDefinition api, MultiMap headers) {
        if (!api.authentication().enabled()) return;
        for (SecurityScheme scheme : api.authentication().schemes()) {
            switch (scheme) {
                case SecurityScheme.Basic basic -> {
                    String pair = user + ":" + password;
                    headers.set("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
                    return;
                }
                case SecurityScheme.CertificateAuth cert -> {
                    return; // a TLS client certificate cannot be carried over from MQTT: the gateway refuses
                }
                default -> {
                    boolean bearer = scheme instanceof SecurityScheme.Jwt || scheme instanceof SecurityScheme.ExternalOAuth;
                    for (CredentialSource source : scheme.sources()) {
                        if (source.where() == CredentialSource.Where.HEADER) {
                            headers.set(source.name(), (bearer ? "Bearer " : "") + key);
                            return;
                        }
                    }
                }
            }
        }
    }

    /** When the API reads its key only from a query parameter, the path with it. */
    private String withQuery(String path, ApiDefinition api) {
        if (!api.authentication().enabled()) return path;
        for (SecurityScheme scheme : api.authentication().schemes()) {
            boolean header = scheme.sources().stream().anyMatch(s -> s.where() == CredentialSource.Where.HEADER);
            if (header || scheme instanceof SecurityScheme.Basic) return path;
            for (CredentialSource source : scheme.sources()) {
                if (source.where() == CredentialSource.Where.QUERY) {
                    return path + "?" + URLEncoder.encode(source.name(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(key, StandardCharsets.UTF_8);
                }
            }
        }
        return path;
    }

    private static boolean looksLikeJwt(String s) {
        return s.chars().filter(c -> c == '.').count() == 2 && s.length() > 20;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
