package io.sluice.gateway.management;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sluice.gateway.policy.Policy;
import io.sluice.gateway.policy.PolicyFiles;
import io.sluice.gateway.runtime.GatewayJson;
import io.sluice.gateway.services.GatewayServices;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Policies: stored in the storage (shared by all nodes) and in force as soon as the call returns. */
final class PoliciesEndpoint {

    private final GatewayServices services;
    private final GatewayControl control;

    PoliciesEndpoint(GatewayServices services, GatewayControl control) {
        this.services = services;
        this.control = control;
    }

    void list(RoutingContext ctx) {
        Replies.json(ctx, 200, new ArrayList<>(services.policies().all().values()));
    }

    void get(RoutingContext ctx) {
        services.policies().find(ctx.pathParam("id")).ifPresentOrElse(
                policy -> Replies.json(ctx, 200, policy),
                () -> Replies.error(ctx, 404, "Policy not found"));
    }

    void create(RoutingContext ctx) {
        Policy policy = parse(ctx);
        if (policy == null) {
            return;
        }
        if (policy.id().isEmpty()) {
            byte[] bytes = new byte[12];
            ThreadLocalRandom.current().nextBytes(bytes);
            policy = policy.withId(HexFormat.of().formatHex(bytes));
        } else if (services.policies().find(policy.id()).isPresent()) {
            Replies.error(ctx, 400, "id: a policy with id '" + policy.id() + "' already exists");
            return;
        }
        store(ctx, policy, "added");
    }

    void update(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (services.policies().find(id).isEmpty()) {
            Replies.error(ctx, 404, "Policy not found");
            return;
        }
        Policy policy = parse(ctx);
        if (policy == null) {
            return;
        }
        if (!policy.id().isEmpty() && !policy.id().equals(id)) {
            Replies.error(ctx, 400, "id: '" + policy.id() + "' does not match the id in the path '" + id + "'");
            return;
        }
        store(ctx, policy.withId(id), "modified");
    }

    void delete(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        services.storage().policies().delete(id)
                .compose(existed -> existed ? removeFile(id).compose(v -> control.policiesChanged()).map(true) : Future.succeededFuture(false))
                .onComplete(result -> {
                    if (result.failed()) {
                        Replies.error(ctx, 500, "cannot delete policy: " + result.cause().getMessage());
                    } else if (!result.result()) {
                        Replies.error(ctx, 404, "Policy not found");
                    } else {
                        Replies.action(ctx, id, "deleted");
                    }
                });
    }

    private void store(RoutingContext ctx, Policy policy, String action) {
        services.storage().policies().save(policy).compose(v -> writeFile(policy)).compose(v -> control.policiesChanged()).onComplete(result -> {
            if (result.failed()) {
                Replies.error(ctx, 500, "cannot store policy: " + result.cause().getMessage());
            } else {
                Replies.action(ctx, policy.id(), action);
            }
        });
    }

    /** With {@code policies.policy_path} set, the policy is also kept as a file there, as Tyk does. */
    private Future<Void> writeFile(Policy policy) {
        String path = services.config().policies().policyPath();
        if (path == null || path.isBlank()) {
            return Future.succeededFuture();
        }
        return services.blocking().submit(() -> {
            PolicyFiles.write(path, policy);
            return null;
        });
    }

    private Future<Void> removeFile(String id) {
        String path = services.config().policies().policyPath();
        if (path == null || path.isBlank()) {
            return Future.succeededFuture();
        }
        return services.blocking().submit(() -> {
            PolicyFiles.remove(path, id);
            return null;
        });
    }

    private static Policy parse(RoutingContext ctx) {
        String body = ctx.body() == null ? null : ctx.body().asString();
        if (body == null || body.isBlank()) {
            Replies.error(ctx, 400, "request body: a policy object is required");
            return null;
        }
        Policy policy;
        try {
            policy = GatewayJson.MAPPER.readValue(body, Policy.class);
        } catch (JsonProcessingException e) {
            Replies.error(ctx, 400, Replies.describe(e));
            return null;
        }
        String problem = null;
        if (policy.partitions().perApi() && policy.partitions().enabled()) {
            problem = "partitions: per_api cannot be combined with quota, rate_limit, acl or complexity";
        } else if (policy.rate() < -1 || policy.per() < -1) {
            problem = "rate/per: must be -1, 0 or positive";
        } else if (policy.quotaMax() < -1) {
            problem = "quota_max: must be -1 (unlimited) or more";
        } else if (policy.keyExpiresIn() < 0) {
            problem = "key_expires_in: must be 0 (never) or a number of seconds";
        }
        if (problem != null) {
            Replies.error(ctx, 400, problem);
            return null;
        }
        return policy;
    }
}
