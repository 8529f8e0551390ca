package io.sluice.console.gatewayapi;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates gateway keys under a policy, for the dashboard's Keys page and for the portal's apps: the policy gives the
 * key its access rights, limits and expiry, so a key never holds more than its policy allows.
 */
public final class KeyIssuer {

    /** A new key: the key itself (shown once) and the hash the gateway stores it under. */
    public record IssuedKey(String keyId, String keyHash) {
    }

    private final ManagementClient gateway;

    public KeyIssuer(ManagementClient gateway) {
        this.gateway = gateway;
    }

    /** @param meta extra {@code meta_data} (e.g. which portal app the key belongs to) */
    public Future<IssuedKey> issue(String policyId, String alias, Map<String, Object> meta) {
        Map<String, Object> session = new LinkedHashMap<>();
        session.put("apply_policies", List.of(policyId));
        session.put("alias", alias);
        session.put("meta_data", meta);
        return gateway.send(HttpMethod.POST, "/tyk/keys", session).compose(reply -> {
            if (!reply.ok()) {
                return Future.failedFuture(new IllegalArgumentException(reply.error()));
            }
            String key = reply.json().path("key").asText("");
            String hash = reply.json().path("key_hash").asText(key);
            return Future.succeededFuture(new IssuedKey(key, hash));
        });
    }
}
