package io.sluice.gateway.management;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sluice.gateway.auth.BasicAuthenticator;
import io.sluice.gateway.limits.LimitKeeper;
import io.sluice.gateway.policy.Policy;
import io.sluice.gateway.policy.PolicyApplicationException;
import io.sluice.gateway.runtime.GatewayJson;
import io.sluice.gateway.services.GatewayServices;
import io.sluice.gateway.session.AccessDefinition;
import io.sluice.gateway.session.BasicAuthData;
import io.sluice.gateway.session.Session;
import io.sluice.gateway.tls.CertificateReference;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keys (Tyk session objects). Stored under their hash when {@code hash_keys} is on; the raw key is shown once, in
 * the answer to its creation. Creating or updating a key resets its quota (unless {@code suppress_reset=1}),
 * a plain basic-auth password is stored as a bcrypt hash, and an HMAC key without a secret gets one.
 */
final class KeysEndpoint {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final GatewayServices services;

    KeysEndpoint(GatewayServices services) {
        this.services = services;
    }

    void list(RoutingContext ctx) {
        services.storage().keys().list().onComplete(result -> {
            if (result.failed()) {
                Replies.error(ctx, 500, "cannot list keys: " + result.cause().getMessage());
            } else {
                Replies.json(ctx, 200, Map.of("keys", result.result()));
            }
        });
    }

