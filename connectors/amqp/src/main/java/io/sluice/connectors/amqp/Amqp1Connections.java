package io.sluice.connectors.amqp;

import io.sluice.core.connect.ConnectorFields;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.config.ConfigException;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;
import io.sluice.core.tls.Tls;
import javax.net.ssl.SSLException;
import org.apache.qpid.protonj2.client.Client;
import org.apache.qpid.protonj2.client.ClientOptions;
import org.apache.qpid.protonj2.client.Connection;
import org.apache.qpid.protonj2.client.ConnectionOptions;
import org.apache.qpid.protonj2.client.exceptions.ClientConnectionSecurityException;
import org.apache.qpid.protonj2.client.exceptions.ClientConnectionSecuritySaslException;
import org.apache.qpid.protonj2.client.exceptions.ClientIOException;
import org.apache.qpid.protonj2.client.exceptions.ClientLinkRemotelyClosedException;

import java.net.ConnectException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Opens AMQP 1.0 connections for the {@code amqp_1} input and output with the Qpid ProtonJ2 client:
 * the first URL that connects wins, the client's own reconnect is off (the engine owns reconnects).
 */
final class Amqp1Connections {
    static List<FieldSpec> commonFields() {
        return List.of(
                FieldSpec.string("url").optional().deprecated().example("amqp://localhost:5672/", "amqps://guest:guest@localhost:5672/")
                        .description("One broker URL. Deprecated: use `urls`; ignored when `urls` is set."),
                FieldSpec.stringList("urls").optional()
                        .description("Broker URLs, tried in order on each connect; the first that answers is used until its connection drops. An entry may hold several URLs separated by commas.")
                        .example(List.of("amqp://guest:guest@127.0.0.1:5672/")),
                ConnectorFields.tls(),
                Amqp1Connections.saslSpec());
    }

    private static final long OPEN_TIMEOUT_MS = 15_000;

    record Target(String text, String host, int port, boolean tls, String user, String password) {
        @Override
        public String toString() {
            return Amqp09Connections.redact(text);
        }
    }

    record Sasl(String mechanism, String user, String password) {
    }

    private final List<Target> targets;
    private final Sasl sasl;
    private final Tls tls;
    private final ComponentLog log;
    private Client client; // one per connection: a fresh container id each time, as go-amqp does

    Amqp1Connections(List<Target> targets, Sasl sasl, Tls tls, ComponentLog log) {
        this.targets = targets;
        this.sasl = sasl;
        this.tls = tls;
        this.log = log;
    }

    static FieldSpec saslSpec() {
        return FieldSpec.object("sasl",
                        FieldSpec.string("mechanism").defaultValue("none").options("none", "plain")
                                .description("`none` connects anonymously, or with the user and password of the URL when it has them; `plain` sends `user` and `password`."),
                        FieldSpec.string("user").defaultValue("").example("${AMQP_USER}")
                                .description("The user name for `plain`. Take it from the environment, e.g. `${AMQP_USER}`, rather than writing it into the config."),
                        FieldSpec.string("password").defaultValue("").example("${AMQP_PASSWORD}")
                                .description("The password for `plain`, best taken from the environment as well."))
                .advanced().description("SASL authentication with the broker.");
    }

    static Sasl sasl(Conf conf) {
        Conf s = conf.child("sasl");
        return new Sasl(s.string("mechanism"), s.string("user"), s.string("password"));
    }

    /** {@code urls} (comma-expanded), or the deprecated single {@code url}. */
    static List<Target> targets(Conf conf) throws ConfigException {
        List<Target> out = new ArrayList<>();
        for (Conf u : conf.list("urls")) {
            for (String piece : u.asString().split(",")) {
                String t = piece.trim();
                if (!t.isEmpty()) out.add(parse(t, u));
            }
        }
        if (out.isEmpty() && conf.isSet("url") && !conf.string("url").isBlank()) out.add(parse(conf.string("url").trim(), conf.child("url")));
        if (out.isEmpty()) throw conf.invalid("urls", "field 'urls' must be set");
        return out;
    }

