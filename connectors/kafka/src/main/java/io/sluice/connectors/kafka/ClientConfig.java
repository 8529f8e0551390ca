package io.sluice.connectors.kafka;

import io.sluice.core.component.ComponentLog;
import io.sluice.core.config.ConfigException;
import io.sluice.core.spec.Conf;
import io.sluice.core.tls.Tls;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The connection settings every Kafka client of a component shares: broker addresses, client id,
 * TLS and SASL, turned into Kafka client properties. Problems are reported as config errors naming
 * the field.
 */
record ClientConfig(Dialect dialect, List<String> addresses, String clientId, Properties common, String securityProtocol) {

    static ClientConfig from(Conf conf, Dialect dialect, ComponentLog log) throws ConfigException {
        List<String> addresses = splitList(conf.stringList(dialect.brokersField));
        if (addresses.isEmpty()) {
            throw conf.invalid(dialect.brokersField, "at least one broker address is required");
        }
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, String.join(",", addresses));
        String clientId = conf.string("client_id");
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId == null ? KafkaSpecs.DEFAULT_CLIENT_ID : clientId);
        // The client reconnects by itself with exponential backoff and jitter between these bounds.
        p.put(CommonClientConfigs.RECONNECT_BACKOFF_MS_CONFIG, "100");
        p.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, "10000");
        if (conf.spec().child("metadata_max_age").isPresent()) {
            p.put(CommonClientConfigs.METADATA_MAX_AGE_CONFIG, String.valueOf(conf.duration("metadata_max_age").toMillis()));
        }
        if (conf.spec().child("conn_idle_timeout").isPresent()) {
            p.put(CommonClientConfigs.CONNECTIONS_MAX_IDLE_MS_CONFIG, String.valueOf(conf.duration("conn_idle_timeout").toMillis()));
        }

        boolean tls = tls(conf, p);
        boolean sasl = dialect == Dialect.KAFKA ? saslObject(conf.child("sasl"), p) : saslList(conf.child("sasl"), p, log);
        String protocol = tls ? (sasl ? "SASL_SSL" : "SSL") : (sasl ? "SASL_PLAINTEXT" : "PLAINTEXT");
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
        return new ClientConfig(dialect, List.copyOf(addresses), clientId, p, protocol);
    }

    /** Splits entries that hold several comma separated values, trimming and dropping empty ones. */
    static List<String> splitList(List<String> entries) {
        List<String> out = new ArrayList<>();
        for (String e : entries) {
            if (e == null) continue;
            for (String s : e.split(",")) {
                String t = s.trim();
                if (!t.isEmpty()) out.add(t);
            }
        }
        return out;
    }

    Properties copy() {
        Properties p = new Properties();
        p.putAll(common);
        return p;
    }

    /** "brokers [a:9092, b:9092]" for log lines and errors. */
    String describeBrokers() {
        return "brokers " + addresses + (securityProtocol.equals("PLAINTEXT") ? "" : " (" + securityProtocol + ")");
    }

    // ---- TLS ----

    /**
     * The core's {@link Tls} reads the block (bad PEM or unreadable files are config errors naming the
     * field); the Kafka clients then build their engines from it through {@link TlsEngineFactory}.
     */
    private static boolean tls(Conf conf, Properties p) throws ConfigException {
        Tls tls = Tls.from(conf);
        if (!tls.enabled()) return false;
        p.put(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, TlsEngineFactory.class);
        p.put(TlsEngineFactory.TLS_CONFIG, tls);
        return true;
    }

    // ---- SASL ----

    private static boolean saslObject(Conf sasl, Properties p) throws ConfigException {
        if (!sasl.isPresent()) return false;
        String mechanism = sasl.string("mechanism");
        return applySasl(sasl, mechanism, sasl.string("user"), sasl.string("password"), sasl.string("access_token"), Map.of(), p);
    }

    private static boolean saslList(Conf sasl, Properties p, ComponentLog log) throws ConfigException {
        if (!sasl.isPresent()) return false;
        List<Conf> entries = new ArrayList<>();
        for (Conf c : sasl.elements()) if (!"none".equals(c.string("mechanism"))) entries.add(c);
        if (entries.isEmpty()) return false;
        if (entries.size() > 1) log.warn("sasl lists {} mechanisms; only the first one ({}) is used", entries.size(), entries.get(0).string("mechanism"));
        Conf c = entries.get(0);
        return applySasl(c, c.string("mechanism"), c.string("username"), c.string("password"), c.string("token"),
                c.isSet("extensions") ? c.stringMap("extensions") : Map.of(), p);
    }

    private static boolean applySasl(Conf c, String mechanism, String user, String password, String token,
                                     Map<String, String> extensions, Properties p) throws ConfigException {
        if (mechanism == null || mechanism.equals("none")) return false;
        switch (mechanism) {
            case "PLAIN" -> {
                p.put(SaslConfigs.SASL_JAAS_CONFIG, jaas("org.apache.kafka.common.security.plain.PlainLoginModule",
                        Map.of("username", nz(user), "password", nz(password))));
                p.put(SaslConfigs.SASL_CLIENT_CALLBACK_HANDLER_CLASS, CredentialsCallbackHandler.class);
            }
            case "SCRAM-SHA-256", "SCRAM-SHA-512" -> {
                p.put(SaslConfigs.SASL_JAAS_CONFIG, jaas("org.apache.kafka.common.security.scram.ScramLoginModule",
                        Map.of("username", nz(user), "password", nz(password))));
                p.put(SaslConfigs.SASL_CLIENT_CALLBACK_HANDLER_CLASS, CredentialsCallbackHandler.class);
            }
            case "OAUTHBEARER" -> {
                if (token == null || token.isEmpty()) {
                    throw c.invalid("OAUTHBEARER needs a static token (token caches are not supported)");
                }
                LinkedHashMap<String, String> opts = new LinkedHashMap<>();
                opts.put(StaticTokenLoginHandler.TOKEN_OPTION, token);
                extensions.forEach((k, v) -> opts.put("unsecuredLoginExtension_" + k, v));
                p.put(SaslConfigs.SASL_JAAS_CONFIG, jaas("org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule", opts));
                p.put(SaslConfigs.SASL_LOGIN_CALLBACK_HANDLER_CLASS, StaticTokenLoginHandler.class);
                p.put(SaslConfigs.SASL_CLIENT_CALLBACK_HANDLER_CLASS, StaticTokenLoginHandler.class);
            }
            default -> throw c.invalid("mechanism", "SASL mechanism '" + mechanism + "' is not supported (use PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 or OAUTHBEARER)");
        }
        p.put(SaslConfigs.SASL_MECHANISM, mechanism);
        return true;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    static String jaas(String module, Map<String, String> options) {
        StringBuilder sb = new StringBuilder(module).append(" required");
        options.forEach((k, v) -> sb.append(' ').append(k).append("=\"")
                .append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"'));
        return sb.append(';').toString();
    }
}
