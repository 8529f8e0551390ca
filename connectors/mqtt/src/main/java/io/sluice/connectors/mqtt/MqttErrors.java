package io.sluice.connectors.mqtt;

import com.hivemq.client.mqtt.exceptions.ConnectionClosedException;
import com.hivemq.client.mqtt.exceptions.ConnectionFailedException;
import com.hivemq.client.mqtt.exceptions.MqttClientStateException;
import com.hivemq.client.mqtt.exceptions.MqttDecodeException;
import com.hivemq.client.mqtt.exceptions.MqttSessionExpiredException;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3DisconnectException;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubRecException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5Disconnect;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;

import javax.net.ssl.SSLException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** Turns client exceptions into one line that says what the broker answered and which field to look at. */
final class MqttErrors {
    private MqttErrors() {
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) t = t.getCause();
        return t;
    }

    /** True when an MQTT 5 CONNECT failed in a way a 3.1.1-only broker would make it fail. */
    static boolean protocolRejected(Throwable t) {
        t = unwrap(t);
        if (t instanceof Mqtt5ConnAckException e) {
            return e.getMqttMessage().getReasonCode() == Mqtt5ConnAckReasonCode.UNSUPPORTED_PROTOCOL_VERSION;
        }
        if (t instanceof Mqtt5DisconnectException e) {
            Mqtt5DisconnectReasonCode rc = e.getMqttMessage().getReasonCode();
            return rc == Mqtt5DisconnectReasonCode.MALFORMED_PACKET || rc == Mqtt5DisconnectReasonCode.PROTOCOL_ERROR;
        }
        return t instanceof ConnectionClosedException || t instanceof MqttDecodeException;
    }

    /** True when the error means the connection is gone (the batch is not at fault). */
    static boolean connectionGone(Throwable t) {
        t = unwrap(t);
        return t instanceof MqttClientStateException || t instanceof ConnectionClosedException
                || t instanceof ConnectionFailedException || t instanceof MqttSessionExpiredException
                || t instanceof Mqtt5DisconnectException || t instanceof Mqtt3DisconnectException;
    }

    static String describe(Throwable t) {
        t = unwrap(t);
        if (t instanceof Mqtt5ConnAckException e) {
            Mqtt5ConnAck ack = e.getMqttMessage();
            String reason = ack.getReasonString().map(r -> " (" + r + ")").orElse("");
            return "the broker refused the connection: " + ack.getReasonCode() + reason + hint(ack.getReasonCode().name());
        }
        if (t instanceof Mqtt3ConnAckException e) {
            String rc = e.getMqttMessage().getReturnCode().name();
            return "the broker refused the connection: " + rc + hint(rc);
        }
        if (t instanceof Mqtt5SubAckException e) {
            return "the broker refused the subscription: " + e.getMqttMessage().getReasonCodes() + " (check topics, qos and the user's permissions)";
        }
        if (t instanceof Mqtt3SubAckException e) {
            return "the broker refused the subscription: " + e.getMqttMessage().getReturnCodes() + " (check topics, qos and the user's permissions)";
        }
        if (t instanceof Mqtt5PubAckException e) {
            return "the broker rejected the message: " + e.getMqttMessage().getReasonCode()
                    + e.getMqttMessage().getReasonString().map(r -> " (" + r + ")").orElse("");
        }
        if (t instanceof Mqtt5PubRecException e) {
            return "the broker rejected the message: " + e.getMqttMessage().getReasonCode()
                    + e.getMqttMessage().getReasonString().map(r -> " (" + r + ")").orElse("");
        }
        if (t instanceof Mqtt5DisconnectException e) {
            Mqtt5Disconnect d = e.getMqttMessage();
            return "disconnected: " + d.getReasonCode() + d.getReasonString().map(r -> " (" + r + ")").orElse("");
        }
        if (t instanceof ConnectionFailedException || t instanceof ConnectionClosedException) {
            Throwable root = t;
            while (root.getCause() != null && root.getCause() != root) root = root.getCause();
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (c instanceof SSLException) return "TLS handshake failed: " + c.getMessage() + " (check the tls settings and the URL scheme)";
                if (c.getCause() == c) break;
            }
            String what = t instanceof ConnectionFailedException ? "cannot reach the broker: " : "the broker closed the connection: ";
            String msg = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
            return what + msg;
        }
        if (t instanceof TimeoutException) return "no answer from the broker in time (connect_timeout)";
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    private static String hint(String code) {
        return switch (code) {
            case "BAD_USER_NAME_OR_PASSWORD", "NOT_AUTHORIZED", "BAD_AUTHENTICATION_METHOD" -> " (check user and password)";
            case "CLIENT_IDENTIFIER_NOT_VALID", "IDENTIFIER_REJECTED" ->
                    " (check client_id: an empty client_id needs clean_session: true, and some brokers limit its length and characters)";
            case "UNSUPPORTED_PROTOCOL_VERSION" -> " (check protocol_version)";
            default -> "";
        };
    }
}
