package io.sluice.console.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.console.gatewayapi.KeyIssuer;
import io.sluice.console.gatewayapi.ManagementClient;
import io.sluice.console.web.JsonReplies;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Keys page: lists keys (by hash: the gateway never shows a key again after creating it) and creates one under a
 * policy picked in Access Rights. The answer to a creation is the only time the Key ID is seen.
 */
final class KeyEditor {

    private static final int LISTED = 200;

    private final ManagementClient gateway;
    private final KeyIssuer issuer;

    KeyEditor(ManagementClient gateway, KeyIssuer issuer) {
        this.gateway = gateway;
        this.issuer = issuer;
    }

    void list(RoutingContext ctx) {
        gateway.get("/tyk/keys").onComplete(reply -> {
            if (!ApiEditor.answered(ctx, reply.succeeded() ? reply.result() : null, reply.cause())) {
                return;
            }
            List<Future<Map<String, Object>>> details = new ArrayList<>();
            for (JsonNode hash : reply.result().json().path("keys")) {
                if (details.size() == LISTED) {
                    break;
                }
                details.add(describe(hash.asText()));
            }
            Future.join(details).onComplete(done -> {
                List<Object> keys = new ArrayList<>();
                details.stream().filter(Future::succeeded).map(Future::result).filter(k -> k != null).forEach(keys::add);
                JsonReplies.json(ctx, 200, Map.of("keys", keys));
            });
        });
    }

    private Future<Map<String, Object>> describe(String hash) {
        return gateway.get("/tyk/keys/" + ApiEditor.encode(hash) + "?hashed=true").map(reply -> {
            if (!reply.ok()) {
                return null;
            }
            JsonNode session = reply.json();
            Map<String, Object> key = new LinkedHashMap<>();
            key.put("key_hash", hash);
            key.put("alias", session.path("alias").asText(""));
            List<String> policies = new ArrayList<>();
            session.path("apply_policies").forEach(p -> policies.add(p.asText()));
            key.put("policies", policies);
            List<String> apis = new ArrayList<>();
            session.path("access_rights").fieldNames().forEachRemaining(apis::add);
            key.put("apis", apis);
            key.put("expires", session.path("expires").asLong(0));
            key.put("quota_max", session.path("quota_max").asLong(-1));
            key.put("quota_remaining", session.path("quota_remaining").asLong(0));
            key.put("inactive", session.path("is_inactive").asBoolean(false));
            key.put("portal_app", session.path("meta_data").path("portal_app").asText(""));
            return key;
        });
    }

    void create(RoutingContext ctx) {
        ObjectNode body = JsonReplies.body(ctx);
        if (body == null) {
            return;
        }
        String policy = JsonReplies.text(body, "policy_id");
        if (policy.isEmpty()) {
            JsonReplies.error(ctx, 400, "policy_id: pick a policy under Access Rights");
            return;
        }
        issuer.issue(policy, JsonReplies.text(body, "alias"), Map.of("created_by", "dashboard")).onComplete(issued -> {
            if (issued.failed()) {
                JsonReplies.error(ctx, 400, issued.cause().getMessage());
            } else {
                JsonReplies.json(ctx, 201, Map.of("key_id", issued.result().keyId(), "key_hash", issued.result().keyHash()));
            }
        });
    }

    void delete(RoutingContext ctx) {
        gateway.send(HttpMethod.DELETE, "/tyk/keys/" + ApiEditor.encode(ctx.pathParam("hash")) + "?hashed=true", null).onComplete(reply -> {
            if (ApiEditor.answered(ctx, reply.succeeded() ? reply.result() : null, reply.cause())) {
                JsonReplies.json(ctx, 200, Map.of("status", "deleted"));
            }
        });
    }
}
