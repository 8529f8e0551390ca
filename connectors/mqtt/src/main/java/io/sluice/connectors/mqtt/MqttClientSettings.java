package io.sluice.connectors.mqtt;

import io.sluice.core.connect.ConnectorFields;
import io.sluice.core.config.ConfigException;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;
import io.sluice.core.tls.Tls;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The connection fields shared by the {@code mqtt} input and output, parsed and checked once when
 * the component is built, so a typo fails lint/build with the field's path instead of at connect.
 */
record MqttClientSettings(
        List<BrokerUrl> urls,
        String clientId,
        Duration connectTimeout,
        Will will,
        String user,
        String password,
        int keepAliveSeconds,
        Tls tls,
        ProtocolVersion protocol) {

    enum ProtocolVersion {
        AUTO, V3_1_1, V5;

        String label() {
            return switch (this) {
                case AUTO -> "auto";
                case V3_1_1 -> "3.1.1";
                case V5 -> "5";
            };
        }
    }

    record Will(boolean enabled, int qos, boolean retained, String topic, String payload) {
    }

    /** One broker address: scheme decides TLS and websocket, as in the original dialect. */
    record BrokerUrl(String text, String host, int port, boolean tls, boolean websocket, String path) {
        @Override
        public String toString() {
            return text;
        }
    }

    static List<FieldSpec> fields() {
        return List.of(
                FieldSpec.stringList("urls").nonEmpty("at least one URL is required")
                        .description("Broker URLs as `scheme://host:port`, tried in order; the first that connects is used. Schemes: `tcp` or `mqtt` for plain TCP, "
                                + "`ssl`, `tls`, `tcps` or `mqtts` for TLS, `ws` and `wss` for WebSocket. An entry may hold several URLs separated by commas.")
                        .example(List.of("tcp://127.0.0.1:1883"), List.of("ssl://mqtt.example.com:8883")),
                FieldSpec.string("client_id").defaultValue("")
                        .description("The client id the broker knows this connection by. Empty lets the broker pick one, which it allows only with a clean session. "
                                + "A second connection with the same id makes the broker drop the first."),
                FieldSpec.string("dynamic_client_id_suffix").optional().advanced()
                        .description("`nanoid` adds a random 21-character suffix to `client_id` at each start, so that several copies of one config do not "
                                + "share an id. Do not combine it with `clean_session: false`: each start is then a new session."),
                FieldSpec.duration("connect_timeout").defaultValue("30s").example("5s", "1m")
                        .description("How long one connection attempt may take before it counts as failed."),
                FieldSpec.object("will",
                        FieldSpec.bool("enabled").defaultValue(false).description("Register a last will with the broker."),
                        FieldSpec.integer("qos").defaultValue(0).description("The QoS of the will message: 0, 1 or 2."),
                        FieldSpec.bool("retained").defaultValue(false).description("Publish the will as a retained message."),
                        FieldSpec.string("topic").defaultValue("").description("The topic the will is published on."),
                        FieldSpec.string("payload").defaultValue("").description("The body of the will message."))
                        .advanced().description("A message the broker publishes for this client when the connection ends without a proper disconnect, e.g. when the process dies."),
                FieldSpec.string("user").defaultValue("").advanced().description("The user name to log in with."),
                FieldSpec.string("password").defaultValue("").advanced().description("The password to log in with."),
                FieldSpec.integer("keepalive").defaultValue(30).range(0, 65535, "keepalive must be between 0 and 65535 seconds").advanced()
                        .description("Seconds without traffic after which the client pings the broker; the broker drops a client silent for 1.5 times this."),
                ConnectorFields.tls(),
                FieldSpec.string("protocol_version").defaultValue("auto").options("auto", "3.1.1", "5").advanced()
                        .description("`auto` tries MQTT 5 first, falls back to 3.1.1 when the broker does not speak 5, and keeps whichever worked. "
                                + "A Sluice extension: other implementations of the dialect speak 3.1.1 only."));
    }

    static MqttClientSettings from(Conf conf) throws ConfigException {
        List<BrokerUrl> urls = new ArrayList<>();
        List<Conf> urlConfs = conf.list("urls");
        for (Conf u : urlConfs) {
            for (String piece : u.asString().split(",")) {
                String t = piece.trim();
                if (!t.isEmpty()) urls.add(parseUrl(t, u));
            }
        }
        if (urls.isEmpty()) throw conf.invalid("urls", "at least one URL is required");

        String clientId = conf.string("client_id");
        if (conf.isSet("dynamic_client_id_suffix")) {
            String suffix = conf.string("dynamic_client_id_suffix");
            switch (suffix) {
                case "nanoid" -> clientId += nanoid();
                case "" -> { }
                default -> throw conf.invalid("dynamic_client_id_suffix", "unknown dynamic_client_id_suffix '" + suffix + "' (expected nanoid)");
            }
        }
        if (clientId.getBytes(StandardCharsets.UTF_8).length > 65535) {
            throw conf.invalid("client_id", "client_id is longer than 65535 bytes");
        }

        Conf w = conf.child("will");
        Will will = new Will(w.bool("enabled"), qos(w.child("qos")), w.bool("retained"), w.string("topic"), w.string("payload"));
        if (will.enabled() && will.topic().isEmpty()) {
            throw w.invalid("topic", "include topic to register a last will");
        }

        int keepAlive = conf.integer("keepalive");
        ProtocolVersion protocol = switch (conf.string("protocol_version")) {
            case "3.1.1" -> ProtocolVersion.V3_1_1;
            case "5" -> ProtocolVersion.V5;
            default -> ProtocolVersion.AUTO;
        };
        Duration timeout = conf.duration("connect_timeout");
        if (timeout.isZero() || timeout.isNegative()) timeout = Duration.ofSeconds(30);
        return new MqttClientSettings(List.copyOf(urls), clientId, timeout, will, conf.string("user"), conf.string("password"),
                keepAlive, Tls.from(conf), protocol);
    }

    /** A QoS field: 0, 1 or 2. */
    static int qos(Conf field) throws ConfigException {
        long q;
        try {
            q = field.asLong();
        } catch (RuntimeException e) {
            throw field.invalid("qos must be 0, 1 or 2, got '" + field.asString() + "'");
        }
        if (q < 0 || q > 2) throw field.invalid("qos must be 0, 1 or 2, got " + q);
        return (int) q;
    }

    static BrokerUrl parseUrl(String text, Conf field) throws ConfigException {
        URI uri;
        try {
            uri = new URI(text);
        } catch (Exception e) {
            throw field.invalid("invalid URL '" + text + "': " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        boolean tls;
        boolean ws;
        int defaultPort;
        switch (scheme) {
            case "tcp", "mqtt" -> { tls = false; ws = false; defaultPort = 1883; }
            case "ssl", "tls", "mqtts", "tcps" -> { tls = true; ws = false; defaultPort = 8883; }
            case "ws" -> { tls = false; ws = true; defaultPort = 80; }
            case "wss" -> { tls = true; ws = true; defaultPort = 443; }
            default -> throw field.invalid("unsupported URL scheme '" + scheme + "' in '" + text + "' (use tcp, ssl, ws or wss)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw field.invalid("URL '" + text + "' has no host");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : defaultPort;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "mqtt" : uri.getRawPath().substring(1);
        if (uri.getRawQuery() != null) path += "?" + uri.getRawQuery();
        return new BrokerUrl(text, uri.getHost(), port, tls, ws, path);
    }

    private static final String NANOID_ALPHABET = "_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A 21 character id from the URL-safe alphabet, like the nanoid the dialect appends. */
    static String nanoid() {
        StringBuilder sb = new StringBuilder(21);
        for (int i = 0; i < 21; i++) sb.append(NANOID_ALPHABET.charAt(RANDOM.nextInt(NANOID_ALPHABET.length())));
        return sb.toString();
    }
}
