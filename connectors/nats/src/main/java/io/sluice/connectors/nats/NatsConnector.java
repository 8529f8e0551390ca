package io.sluice.connectors.nats;

import io.sluice.core.connect.ConnectorFields;
import io.nats.client.AuthHandler;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import io.nats.client.NKey;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.ComponentLog;
import io.sluice.core.config.ConfigException;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;
import io.sluice.core.tls.Tls;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Connection settings shared by every NATS component ({@code urls}, {@code auth}, {@code tls},
 * {@code max_reconnects}), and the code that opens a jnats {@link Connection} with them.
 *
 * <p>jnats reconnects by itself while a connection is alive; once it gives up (the connection is
 * closed) the component reports "not connected" and the engine calls {@code connect()} again with
 * backoff, which opens a fresh connection through {@link #connect()}.
 */
final class NatsConnector {

    static List<FieldSpec> headFields() {
        return List.of(
                FieldSpec.stringList("urls").nonEmpty("at least one URL is required")
                        .description("NATS server URLs; the client connects to one and fails over to the others. An entry may hold several URLs separated by commas.")
                        .example(List.of("nats://127.0.0.1:4222"), List.of("nats://n1.internal:4222,nats://n2.internal:4222"), List.of("tls://app:${NATS_PASSWORD}@nats.example.com:4222")),
                FieldSpec.integer("max_reconnects").optional().advanced()
                        .description("How many times the client reconnects on its own after losing the server; negative: without limit. Past that, the stream reconnects with its usual backoff."));
    }

    static List<FieldSpec> tailFields() {
        return List.of(
                ConnectorFields.tls(),
                FieldSpec.bool("tls_handshake_first").defaultValue(false).advanced()
                        .description("Start TLS before the server's INFO message. Needed for servers configured with `handshake_first`."),
                FieldSpec.object("auth",
                                FieldSpec.string("nkey_file").optional().description("A file holding an NKey seed.").example("/etc/sluice/nats.nk"),
                                FieldSpec.string("nkey").optional().description("An NKey seed (it starts with `SU`). Take it from the environment rather than the config file.").example("${NATS_NKEY_SEED}"),
                                FieldSpec.string("user_credentials_file").optional().description("A `.creds` file, holding a user JWT and its NKey seed.").example("/etc/sluice/app.creds"),
                                FieldSpec.string("user_jwt").optional().description("A user JWT; goes with `user_nkey_seed`."),
                                FieldSpec.string("user_nkey_seed").optional().description("The NKey seed of the user in `user_jwt`."),
                                FieldSpec.string("user").optional().description("A user name; goes with `password`."),
                                FieldSpec.string("password").optional().description("The password of `user`."),
                                FieldSpec.string("token").optional().description("An authentication token."))
                        .optional().advanced()
                        .description("How to authenticate with the server; use one method."));
    }

    static String connectionDocs() {
        return """
                ### Connection name

                The connection name seen by the server (and by monitoring tools) is the component's label, or \
                `sluice` when it has none.

                ### Authentication

                Pick one of: `auth.user` + `auth.password`, `auth.token`, `auth.nkey_file` / `auth.nkey` (an NKey seed), \
                `auth.user_credentials_file` (a `.creds` file), or `auth.user_jwt` + `auth.user_nkey_seed`. \
                Credentials in the URL (`nats://user:pass@host:4222`) work too.
                """;
    }

    private final List<String> urls;
    private final Integer maxReconnects;
    private final SSLContext ssl;
    private final boolean tlsFirst;
    private final AuthHandler authHandler;
    private final String user;
    private final String password;
    private final String token;
    private final String name;
    private final ComponentLog log;

    NatsConnector(Conf conf, ComponentContext ctx) throws ConfigException {
        List<String> list = new ArrayList<>();
        for (String u : conf.stringList("urls")) {
            for (String s : u.split(",")) if (!s.isBlank()) list.add(s.trim());
        }
        if (list.isEmpty()) throw conf.invalid("urls", "at least one URL is required");
        this.urls = list;
        this.maxReconnects = conf.isSet("max_reconnects") ? conf.integer("max_reconnects") : null;
        this.ssl = Tls.sslContextOrNull(conf.child("tls"));
        this.tlsFirst = conf.bool("tls_handshake_first");
        this.name = ctx.label() == null || ctx.label().isEmpty() ? "sluice" : ctx.label();
        this.log = ctx.log();

        Conf auth = conf.child("auth");
        String u = null, p = null, t = null;
        AuthHandler handler = null;
        if (auth.isPresent()) {
            u = opt(auth, "user");
            p = opt(auth, "password");
            t = opt(auth, "token");
            String credsFile = opt(auth, "user_credentials_file");
            String jwt = opt(auth, "user_jwt");
            String jwtSeed = opt(auth, "user_nkey_seed");
            String nkeyFile = opt(auth, "nkey_file");
            String nkey = opt(auth, "nkey");
            if (credsFile != null) {
                if (!Files.isReadable(Path.of(credsFile))) {
                    throw auth.invalid("user_credentials_file", "cannot read credentials file '" + credsFile + "'");
                }
                handler = Nats.credentials(credsFile);
            } else if (jwt != null || jwtSeed != null) {
                if (jwt == null || jwtSeed == null) {
                    throw auth.invalid("user_jwt and user_nkey_seed must be given together");
                }
                handler = Nats.staticCredentials(jwt.toCharArray(), jwtSeed.toCharArray());
            } else if (nkeyFile != null || nkey != null) {
                String seed = nkey;
                if (seed == null) {
                    try {
                        seed = seedFromFile(Files.readString(Path.of(nkeyFile), StandardCharsets.UTF_8));
                    } catch (Exception e) {
                        throw auth.invalid("nkey_file", "cannot read NKey seed file '" + nkeyFile + "': " + e.getMessage());
                    }
                }
                handler = nkeyHandler(seed.trim(), auth);
            }
            if ((u == null) != (p == null) && u != null) {
                throw auth.invalid("password", "auth.user needs auth.password");
            }
        }
        this.user = u;
        this.password = p;
        this.token = t;
        this.authHandler = handler;
    }

    private static String opt(Conf c, String name) {
        String s = c.string(name);
        return s == null || s.isEmpty() ? null : s;
    }

    private static String seedFromFile(String text) {
        for (String line : text.split("\n")) {
            String l = line.trim();
            if (l.startsWith("SU") || l.startsWith("SA") || l.startsWith("SO")) return l;
        }
        return text.trim();
    }

    private static AuthHandler nkeyHandler(String seed, Conf at) throws ConfigException {
        NKey key;
        char[] pub;
        try {
            key = NKey.fromSeed(seed.toCharArray());
            pub = key.getPublicKey();
        } catch (Exception e) {
            throw at.invalid("nkey", "invalid NKey seed: " + e.getMessage());
        }
        return new AuthHandler() {
            @Override
            public byte[] sign(byte[] nonce) {
                try {
                    return key.sign(nonce);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot sign the server nonce with the NKey: " + e.getMessage(), e);
                }
            }

            @Override
            public char[] getID() {
                return pub;
            }

            @Override
            public char[] getJWT() {
                return null;
            }
        };
    }

    String describe() {
        return String.join(",", urls);
    }

    /** Opens a connection; the message of a failure names the URLs and the server's answer. */
    Connection connect(ConnectionListener extraListener) throws Exception {
        AtomicBoolean down = new AtomicBoolean();
        Options.Builder b = new Options.Builder()
                .servers(urls.toArray(new String[0]))
                .connectionName(name)
                .errorListener(new ErrorListener() {
                    @Override
                    public void errorOccurred(Connection conn, String error) {
                        log.warn("nats server reported an error: {}", error);
                    }

                    @Override
                    public void exceptionOccurred(Connection conn, Exception exp) {
                        log.debug("nats connection exception: {}", exp.toString());
                    }

                    @Override
                    public void slowConsumerDetected(Connection conn, Consumer consumer) {
                        log.warn("nats slow consumer detected: messages are being dropped by the client");
                    }
                })
                .connectionListener((conn, event) -> {
                    switch (event) {
                        case DISCONNECTED -> {
                            if (down.compareAndSet(false, true)) log.warn("nats connection lost, reconnecting ({})", describe());
                        }
                        case RECONNECTED -> {
                            down.set(false);
                            log.info("nats connection re-established to {}", conn.getConnectedUrl());
                        }
                        case CLOSED -> log.debug("nats connection closed");
                        default -> log.debug("nats connection event: {}", event);
                    }
                    if (extraListener != null) extraListener.connectionEvent(conn, event);
                });
        if (maxReconnects != null) b.maxReconnects(maxReconnects);
        if (ssl != null) b.sslContext(ssl);
        if (tlsFirst) b.tlsFirst();
        if (authHandler != null) b.authHandler(authHandler);
        if (user != null) b.userInfo(user, password);
        if (token != null) b.token(token.toCharArray());
        log.info("connecting to nats at {}", describe());
        try {
            Connection c = Nats.connect(b.build());
            log.info("connected to nats at {}", c.getConnectedUrl());
            return c;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            String field = msg.toLowerCase().contains("authorization") || msg.toLowerCase().contains("authentication") ? "auth" : "urls";
            throw new IOException("nats: cannot connect to " + describe() + " (check field '" + field + "'): " + msg, e);
        }
    }
}
