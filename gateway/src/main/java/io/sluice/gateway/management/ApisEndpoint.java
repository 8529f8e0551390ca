package io.sluice.gateway.management;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sluice.gateway.apidef.ApiDefinition;
import io.sluice.gateway.apidef.ApiDefinitionParser;
import io.sluice.gateway.apidef.InvalidApiDefinitionException;
import io.sluice.gateway.runtime.GatewayJson;
import io.sluice.gateway.services.GatewayServices;
import io.sluice.gateway.streamapi.AsyncApiImport;
import io.vertx.ext.web.RoutingContext;

import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Tyk OAS API definitions: stored in {@code app_path} at once; served after a reload ({@code /tyk/reload}),
 * as with Tyk.
 */
final class ApisEndpoint {

    private static final String EXT = ApiDefinition.TYK_EXTENSION;
    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory());

    private final GatewayServices services;
    private final GatewayControl control;
    private final ApiDefinitionParser parser = new ApiDefinitionParser();

    ApisEndpoint(GatewayServices services, GatewayControl control) {
        this.services = services;
        this.control = control;
    }

    void list(RoutingContext ctx) {
        Replies.json(ctx, 200, control.apis().documents());
    }

    void get(RoutingContext ctx) {
        control.apis().find(ctx.pathParam("id")).ifPresentOrElse(
                api -> Replies.json(ctx, 200, api.document()),
                () -> Replies.error(ctx, 404, "API not found"));
    }

    /** The AsyncAPI 3.0 document of a stream API, describing the gateway at the address the caller used. */
    void asyncApi(RoutingContext ctx) {
        var found = control.apis().find(ctx.pathParam("id"));
        if (found.isEmpty()) {
            Replies.error(ctx, 404, "API not found");
            return;
        }
        ApiDefinition api = found.get();
        var streams = control.streamApis();
        if (!api.isStreamApi() || streams == null) {
            Replies.error(ctx, 404, api.isStreamApi() ? "streaming is disabled on this gateway" : "API has no streams (x-tyk-streaming)");
            return;
        }
        String host = ctx.request().authority() == null ? "localhost" : ctx.request().authority().toString();
        services.blocking().submit(() -> streams.asyncApi(api, host, ctx.request().isSSL())).onComplete(result -> {
            if (result.succeeded()) {
                Replies.json(ctx, 200, result.result());
            } else if (result.cause() instanceof InvalidApiDefinitionException invalid) {
                Replies.error(ctx, 400, invalid.getMessage());
            } else {
                Replies.error(ctx, 500, "cannot describe the API: " + result.cause().getMessage());
            }
        });
    }

    void create(RoutingContext ctx) {
        ApiDefinition api;
        try {
            api = parser.parse(ctx.body().asString());
        } catch (InvalidApiDefinitionException e) {
            Replies.error(ctx, 400, e.getMessage());
            return;
        }
        store(ctx, api, "added");
    }

    void update(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (control.apis().find(id).isEmpty()) {
            Replies.error(ctx, 404, "API not found");
            return;
        }
        ApiDefinition api;
        try {
            api = parser.parse(ctx.body().asString());
        } catch (InvalidApiDefinitionException e) {
            Replies.error(ctx, 400, e.getMessage());
            return;
        }
        if (!api.id().isEmpty() && !api.id().equals(id)) {
            Replies.error(ctx, 400, EXT + ".info.id: '" + api.id() + "' does not match the id in the path '" + id + "'");
            return;
        }
        save(ctx, api.withId(id), "modified");
    }

    void delete(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        services.blocking().submit(() -> control.apis().delete(id)).onComplete(result -> {
            if (result.failed()) {
                Replies.error(ctx, 500, "cannot delete API definition: " + result.cause().getMessage());
            } else if (!result.result()) {
                Replies.error(ctx, 404, "API not found");
            } else {
                Replies.action(ctx, id, "deleted");
            }
        });
    }

    /**
     * A plain OpenAPI document becomes a Tyk OAS API: name from {@code info.title}, upstream from the
     * {@code upstreamURL} parameter or the first server, listen path from {@code listenPath} (default "/"), and with
     * {@code authentication=true} the document's first security requirement is enforced.
     */
    void importDocument(RoutingContext ctx) {
        JsonNode parsed;
        String body = ctx.body().asString();
        try {
            parsed = GatewayJson.MAPPER.readTree(body);
        } catch (Exception e) {
            // AsyncAPI documents are mostly written in YAML
            try {
                parsed = YAML.readTree(body);
            } catch (Exception notYaml) {
                parsed = null;
            }
            if (parsed == null || !AsyncApiImport.isAsyncApi3(parsed)) {
                Replies.error(ctx, 400, "(document): not valid JSON: " + e.getMessage());
                return;
            }
        }
        if (!(parsed instanceof ObjectNode document)) {
            Replies.error(ctx, 400, "(document): must be a JSON object");
            return;
        }
        if (AsyncApiImport.isAsyncApi3(document)) {
            importAsyncApi(ctx, document);
            return;
        }
        ObjectNode ext = document.withObjectProperty(EXT);
        ObjectNode info = ext.withObjectProperty("info");
        if (!info.hasNonNull("name")) {
            info.put("name", document.path("info").path("title").asText("imported-api"));
        }
        String apiId = ctx.request().getParam("apiID");
        if (apiId != null && !apiId.isBlank()) {
            info.put("id", apiId);
        }
        if (!info.has("state")) {
            info.withObjectProperty("state").put("active", true);
        }
        ObjectNode upstream = ext.withObjectProperty("upstream");
        String upstreamUrl = ctx.request().getParam("upstreamURL");
        if (upstreamUrl != null && !upstreamUrl.isBlank()) {
            upstream.put("url", upstreamUrl);
        } else if (!upstream.hasNonNull("url")) {
            String server = document.path("servers").path(0).path("url").asText("");
            if (server.isEmpty()) {
                Replies.error(ctx, 400, "upstreamURL: is required when the document has no servers[0].url");
                return;
            }
            upstream.put("url", server);
        }
        ObjectNode listenPath = ext.withObjectProperty("server").withObjectProperty("listenPath");
        String listen = ctx.request().getParam("listenPath");
        if (listen != null && !listen.isBlank()) {
            listenPath.put("value", listen);
        } else if (!listenPath.hasNonNull("value")) {
            listenPath.put("value", "/");
        }
        if (!listenPath.has("strip")) {
            listenPath.put("strip", true);
        }
        if ("true".equalsIgnoreCase(ctx.request().getParam("authentication"))) {
            enableDocumentSecurity(document, ext);
        }
        ApiDefinition api;
        try {
            api = parser.parse(document);
        } catch (InvalidApiDefinitionException e) {
            Replies.error(ctx, 400, e.getMessage());
            return;
        }
        store(ctx, api, "added");
    }

    /**
     * An AsyncAPI 3 document becomes a stream API ({@link AsyncApiImport}): {@code apiID} and {@code listenPath} as
     * for OpenAPI; keyed (auth token) unless {@code authentication=false}.
     */
    private void importAsyncApi(RoutingContext ctx, ObjectNode document) {
        ApiDefinition api;
        try {
            ObjectNode tyk = AsyncApiImport.toApiDocument(document, new AsyncApiImport.Options(ctx.request().getParam("apiID"),
                    ctx.request().getParam("listenPath"), !"false".equalsIgnoreCase(ctx.request().getParam("authentication"))));
            api = parser.parse(tyk);
        } catch (InvalidApiDefinitionException e) {
            Replies.error(ctx, 400, e.getMessage());
            return;
        }
        store(ctx, api, "added");
    }

    private static void enableDocumentSecurity(ObjectNode document, ObjectNode ext) {
        ObjectNode authentication = ext.withObjectProperty("server").withObjectProperty("authentication");
        authentication.put("enabled", true);
        ObjectNode schemes = authentication.withObjectProperty("securitySchemes");
        JsonNode first = document.path("security").path(0);
        Iterator<Map.Entry<String, JsonNode>> names = first.isObject() ? first.fields() : Collections.emptyIterator();
        names.forEachRemaining(entry -> {
            if (!schemes.has(entry.getKey())) {
                schemes.withObjectProperty(entry.getKey()).put("enabled", true);
            }
        });
    }

    private void store(RoutingContext ctx, ApiDefinition parsed, String action) {
        ApiDefinition api = parsed.id().isEmpty() ? parsed.withId(HexFormat.of().formatHex(randomBytes())) : parsed;
        if (control.apis().find(api.id()).isPresent()) {
            Replies.error(ctx, 400, EXT + ".info.id: an API with id '" + api.id() + "' already exists");
            return;
        }
        save(ctx, api, action);
    }

    private void save(RoutingContext ctx, ApiDefinition api, String action) {
        services.blocking().submit(() -> {
            control.check(api);
            control.apis().save(api);
            return api.id();
        }).onComplete(result -> {
            if (result.failed() && result.cause() instanceof InvalidApiDefinitionException invalid) {
                Replies.error(ctx, 400, invalid.getMessage());
            } else if (result.failed()) {
                Replies.error(ctx, 500, "cannot store API definition: " + result.cause().getMessage());
            } else {
                Replies.action(ctx, api.id(), action);
            }
        });
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
