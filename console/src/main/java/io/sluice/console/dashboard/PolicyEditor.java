package io.sluice.console.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.console.apis.ApiDocuments;
import io.sluice.console.gatewayapi.ManagementClient;
import io.sluice.console.web.JsonReplies;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Policies page: a policy grants access to APIs with a rate limit, throttling, a usage quota and a key expiry,
 * and keys created under it get exactly that. Stored through the gateway's {@code /tyk/policies}.
 */
final class PolicyEditor {

    private final ManagementClient gateway;

    PolicyEditor(ManagementClient gateway) {
        this.gateway = gateway;
    }

    void list(RoutingContext ctx) {
        gateway.get("/tyk/policies").onComplete(reply -> {
            if (ApiEditor.answered(ctx, reply.succeeded() ? reply.result() : null, reply.cause())) {
                JsonReplies.json(ctx, 200, Map.of("policies", reply.result().json()));
            }
        });
    }

    void create(RoutingContext ctx) {
        ObjectNode body = JsonReplies.body(ctx);
        if (body == null) {
            return;
        }
        String name = JsonReplies.text(body, "name");
        List<String> apiIds = new ArrayList<>();
        body.path("api_ids").forEach(id -> apiIds.add(id.asText()));
        if (name.isEmpty()) {
            JsonReplies.error(ctx, 400, "name: a policy name is required");
            return;
        }
        if (apiIds.isEmpty()) {
            JsonReplies.error(ctx, 400, "api_ids: select at least one API");
            return;
        }
        gateway.get("/tyk/apis/oas").onComplete(apis -> {
            if (!ApiEditor.answered(ctx, apis.succeeded() ? apis.result() : null, apis.cause())) {
                return;
            }
            Map<String, String> names = new LinkedHashMap<>();
            for (JsonNode doc : apis.result().json()) {
                JsonNode info = doc.path(ApiDocuments.EXT).path("info");
                names.put(info.path("id").asText(), info.path("name").asText());
            }
            Map<String, Object> access = new LinkedHashMap<>();
            for (String id : apiIds) {
                if (!names.containsKey(id)) {
                    JsonReplies.error(ctx, 400, "api_ids: there is no API with id '" + id + "'");
                    return;
                }
                access.put(id, Map.of("api_id", id, "api_name", names.get(id), "versions", List.of("Default")));
            }
            Map<String, Object> policy = new LinkedHashMap<>();
            try {
                limits(body, policy);
            } catch (NumberFormatException e) {
                JsonReplies.error(ctx, 400, "rate, per, throttling, quota and expiry must be numbers: " + e.getMessage());
                return;
            }
            policy.put("name", name);
            policy.put("active", true);
            policy.put("access_rights", access);
            gateway.send(HttpMethod.POST, "/tyk/policies", policy).onComplete(created -> {
                if (ApiEditor.answered(ctx, created.succeeded() ? created.result() : null, created.cause())) {
                    policy.put("id", created.result().json().path("key").asText());
                    JsonReplies.json(ctx, 201, policy);
                }
            });
        });
    }

    void delete(RoutingContext ctx) {
        gateway.send(HttpMethod.DELETE, "/tyk/policies/" + ApiEditor.encode(ctx.pathParam("id")), null).onComplete(reply -> {
            if (ApiEditor.answered(ctx, reply.succeeded() ? reply.result() : null, reply.cause())) {
                JsonReplies.json(ctx, 200, Map.of("status", "deleted"));
            }
        });
    }

    private static void limits(JsonNode body, Map<String, Object> policy) {
        policy.put("rate", number(body, "rate", -1));
        policy.put("per", number(body, "per", -1));
        policy.put("throttle_interval", number(body, "throttle_interval", -1));
        policy.put("throttle_retry_limit", (int) number(body, "throttle_retry_limit", -1));
        policy.put("quota_max", (long) number(body, "quota_max", -1));
        policy.put("quota_renewal_rate", (long) number(body, "quota_renewal_rate", -1));
        policy.put("key_expires_in", (long) number(body, "key_expires_in", 0));
    }

    /** A number field; empty or absent means {@code fallback} (-1: unlimited / off). */
    private static double number(JsonNode body, String field, double fallback) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
            return fallback;
        }
        return value.isNumber() ? value.asDouble() : Double.parseDouble(value.asText().trim());
    }
}
