package io.sluice.connectors.amqp;

import java.util.Map;
import java.util.LinkedHashMap;
import io.sluice.core.spec.FieldSpec;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultSaslConfig;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import com.rabbitmq.client.ShutdownSignalException;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.config.ConfigException;
import io.sluice.core.spec.Conf;
import io.sluice.core.tls.Tls;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Opens AMQP 0.9.1 connections for the {@code amqp_0_9} input and output: the first URL that
 * connects wins; the client's own automatic recovery is off because the engine owns reconnects.
 */
final class Amqp09Connections {
    static FieldSpec urlsField() {
        return FieldSpec.stringList("urls").nonEmpty("at least one URL is required")
                .description("Broker URLs, tried in order on each connect; the first that answers is used until its connection drops. An entry may hold several URLs separated by commas.")
                .example(List.of("amqp://guest:guest@127.0.0.1:5672/"), List.of("amqp://127.0.0.1:5672/,amqp://127.0.0.2:5672/"));
    }

    static Map<String, Object> arguments(Conf parent, String field) {
        if (!parent.isSet(field)) return null;
        Map<String, Object> out = new LinkedHashMap<>();
        parent.stringMap(field).forEach((k, v) -> {
            if (v != null && v.matches("-?\\d{1,18}")) out.put(k, Long.parseLong(v)); else out.put(k, v);
        });
        return out;
    }

    private final List<String> urls;
    private final Tls tls;
    private final String name;
    private final ComponentLog log;
    private volatile boolean warnedPlainTls;

    Amqp09Connections(List<String> urls, Tls tls, String name, ComponentLog log) {
        this.urls = urls;
        this.tls = tls;
        this.name = name;
        this.log = log;
    }

    /** The urls field, comma-separated items expanded; each checked for syntax now. */
    static List<String> urls(Conf conf, String field) throws ConfigException {
        List<String> out = new ArrayList<>();
        for (Conf u : conf.list(field)) {
            for (String piece : u.asString().split(",")) {
                String t = normalize(piece.trim());
                if (t.isEmpty()) continue;
                try {
                    new ConnectionFactory().setUri(t);
                } catch (Exception e) {
                    throw u.invalid("invalid AMQP URL '" + redact(t) + "': " + e.getMessage());
                }
                out.add(t);
            }
        }
        if (out.isEmpty()) throw conf.invalid(field, "at least one URL is required");
        return out;
    }

    /**
     * A lone trailing slash means the default virtual host "/" in the original dialect (its Go
     * client reads it that way), while the Java client would read an empty virtual host name.
     */
    static String normalize(String url) {
        return url.matches("(?i)amqps?://[^/?#]+/") ? url.substring(0, url.length() - 1) : url;
    }

    Connection open() throws Exception {
        List<String> failures = new ArrayList<>();
        for (String url : urls) {
            String shown = redact(url);
            try {
                ConnectionFactory f = new ConnectionFactory();
                f.setUri(url);
                f.setAutomaticRecoveryEnabled(false);
                f.setTopologyRecoveryEnabled(false);
                f.setConnectionTimeout(10_000);
                f.setHandshakeTimeout(10_000);
                boolean secure = url.regionMatches(true, 0, "amqps:", 0, 6);
                if (secure) {
                    f.useSslProtocol(tls.sslContext());
                    if (!tls.skipVerify()) f.enableHostnameVerification();
                    if (tls.keyManagers() != null && URI.create(url).getUserInfo() == null) f.setSaslConfig(DefaultSaslConfig.EXTERNAL);
                } else if (tls.enabled() && !warnedPlainTls) {
                    warnedPlainTls = true;
                    log.warn("tls.enabled is set but {} is not an amqps:// URL; connecting without TLS, as the original dialect does", shown);
                }
                log.info("connecting to {}", shown);
                Connection c = f.newConnection(name);
                log.info("connected to {}", shown);
                return c;
            } catch (Exception e) {
                failures.add(shown + ": " + describe(e));
            }
        }
        String which = urls.size() == 1 ? "the broker in urls" : "any of the " + urls.size() + " brokers in urls";
        throw new Exception("cannot connect to " + which + ": " + String.join("; ", failures));
    }

    static String describe(Throwable e) {
        if (e instanceof AuthenticationFailureException || e instanceof PossibleAuthenticationFailureException) {
            return "the broker refused the login: " + e.getMessage() + " (check the user and password in urls)";
        }
        if (e instanceof ShutdownSignalException s) return brokerReply(s);
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ShutdownSignalException s) return brokerReply(s);
            if (c instanceof SSLException) return "TLS handshake failed: " + c.getMessage() + " (check the tls settings)";
            if (c instanceof ConnectException) return "cannot reach the broker: " + c.getMessage();
            if (c instanceof UnknownHostException) return "unknown host " + c.getMessage();
            if (c instanceof TimeoutException) return "no answer from the broker in time";
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    /** The broker's close reason, e.g. "NOT_FOUND - no queue 'x' in vhost '/'". */
    static String brokerReply(ShutdownSignalException s) {
        Object reason = s.getReason();
        if (reason instanceof AMQP.Channel.Close c) return c.getReplyText();
        if (reason instanceof AMQP.Connection.Close c) {
            String text = c.getReplyText();
            if (text.contains("vhost")) return text + " (check the virtual host in urls)";
            return text;
        }
        return s.getMessage();
    }

    /** The URL with its password hidden, for logs and errors. */
    static String redact(String url) {
        return url.replaceAll("(://[^:/@]*):[^@/]*@", "$1:***@");
    }
}
