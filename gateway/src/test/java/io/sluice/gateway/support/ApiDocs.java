package io.sluice.gateway.support;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.gateway.runtime.GatewayJson;

/** Builds Tyk OAS API definitions for tests, starting from a keyless API and adding what a test needs. */
public final class ApiDocs {

    private final ObjectNode document;

    private ApiDocs(ObjectNode document) {
        this.document = document;
    }

    public static ApiDocs keyless(String id, String listenPath, String upstreamUrl) {
        ObjectNode doc = GatewayJson.MAPPER.createObjectNode();
        doc.put("openapi", "3.0.3");
        doc.putObject("info").put("title", id).put("version", "1.0.0");
        doc.putObject("paths");
        ObjectNode ext = doc.putObject("x-tyk-api-gateway");
        ext.putObject("info").put("id", id).put("name", id).putObject("state").put("active", true);
        ext.putObject("upstream").put("url", upstreamUrl);
        ext.putObject("server").putObject("listenPath").put("value", listenPath).put("strip", true);
        return new ApiDocs(doc);
    }

    public ObjectNode ext() {
        return document.withObjectProperty("x-tyk-api-gateway");
    }

    public ApiDocs strip(boolean strip) {
        ext().withObjectProperty("server").withObjectProperty("listenPath").put("strip", strip);
        return this;
    }

    public ApiDocs state(boolean active, boolean internal) {
        ext().withObjectProperty("info").withObjectProperty("state").put("active", active).put("internal", internal);
        return this;
    }

    /** Auth token in the Authorization header (plus query "key" and cookie "session"). */
    public ApiDocs authToken() {
        document.withObjectProperty("components").withObjectProperty("securitySchemes").putObject("authToken")
                .put("type", "apiKey").put("in", "header").put("name", "Authorization");
        document.putArray("security").addObject().putArray("authToken");
        ObjectNode scheme = auth().withObjectProperty("securitySchemes").putObject("authToken").put("enabled", true);
        scheme.putObject("header").put("enabled", true).put("name", "Authorization");
        scheme.putObject("query").put("enabled", true).put("name", "key");
        scheme.putObject("cookie").put("enabled", true).put("name", "session");
        return this;
    }

    public ApiDocs basicAuth() {
        document.withObjectProperty("components").withObjectProperty("securitySchemes").putObject("basic").put("type", "http").put("scheme", "basic");
        document.putArray("security").addObject().putArray("basic");
        auth().withObjectProperty("securitySchemes").putObject("basic").put("enabled", true);
        return this;
    }

    public ApiDocs jwt(String signingMethod, String source, String... defaultPolicies) {
        document.withObjectProperty("components").withObjectProperty("securitySchemes").putObject("jwt")
                .put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT");
        document.putArray("security").addObject().putArray("jwt");
        ObjectNode scheme = auth().withObjectProperty("securitySchemes").putObject("jwt").put("enabled", true)
                .put("signingMethod", signingMethod).put("source", source).put("identityBaseField", "sub").put("policyFieldName", "pol");
        ArrayNode policies = scheme.putArray("defaultPolicies");
        for (String p : defaultPolicies) {
            policies.add(p);
        }
        scheme.putObject("header").put("enabled", true).put("name", "Authorization");
        return this;
    }

    public ApiDocs hmac() {
        auth().putObject("hmac").put("enabled", true).put("allowedClockSkew", 300_000);
        return this;
    }

    public ApiDocs externalOAuth(ObjectNode provider) {
        document.withObjectProperty("components").withObjectProperty("securitySchemes").putObject("oauth")
                .put("type", "oauth2").putObject("flows");
        document.putArray("security").addObject().putArray("oauth");
        ObjectNode scheme = auth().withObjectProperty("securitySchemes").putObject("oauth").put("enabled", true);
        scheme.putArray("providers").add(provider);
        return this;
    }

    public ApiDocs stripAuthorizationData() {
        auth().put("stripAuthorizationData", true);
        return this;
    }

    private ObjectNode auth() {
        return ext().withObjectProperty("server").withObjectProperty("authentication").put("enabled", true);
    }

    /** Adds an OAS operation, and returns its middleware object to configure. */
    public ObjectNode operation(String method, String path, String operationId) {
        document.withObjectProperty("paths").withObjectProperty(path).putObject(method.toLowerCase()).put("operationId", operationId)
                .putObject("responses").putObject("200").put("description", "ok");
        return ext().withObjectProperty("middleware").withObjectProperty("operations").putObject(operationId);
    }

    public ObjectNode global() {
        return ext().withObjectProperty("middleware").withObjectProperty("global");
    }

    public ObjectNode document() {
        return document;
    }

    public String json() {
        return document.toString();
    }
}
