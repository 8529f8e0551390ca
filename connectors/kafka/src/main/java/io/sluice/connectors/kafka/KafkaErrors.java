package io.sluice.connectors.kafka;

import org.apache.kafka.clients.consumer.NoOffsetForPartitionException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns Kafka client exceptions into messages that say what went wrong and which field to look at. */
final class KafkaErrors {
    private KafkaErrors() {
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) t = t.getCause();
        return t;
    }

    /** The message of the error and of its causes, without repeats. */
    static String chain(Throwable t) {
        StringBuilder sb = new StringBuilder();
        String last = null;
        for (Throwable c = unwrap(t); c != null; c = c.getCause()) {
            String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
            if (last != null && last.contains(m)) continue;
            if (sb.length() > 0) sb.append(": ");
            sb.append(m);
            last = m;
            if (c.getCause() == c) break;
        }
        return sb.toString();
    }

    /** Explains a failure to reach or talk to the brokers. */
    static String connection(Throwable t, ClientConfig client, Duration waited) {
        Throwable e = unwrap(t);
        if (e instanceof SslAuthenticationException) {
            return "TLS handshake with " + client.describeBrokers() + " failed (check field tls): " + chain(e);
        }
        if (e instanceof SaslAuthenticationException || e instanceof AuthenticationException) {
            return "authentication with " + client.describeBrokers() + " failed (check field sasl): the broker said: " + chain(e);
        }
        if (e instanceof AuthorizationException) {
            return "not authorised by " + client.describeBrokers() + ": " + chain(e);
        }
        if (e instanceof TimeoutException || e instanceof java.util.concurrent.TimeoutException) { // checkstyle:fqn-ok clashes with imported errors.TimeoutException
            return "no broker answered within " + waited.toSeconds() + "s at " + client.describeBrokers()
                    + " (check field " + client.dialect().brokersField + ", and tls/sasl match the listener): " + chain(e);
        }
        if (e instanceof NoOffsetForPartitionException n) {
            return "no committed offset for " + n.partitions() + " and start_offset is committed (check field start_offset)";
        }
        return "consumer of " + client.describeBrokers() + " failed: " + chain(e);
    }
}
