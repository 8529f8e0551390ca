package io.sluice.console.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.console.apis.ApiDocuments;
import io.sluice.console.gatewayapi.ManagementClient;
import io.sluice.console.web.JsonReplies;
import io.sluice.gateway.limits.EffectiveLimits;
import io.sluice.gateway.limits.LimitKeeper;
import io.sluice.gateway.services.GatewayServices;
import io.sluice.gateway.session.Session;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the Analytics page charts: the counters the gateway keeps ({@code "source": "counters"}): per stream its messages in and out, errors and consumers, per API the
 * sums, and per key and API the quota used, read from the gateway's own quota counters (after the key's policies
 * apply). The browser turns successive snapshots into rates. When the gateway records analytics ({@code enable_analytics}),
 * its {@code /tyk/analytics} answer (time buckets of the last hour) is added as {@code "analytics"}.
 */
final class AnalyticsFeed {

    private static final int KEYS_SAMPLED = 100;

    private final ManagementClient gateway;
    private final GatewayServices services;

    AnalyticsFeed(ManagementClient gateway, GatewayServices services) {
        this.gateway = gateway;
        this.services = services;
    }

    void snapshot(RoutingContext ctx) {
        // The charts always come from the counters; the gateway's request analytics (when enable_analytics is on) ride along.
        Future<ManagementClient.Reply> analytics = gateway.get("/tyk/analytics");
        counters().onComplete(snapshot -> {
            if (snapshot.failed()) {
                JsonReplies.error(ctx, 502, "the gateway did not answer: " + snapshot.cause().getMessage());
                return;
            }
            analytics.onComplete(a -> {
                Map<String, Object> out = snapshot.result();
                if (a.succeeded() && a.result().ok()) out.put("analytics", a.result().json());
                JsonReplies.json(ctx, 200, out);
            });
        });
    }

    private Future<Map<String, Object>> counters() {
        Future<ManagementClient.Reply> streams = gateway.get("/tyk/streams");
        Future<ManagementClient.Reply> apis = gateway.get("/tyk/apis/oas");
        Future<List<Object>> keys = gateway.get("/tyk/keys").compose(this::keyUsage);
        return Future.all(streams, apis, keys).map(done -> {
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
            out.put("keys", keys.result());
            return out;
        });
    }

    /** Quota used per key and API, for keys whose effective session (policies applied) has a quota. */
    private Future<List<Object>> keyUsage(ManagementClient.Reply list) {
        List<Future<List<Object>>> perKey = new ArrayList<>();
        for (JsonNode hash : list.json().path("keys")) {
            if (perKey.size() == KEYS_SAMPLED) {
                break;
            }
            perKey.add(usageOf(hash.asText()));
        }
        return Future.join(perKey).map(done -> {
            List<Object> rows = new ArrayList<>();
            perKey.stream().filter(Future::succeeded).forEach(f -> rows.addAll(f.result()));
            return rows;
        });
    }

    private Future<List<Object>> usageOf(String keyHash) {
        return services.sessions().find(keyHash).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture(List.of());
            }
            Session session = found.get().session();
            List<Future<Map<String, Object>>> rows = new ArrayList<>();
            for (String apiId : session.accessRights().keySet()) {
                EffectiveLimits limits = LimitKeeper.limitsFor(session, apiId);
                if (limits.quotaMax() <= 0) {
                    continue;
                }
                rows.add(services.limits().peekQuota(keyHash, limits).map(usage -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("key_hash", keyHash);
                    row.put("alias", session.alias());
                    row.put("api_id", apiId);
                    row.put("quota_max", usage.max());
                    row.put("quota_used", Math.max(0, usage.max() - usage.remaining()));
                    return row;
                }));
            }
            return Future.join(rows).map(done -> rows.stream().filter(Future::succeeded).map(f -> (Object) f.result()).toList());
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
