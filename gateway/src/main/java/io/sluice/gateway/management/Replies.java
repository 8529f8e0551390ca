package io.sluice.gateway.management;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.sluice.gateway.runtime.GatewayJson;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.Map;

/** Management answers in Tyk's shapes: {@code {"key", "status", "action"}} on success, {@code {"status": "error", "message"}} otherwise. */
final class Replies {

    private Replies() {
    }

    static void json(RoutingContext ctx, int status, Object body) {
        try {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(GatewayJson.MAPPER.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            error(ctx, 500, "cannot encode answer: " + e.getOriginalMessage());
        }
    }

    static void action(RoutingContext ctx, String key, String action) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", key);
        body.put("status", "ok");
        body.put("action", action);
        json(ctx, 200, body);
    }

    static void error(RoutingContext ctx, int status, String message) {
        if (ctx.response().ended()) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "error");
        body.put("message", message);
        try {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(GatewayJson.MAPPER.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            ctx.response().setStatusCode(500).end();
        }
    }

    /** Jackson's complaint about a request body, led by the path of the field at fault. */
    static String describe(JsonProcessingException e) {
        if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            mismatch.getPath().forEach(ref -> {
                if (ref.getFieldName() != null) {
                    path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
                } else {
                    path.append('[').append(ref.getIndex()).append(']');
                }
            });
            return path + ": " + e.getOriginalMessage();
        }
        return "request body is not valid JSON: " + e.getOriginalMessage();
    }
}
