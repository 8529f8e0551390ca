package io.sluice.console.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.console.apis.ApiDocuments;
import io.sluice.console.gatewayapi.ManagementClient;
import io.sluice.console.web.JsonReplies;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the Analytics page charts. When the gateway has {@code /tyk/analytics} (the observability work), its answer is
 * passed through as {@code {"source": "analytics", "analytics": ...}}; until then the page gets the counters the gateway
 * keeps today ({@code "source": "counters"}): per stream its messages in and out, errors and consumers, and per API the
 * sums. The browser turns successive snapshots into rates, so the page does not care which source answered.
 */
final class AnalyticsFeed {

    private final ManagementClient gateway;

    AnalyticsFeed(ManagementClient gateway) {
        this.gateway = gateway;
    }

    void snapshot(RoutingContext ctx) {
        gateway.get("/tyk/analytics").onComplete(analytics -> {
            if (analytics.succeeded() && analytics.result().ok()) {
                JsonReplies.json(ctx, 200, Map.of("source", "analytics", "at", System.currentTimeMillis(), "analytics", analytics.result().json()));
                return;
            }
            counters().onComplete(snapshot -> {
                if (snapshot.failed()) {
                    JsonReplies.error(ctx, 502, "the gateway did not answer: " + snapshot.cause().getMessage());
                } else {
                    JsonReplies.json(ctx, 200, snapshot.result());
                }
            });
        });
    }

    private Future<Map<String, Object>> counters() {
        Future<ManagementClient.Reply> streams = gateway.get("/tyk/streams");
        Future<ManagementClient.Reply> apis = gateway.get("/tyk/apis/oas");
        return Future.all(streams, apis).map(done -> {
            Map<String, String> names = new LinkedHashMap<>();
            for (JsonNode doc : apis.result().json()) {
                JsonNode info = doc.path(ApiDocuments.EXT).path("info");
                names.put(info.path("id").asText(), info.path("name").asText());
            }
            List<Object> apiRows = new ArrayList<>();
            List<Object> streamRows = new ArrayList<>();
            for (JsonNode api : streams.result().json()) {
                String apiId = api.path("api_id").asText();
                Map<String, Long> apiTotals = new LinkedHashMap<>();
                for (JsonNode stream : api.path("streams")) {
                    Map<String, Long> totals = new LinkedHashMap<>();
                    add(totals, stream.path("counters"));
                    for (JsonNode instance : stream.path("instances")) {
                        add(totals, instance.path("counters"));
                    }
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("api_id", apiId);
                    row.put("stream", stream.path("name").asText());
                    row.put("counters", totals);
                    streamRows.add(row);
                    totals.forEach((k, v) -> apiTotals.merge(k, v, Long::sum));
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("api_id", apiId);
                row.put("name", names.getOrDefault(apiId, apiId));
                row.put("counters", apiTotals);
                apiRows.add(row);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("source", "counters");
            out.put("at", System.currentTimeMillis());
            out.put("apis", apiRows);
            out.put("streams", streamRows);
            return out;
        });
    }

    private static void add(Map<String, Long> totals, JsonNode counters) {
        for (Iterator<Map.Entry<String, JsonNode>> it = counters.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> c = it.next();
            if (c.getValue().isNumber()) {
                totals.merge(c.getKey(), c.getValue().asLong(), Long::sum);
            }
        }
    }
}
