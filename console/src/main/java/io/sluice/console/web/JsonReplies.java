package io.sluice.console.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.gateway.runtime.GatewayJson;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.Map;

/** JSON in and out for the console's APIs: {@code {"error": "..."}} on failure, never an HTML error page. */
public final class JsonReplies {

    private JsonReplies() {
    }

    public static void json(RoutingContext ctx, int status, Object body) {
        if (ctx.response().ended()) {
            return;
        }
        try {
            ctx.response().setStatusCode(status)
                    .putHeader("Content-Type", "application/json; charset=utf-8")
                    .putHeader("Cache-Control", "no-store")
                    .end(GatewayJson.MAPPER.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            error(ctx, 500, "cannot encode the answer: " + e.getOriginalMessage());
        }
    }

    public static void error(RoutingContext ctx, int status, String message) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .end("{\"error\":" + quoted(message) + "}");
    }

    /** The request body as a JSON object, or null after answering 400. */
    public static ObjectNode body(RoutingContext ctx) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        if (text == null || text.isBlank()) {
            error(ctx, 400, "a JSON object is expected as the request body");
            return null;
        }
        try {
            JsonNode node = GatewayJson.MAPPER.readTree(text);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            error(ctx, 400, "the request body is not valid JSON: " + e.getOriginalMessage());
            return null;
        }
        error(ctx, 400, "a JSON object is expected as the request body");
        return null;
    }

    /** A text field of a request body, trimmed; empty when absent. */
    public static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? "" : value.asText().trim();
    }

    public static Map<String, Object> of(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static String quoted(String text) {
        try {
            return GatewayJson.MAPPER.writeValueAsString(text == null ? "" : text);
        } catch (JsonProcessingException e) {
            return "\"\"";
        }
    }
}