    private static Target parse(String text, Conf field) throws ConfigException {
        URI uri;
        try {
            uri = new URI(text);
        } catch (Exception e) {
            throw field.invalid("invalid URL '" + Amqp09Connections.redact(text) + "': " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        boolean secure = switch (scheme) {
            case "amqp" -> false;
            case "amqps" -> true;
            default -> throw field.invalid("unsupported URL scheme '" + scheme + "' (use amqp or amqps)");
        };
        if (uri.getHost() == null) throw field.invalid("URL '" + Amqp09Connections.redact(text) + "' has no host");
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] ui = uri.getRawUserInfo().split(":", 2);
            user = URLDecoder.decode(ui[0], StandardCharsets.UTF_8);
            password = ui.length > 1 ? URLDecoder.decode(ui[1], StandardCharsets.UTF_8) : "";
        }
        int port = uri.getPort() > 0 ? uri.getPort() : secure ? 5671 : 5672;
        return new Target(text, uri.getHost(), port, secure, user, password);
    }

    /**
     * Opens a connection with a new client, closing the previous one. Brokers such as Artemis keep a
     * container id reserved until they notice its old connection died, so a reconnect under the same
     * id could wait for that.
     */
    synchronized Connection open() throws Exception {
        shutdown();
        client = Client.create(new ClientOptions().id("sluice-" + UUID.randomUUID()));
        List<String> failures = new ArrayList<>();
        for (Target t : targets) {
            ConnectionOptions o = new ConnectionOptions().reconnectEnabled(false).openTimeout(OPEN_TIMEOUT_MS);
            o.transportOptions().connectTimeout((int) OPEN_TIMEOUT_MS);
            if (sasl.mechanism().equals("plain")) {
                o.user(sasl.user()).password(sasl.password());
                o.saslOptions().addAllowedMechanism("PLAIN");
            } else if (t.user() != null) {
                o.user(t.user()).password(t.password());
            } else {
                o.saslOptions().addAllowedMechanism("ANONYMOUS");
            }
            if (t.tls()) {
                o.sslEnabled(true);
                o.sslOptions().sslContextOverride(tls.sslContext()).verifyHost(!tls.skipVerify()).trustAll(tls.skipVerify());
            } else if (tls.enabled()) {
                log.warn("tls.enabled is set but {} is not an amqps:// URL; connecting without TLS", t);
            }
            Connection c = null;
            try {
                log.info("connecting to {}", t);
                c = client.connect(t.host(), t.port(), o);
                c.openFuture().get(OPEN_TIMEOUT_MS + 1_000, TimeUnit.MILLISECONDS);
                log.info("connected to {}", t);
                return c;
            } catch (Exception e) {
                if (c != null) closeQuietly(c);
                failures.add(t + ": " + describe(e));
            }
        }
        String which = targets.size() == 1 ? "the broker in urls" : "any of the " + targets.size() + " brokers in urls";
        throw new Exception("cannot connect to " + which + ": " + String.join("; ", failures));
    }

    static Throwable unwrap(Throwable e) {
        while (e instanceof ExecutionException && e.getCause() != null) e = e.getCause();
        return e;
    }

    static String describe(Throwable e) {
        e = unwrap(e);
        String msg = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        if (e instanceof ClientConnectionSecuritySaslException) return "SASL authentication failed: " + msg + " (check sasl.mechanism, sasl.user and sasl.password, or the user in urls)";
        if (e instanceof ClientConnectionSecurityException) return "TLS or security failure: " + msg + " (check the tls settings)";
        if (e instanceof ClientLinkRemotelyClosedException l) {
            String cond = l.getErrorCondition() != null ? l.getErrorCondition().condition() + ": " + l.getErrorCondition().description() : msg;
            return "the broker refused the link: " + cond;
        }
        if (e instanceof ClientIOException) {
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof ConnectException ce) return "cannot reach the broker: " + ce.getMessage();
                if (c instanceof SSLException se) return "TLS handshake failed: " + se.getMessage() + " (check the tls settings)";
            }
        }
        return msg;
    }

    static void closeQuietly(Connection c) {
        try {
            c.closeAsync().get(2, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // going away
        }
    }

    synchronized void shutdown() {
        Client c = client;
        client = null;
        if (c == null) return;
        try {
            c.closeAsync().get(2, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // going away
        }
    }
}