    void get(RoutingContext ctx) {
        locate(ctx).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture(Optional.<Session>empty());
            }
            return withLiveQuota(found.get().getKey(), found.get().getValue()).map(Optional::of);
        }).onComplete(result -> {
            if (result.failed()) {
                Replies.error(ctx, 500, "cannot read key: " + result.cause().getMessage());
            } else if (result.result().isEmpty()) {
                Replies.error(ctx, 404, "Key not found");
            } else {
                Replies.json(ctx, 200, result.result().get());
            }
        });
    }

    /** The stored object does not track usage; fill {@code quota_remaining}/{@code quota_renews} from the counter. */
    private Future<Session> withLiveQuota(String keyHash, Session stored) {
        if (stored.quotaMax() <= 0) {
            return Future.succeededFuture(stored);
        }
        var limits = LimitKeeper.limitsFor(stored, "");
        return services.limits().peekQuota(keyHash, limits).map(usage -> {
            Session.Builder live = stored.toBuilder();
            live.quotaRemaining = usage.remaining();
            live.quotaRenews = usage.renewsEpochSeconds();
            return live.build();
        });
    }

    void createGenerated(RoutingContext ctx) {
        Session requested = parse(ctx);
        if (requested == null) {
            return;
        }
        if (requested.certificate().isEmpty()) {
            save(ctx, services.hasher().newKey(requested.orgId()), requested, "added", true);
        } else {
            createUnlessTaken(ctx, requested.certificate(), requested);
        }
    }

    void createGiven(RoutingContext ctx) {
        String key = ctx.pathParam("key");
        if (key.isBlank() || key.chars().anyMatch(Character::isWhitespace)) {
            Replies.error(ctx, 400, "key: must be non-empty and contain no spaces");
            return;
        }
        Session requested = parse(ctx);
        if (requested == null) {
            return;
        }
        createUnlessTaken(ctx, requested.certificate().isEmpty() ? key : requested.certificate(), requested);
    }

    /**
     * Stores a key named by its creator as Tyk does: in its org's form, so it is found by its name on that org's APIs.
     * A key for a certificate is named by the certificate's id (certificate auth finds it from the certificate).
     */
    private void createUnlessTaken(RoutingContext ctx, String name, Session requested) {
        String token = services.hasher().token(requested.orgId(), name);
        services.storage().keys().find(services.hasher().storageId(token)).onComplete(found -> {
            if (found.failed()) {
                Replies.error(ctx, 500, "cannot read key: " + found.cause().getMessage());
            } else if (found.result().isPresent()) {
                Replies.error(ctx, 400, requested.certificate().isEmpty() ? "Key already exists"
                        : "Failed to create key - Key with given certificate already found");
            } else {
                save(ctx, token, requested, "added", true);
            }
        });
    }

    void update(RoutingContext ctx) {
        Session requested = parse(ctx);
        if (requested == null) {
            return;
        }
        locate(ctx).onComplete(found -> {
            if (found.failed()) {
                Replies.error(ctx, 500, "cannot read key: " + found.cause().getMessage());
            } else if (found.result().isEmpty()) {
                Replies.error(ctx, 404, "Key not found");
            } else {
                String keyHash = found.result().get().getKey();
                boolean reset = !"1".equals(ctx.request().getParam("suppress_reset"));
                prepare(requested).compose(session -> persist(keyHash, session, reset)).onComplete(saved -> {
                    if (saved.failed()) {
                        Replies.error(ctx, 400, saved.cause().getMessage());
                    } else {
                        Replies.action(ctx, ctx.pathParam("key"), "modified");
                    }
                });
            }
        });
    }

    void delete(RoutingContext ctx) {
        locate(ctx).compose(found -> found.isEmpty() ? Future.succeededFuture(false)
                : services.storage().keys().delete(found.get().getKey())).onComplete(result -> {
            if (result.failed()) {
                Replies.error(ctx, 500, "cannot delete key: " + result.cause().getMessage());
            } else if (!result.result()) {
                Replies.error(ctx, 404, "Key not found");
            } else {
                Replies.action(ctx, ctx.pathParam("key"), "deleted");
            }
        });
    }

    /**
     * The stored key a path names: by its hash with {@code ?hashed=true}, else as a key (or key name) of the org in
     * {@code ?org_id=} (default ""), looked up like a credential.
     */
    private Future<Optional<Map.Entry<String, Session>>> locate(RoutingContext ctx) {
        String key = ctx.pathParam("key");
        List<String> ids = "true".equalsIgnoreCase(ctx.request().getParam("hashed")) ? List.of(key)
                : services.hasher().lookupIds(key, Optional.ofNullable(ctx.request().getParam("org_id")).orElse(""));
        return locate(ids, 0);
    }

    private Future<Optional<Map.Entry<String, Session>>> locate(List<String> ids, int index) {
        if (index >= ids.size()) {
            return Future.succeededFuture(Optional.empty());
        }
        return services.storage().keys().find(ids.get(index)).compose(found -> found.isPresent()
                ? Future.succeededFuture(Optional.of(Map.entry(ids.get(index), found.get())))
                : locate(ids, index + 1));
    }

    private void save(RoutingContext ctx, String key, Session requested, String action, boolean resetQuota) {
        String keyHash = services.hasher().storageId(key);
        prepare(requested).compose(session -> persist(keyHash, session, resetQuota)).onComplete(saved -> {
            if (saved.failed()) {
                Replies.error(ctx, 400, saved.cause().getMessage());
                return;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("key", key);
            body.put("status", "ok");
            body.put("action", action);
            if (services.hasher().hashesKeys()) {
                body.put("key_hash", keyHash);
            }
            Replies.json(ctx, 200, body);
        });
    }

    private Future<Void> persist(String keyHash, Session session, boolean resetQuota) {
        Future<Void> stored = services.storage().keys().save(keyHash, session);
        if (!resetQuota) {
            return stored;
        }
        return stored.compose(v -> services.limits().resetQuota(keyHash, LimitKeeper.limitsFor(session, "")))
                .compose(v -> Future.all(session.accessRights().keySet().stream()
                        .map(api -> services.limits().resetQuota(keyHash, LimitKeeper.limitsFor(session, api)))
                        .toList()).mapEmpty());
    }

    private Session parse(RoutingContext ctx) {
        String body = ctx.body() == null ? null : ctx.body().asString();
        if (body == null || body.isBlank()) {
            Replies.error(ctx, 400, "request body: a session object is required");
            return null;
        }
        Session session;
        try {
            session = GatewayJson.MAPPER.readValue(body, Session.class);
        } catch (JsonProcessingException e) {
            Replies.error(ctx, 400, Replies.describe(e));
            return null;
        }
        String problem = validate(session);
        if (problem != null) {
            Replies.error(ctx, 400, problem);
            return null;
        }
        try {
            return withCertificateIds(session);
        } catch (IllegalArgumentException e) {
            Replies.error(ctx, 400, e.getMessage());
            return null;
        }
    }

    private String validate(Session session) {
        if (session.rate() < -1 || session.per() < -1) {
            return "rate/per: must be -1, 0 or positive";
        }
        if (session.quotaMax() < -1) {
            return "quota_max: must be -1 (unlimited) or more";
        }
        if (session.quotaRenewalRate() < -1) {
            return "quota_renewal_rate: must be -1 or more";
        }
        if (session.expires() < -1) {
            return "expires: must be a Unix time, 0 or -1 (never)";
        }
        if (session.throttleRetryLimit() < -1 || session.throttleInterval() < -1) {
            return "throttle_interval/throttle_retry_limit: must be -1, 0 or positive";
        }
        for (String id : session.policyIds()) {
            if (services.policies().find(id).isEmpty()) {
                return "apply_policies: policy '" + id + "' does not exist";
            }
        }
        if (!session.policyIds().isEmpty()) {
            try {
                services.policies().merger().apply(session);
            } catch (PolicyApplicationException e) {
                return "apply_policies: " + e.getMessage();
            }
        }
        return null;
    }

    /**
     * Certificates given as PEM, fingerprints or ids become Tyk certificate ids (org id + SHA-256 fingerprint):
     * {@code certificate} names the key's certificate for certificate auth (the key is made for it), and
     * {@code mtls_static_certificate_bindings} the certificates without which the key is refused.
     */
    private static Session withCertificateIds(Session session) {
        if (session.certificate().isEmpty() && session.mtlsStaticCertificateBindings().isEmpty()) {
            return session;
        }
        Session.Builder normalized = session.toBuilder();
        if (!session.certificate().isEmpty()) {
            normalized.certificate = certificateId(session.orgId(), session.certificate(), "certificate");
        }
        List<String> bindings = session.mtlsStaticCertificateBindings();
        normalized.mtlsStaticCertificateBindings = new ArrayList<>();
        for (int i = 0; i < bindings.size(); i++) {
            normalized.mtlsStaticCertificateBindings.add(certificateId(session.orgId(), bindings.get(i),
                    "mtls_static_certificate_bindings[" + i + "]"));
        }
        return normalized.build();
    }

    private static String certificateId(String orgId, String value, String field) {
        try {
            return orgId + CertificateReference.parse(value).leafFingerprint();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage());
        }
    }

    /** Fills in what Tyk fills in on creation; bcrypt runs off the event loop. */
    private Future<Session> prepare(Session requested) {
        Session.Builder session = requested.toBuilder();
        session.accessRights.replaceAll((apiId, access) -> access.apiId() == null || access.apiId().isEmpty()
                ? new AccessDefinition(apiId, access.apiName(), access.versions(), access.allowedUrls(), access.limit(), access.allowanceScope())
                : access);
        if (session.dateCreated.isEmpty()) {
            session.dateCreated = Instant.now().toString();
        }
        session.lastUpdated = Long.toString(Instant.now().getEpochSecond());
        if (session.allowance == 0) {
            session.allowance = session.rate;
        }
        if (session.hmacEnabled && session.hmacString.isEmpty()) {
            byte[] secret = new byte[24];
            RANDOM.nextBytes(secret);
            session.hmacString = HexFormat.of().formatHex(secret);
        }
        long keyExpiresIn = requested.policyIds().stream().map(services.policies()::find).flatMap(Optional::stream)
                .mapToLong(Policy::keyExpiresIn).max().orElse(0);
        if (session.expires == 0 && keyExpiresIn > 0) {
            session.expires = Instant.now().getEpochSecond() + keyExpiresIn;
        }
        BasicAuthData basic = session.basicAuthData;
        if (!basic.password().isEmpty() && basic.hashType().isEmpty()) {
            return services.blocking().submit(() -> BasicAuthenticator.hashPassword(basic.password())).map(hash -> {
                session.basicAuthData = new BasicAuthData(hash, "bcrypt");
                return session.build();
            });
        }
        return Future.succeededFuture(session.build());
    }
}
