package io.sluice.connectors.kafka;

import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.scram.ScramExtensionsCallback;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.sasl.AuthorizeCallback;
import javax.security.sasl.RealmCallback;
import java.util.List;
import java.util.Map;

/**
 * Answers the PLAIN and SCRAM clients' questions with the user name and password of the JAAS
 * options. The Kafka client's own handler reads them from the current {@code Subject}, which
 * {@code Subject.getSubject} no longer provides on JDK 23 and newer.
 */
public final class CredentialsCallbackHandler implements AuthenticateCallbackHandler {
    private String username;
    private char[] password;

    @Override
    public void configure(Map<String, ?> configs, String saslMechanism, List<AppConfigurationEntry> jaasConfigEntries) {
        for (AppConfigurationEntry e : jaasConfigEntries) {
            Object u = e.getOptions().get("username");
            Object p = e.getOptions().get("password");
            if (u != null) username = String.valueOf(u);
            if (p != null) password = String.valueOf(p).toCharArray();
        }
    }

    @Override
    public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
        for (Callback cb : callbacks) {
            if (cb instanceof NameCallback n) {
                n.setName(username != null ? username : n.getDefaultName());
            } else if (cb instanceof PasswordCallback p) {
                p.setPassword(password == null ? null : password.clone());
            } else if (cb instanceof RealmCallback r) {
                r.setText(r.getDefaultText());
            } else if (cb instanceof AuthorizeCallback a) {
                a.setAuthorized(a.getAuthenticationID().equals(a.getAuthorizationID()));
                if (a.isAuthorized()) a.setAuthorizedID(a.getAuthorizationID());
            } else if (cb instanceof ScramExtensionsCallback x) {
                x.extensions(Map.of());
            } else {
                throw new UnsupportedCallbackException(cb);
            }
        }
    }

    @Override
    public void close() {
    }
}
