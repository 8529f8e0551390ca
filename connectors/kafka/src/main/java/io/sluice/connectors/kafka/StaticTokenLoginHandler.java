package io.sluice.connectors.kafka;

import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.auth.SaslExtensions;
import org.apache.kafka.common.security.auth.SaslExtensionsCallback;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerToken;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerTokenCallback;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hands a static OAUTHBEARER token from the config ({@code sasl.access_token} or {@code sasl[].token})
 * to the Kafka client. The token's {@code exp} and {@code sub} claims are read when it is a JWT.
 */
public final class StaticTokenLoginHandler implements AuthenticateCallbackHandler {
    static final String TOKEN_OPTION = "sluiceStaticToken";
    private static final String EXTENSION_PREFIX = "unsecuredLoginExtension_";

    private String token;
    private final Map<String, String> extensions = new HashMap<>();

    @Override
    public void configure(Map<String, ?> configs, String saslMechanism, List<AppConfigurationEntry> jaasConfigEntries) {
        for (AppConfigurationEntry e : jaasConfigEntries) {
            e.getOptions().forEach((k, v) -> {
                if (k.equals(TOKEN_OPTION)) token = String.valueOf(v);
                else if (k.startsWith(EXTENSION_PREFIX)) extensions.put(k.substring(EXTENSION_PREFIX.length()), String.valueOf(v));
            });
        }
        if (token == null || token.isEmpty()) throw new IllegalArgumentException("no OAUTHBEARER token configured");
    }

    @Override
    public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
        for (Callback cb : callbacks) {
            if (cb instanceof OAuthBearerTokenCallback t) {
                t.token(new StaticToken(token));
            } else if (cb instanceof SaslExtensionsCallback x) {
                x.extensions(new SaslExtensions(extensions));
            } else {
                throw new UnsupportedCallbackException(cb);
            }
        }
    }

    @Override
    public void close() {
    }

    private record StaticToken(String value, long lifetimeMs, String principalName) implements OAuthBearerToken {
        StaticToken(String value) {
            this(value, claim(value, "exp").map(s -> Long.parseLong(s) * 1000).orElse(System.currentTimeMillis() + 365L * 24 * 3600 * 1000),
                    claim(value, "sub").orElse("sluice"));
        }

        @Override
        public Set<String> scope() {
            return Set.of();
        }

        @Override
        public Long startTimeMs() {
            return null;
        }

        private static Optional<String> claim(String jwt, String name) {
            String[] parts = jwt.split("\\.");
            if (parts.length < 2) return Optional.empty();
            try {
                String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
                Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?([^\",}]+)\"?").matcher(payload);
                return m.find() ? Optional.of(m.group(1).trim()) : Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }
}
