package io.sluice.gateway.apidef;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.config.ReadLimits;
import io.sluice.gateway.runtime.GatewayJson;
import io.sluice.gateway.tls.ApiTls;
import io.sluice.gateway.tls.ClientCertificateAllowlist;
import io.sluice.gateway.tls.UpstreamTlsOptions;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a Tyk OAS API definition. Every problem is reported with the JSON path of the field at fault, e.g.
 * {@code x-tyk-api-gateway.upstream.url: is required}, so a user can fix the file or request without guessing.
 */
public final class ApiDefinitionParser {

    private static final String EXT = ApiDefinition.TYK_EXTENSION;
    /** Tyk's name for the certificate auth scheme, usable without an OpenAPI component. */
    private static final String CERTIFICATE_AUTH = "certificateAuth";
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    public ApiDefinition parse(String json) throws InvalidApiDefinitionException {
        JsonNode document;
        try {
            document = GatewayJson.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidApiDefinitionException("(document)", "not valid JSON: " + ReadLimits.describe(e));
        }
        return parse(document);
    }

    public ApiDefinition parse(JsonNode node) throws InvalidApiDefinitionException {
        if (!(node instanceof ObjectNode document)) {
            throw new InvalidApiDefinitionException("(document)", "must be a JSON object");
        }
        String openapi = text(document, "openapi", "openapi", true);
        if (!openapi.startsWith("3.")) {
            throw new InvalidApiDefinitionException("openapi", "must be an OpenAPI 3 version such as 3.0.3, got '" + openapi + "'");
        }
        JsonNode ext = object(document, EXT, EXT, true);
        JsonNode info = object(ext, "info", EXT + ".info", true);
        String id = text(info, "id", EXT + ".info.id", false);
        String name = text(info, "name", EXT + ".info.name", true);
        String orgId = text(info, "orgId", EXT + ".info.orgId", false);
        JsonNode state = object(info, "state", EXT + ".info.state", false);
        boolean active = state == null || bool(state, "active", EXT + ".info.state.active", true);
        boolean internal = state != null && bool(state, "internal", EXT + ".info.state.internal", false);

        JsonNode streaming = document.get(ApiDefinition.STREAMING_EXTENSION);
        boolean streamApi = streaming != null && !streaming.isNull();

        JsonNode upstream = object(ext, "upstream", EXT + ".upstream", !streamApi);
        String upstreamUrl = upstream == null ? "" : text(upstream, "url", EXT + ".upstream.url", !streamApi);
        if (!upstreamUrl.isEmpty()) {
            checkUpstreamUrl(upstreamUrl);
        }
        RateSpec upstreamRate = upstream == null ? null : rateLimit(upstream.get("rateLimit"), EXT + ".upstream.rateLimit");

        JsonNode server = object(ext, "server", EXT + ".server", true);
        JsonNode listen = object(server, "listenPath", EXT + ".server.listenPath", true);
        String listenValue = text(listen, "value", EXT + ".server.listenPath.value", true);
        if (!listenValue.startsWith("/")) {
            throw new InvalidApiDefinitionException(EXT + ".server.listenPath.value", "must start with '/', got '" + listenValue + "'");
        }
        ListenPath listenPath = new ListenPath(listenValue, bool(listen, "strip", EXT + ".server.listenPath.strip", false));

        Authentication authentication = authentication(document, server.get("authentication"));
        ApiTls tls = new ApiTls(clientCertificates(server.get("clientCertificates")), upstreamTls(upstream));
        List<OasOperation> oasOperations = operations(document);
        JsonNode middleware = object(ext, "middleware", EXT + ".middleware", false);
        GlobalMiddleware global = middleware == null ? GlobalMiddleware.NONE : global(middleware.get("global"));
        Map<String, OperationMiddleware> operationMiddleware = middleware == null ? Map.of()
                : operationMiddleware(middleware.get("operations"), oasOperations);

        return new ApiDefinition(id, name, active, internal, upstreamUrl, upstreamRate, listenPath, authentication, global,
                operationMiddleware, oasOperations, document.deepCopy(), streamApi ? streaming.deepCopy() : null, orgId, tls);
    }

    private static void checkUpstreamUrl(String url) throws InvalidApiDefinitionException {
        String field = EXT + ".upstream.url";
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
            if (!Set.of("http", "https", "tyk").contains(scheme)) {
                throw new InvalidApiDefinitionException(field, "must be an http://, https:// or tyk:// URL, got '" + url + "'");
            }
            if (uri.getHost() == null && uri.getAuthority() == null) {
                throw new InvalidApiDefinitionException(field, "has no host in '" + url + "'");
            }
        } catch (URISyntaxException e) {
            throw new InvalidApiDefinitionException(field, "is not a valid URL: " + e.getMessage());
        }
    }

    // --- authentication

    private Authentication authentication(ObjectNode document, JsonNode auth) throws InvalidApiDefinitionException {
        String base = EXT + ".server.authentication";
        if (auth == null || auth.isNull()) {
            return Authentication.KEYLESS;
        }
        if (!auth.isObject()) {
            throw new InvalidApiDefinitionException(base, "must be an object");
        }
        if (!bool(auth, "enabled", base + ".enabled", false)) {
            return Authentication.KEYLESS;
        }
        JsonNode tykSchemes = object(auth, "securitySchemes", base + ".securitySchemes", false);
        JsonNode components = document.path("components").path("securitySchemes");

        List<String> names = new ArrayList<>();
        JsonNode security = document.get("security");
        if (security != null && security.isArray() && !security.isEmpty() && security.get(0).isObject()) {
            // Like Tyk's default processing mode, only the first security requirement counts.
            security.get(0).fieldNames().forEachRemaining(names::add);
        } else if (tykSchemes != null) {
            tykSchemes.fieldNames().forEachRemaining(names::add);
        }

        List<SecurityScheme> schemes = new ArrayList<>();
        for (String schemeName : names) {
            JsonNode settings = tykSchemes == null ? null : tykSchemes.get(schemeName);
            String settingsPath = base + ".securitySchemes." + schemeName;
            if (settings == null || !settings.isObject() || !bool(settings, "enabled", settingsPath + ".enabled", false)) {
                continue;
            }
            JsonNode component = components.get(schemeName);
            if (schemeName.equals(CERTIFICATE_AUTH) && (component == null || "mutualTLS".equals(component.path("type").asText()))) {
                schemes.add(new SecurityScheme.CertificateAuth(schemeName));
                continue;
            }
            if (component == null || !component.isObject()) {
                throw new InvalidApiDefinitionException("components.securitySchemes." + schemeName,
                        "is missing, but " + settingsPath + " enables it");
            }
            schemes.add(scheme(schemeName, component, settings, settingsPath));
        }
        JsonNode hmac = auth.get("hmac");
        if (hmac != null && hmac.isObject() && bool(hmac, "enabled", base + ".hmac.enabled", false)) {
            List<String> algorithms = strings(hmac.get("allowedAlgorithms"), base + ".hmac.allowedAlgorithms");
            double skew = number(hmac, "allowedClockSkew", base + ".hmac.allowedClockSkew", 0);
            schemes.add(new SecurityScheme.Hmac("hmac", sources(hmac, base + ".hmac", CredentialSource.header("Authorization")),
                    algorithms, skew));
        }
        if (schemes.isEmpty()) {
            // Tyk's default for a protected API without a named method: an auth token in the Authorization header.
            schemes.add(new SecurityScheme.AuthToken("authToken", List.of(CredentialSource.header("Authorization"))));
        }
        return new Authentication(true, bool(auth, "stripAuthorizationData", base + ".stripAuthorizationData", false),
                text(auth, "baseIdentityProvider", base + ".baseIdentityProvider", false), List.copyOf(schemes));
    }

    private SecurityScheme scheme(String name, JsonNode component, JsonNode settings, String path) throws InvalidApiDefinitionException {
        String componentPath = "components.securitySchemes." + name;
        String type = text(component, "type", componentPath + ".type", true);
        String httpScheme = text(component, "scheme", componentPath + ".scheme", false).toLowerCase();
        switch (type) {
            case "mutualTLS" -> {
                return new SecurityScheme.CertificateAuth(name);
            }
            case "apiKey" -> {
                if (bool(settings, "enableClientCertificate", path + ".enableClientCertificate", false)) {
                    // Tyk's "dynamic mTLS": the certificate, not a token, picks the key.
                    return new SecurityScheme.CertificateAuth(name);
                }
                CredentialSource fromOas = oasApiKeySource(component, componentPath);
                return new SecurityScheme.AuthToken(name, sources(settings, path, fromOas));
            }
            case "http" -> {
                if (httpScheme.equals("basic")) {
                    return new SecurityScheme.Basic(name, sources(settings, path, CredentialSource.header("Authorization")),
                            bool(settings, "disableCaching", path + ".disableCaching", false),
                            (int) number(settings, "cacheTTL", path + ".cacheTTL", 60));
                }
                if (httpScheme.equals("bearer") && "JWT".equalsIgnoreCase(text(component, "bearerFormat", componentPath + ".bearerFormat", false))) {
                    return jwt(name, settings, path);
                }
                if (httpScheme.equals("bearer")) {
                    return new SecurityScheme.AuthToken(name, sources(settings, path, CredentialSource.header("Authorization")));
                }
                throw new InvalidApiDefinitionException(componentPath + ".scheme", "http scheme '" + httpScheme
                        + "' is not supported; use basic, or bearer (with bearerFormat JWT for JWTs)");
            }
            case "oauth2" -> {
                JsonNode providers = settings.get("providers");
                if (providers == null || !providers.isArray() || providers.isEmpty()) {
                    throw new InvalidApiDefinitionException(path + ".providers", "is required: Sluice validates OAuth 2.0 tokens "
                            + "issued elsewhere (JWT-bearer or introspection); it is not an OAuth authorization server");
                }
                List<SecurityScheme.OAuthProvider> list = new ArrayList<>();
                for (int i = 0; i < providers.size(); i++) {
                    list.add(provider(providers.get(i), path + ".providers[" + i + "]"));
                }
                return new SecurityScheme.ExternalOAuth(name, sources(settings, path, CredentialSource.header("Authorization")), list);
            }
            default -> throw new InvalidApiDefinitionException(componentPath + ".type",
                    "'" + type + "' is not supported; use apiKey, http (basic or bearer), oauth2 or mutualTLS");
        }
    }

    private SecurityScheme.Jwt jwt(String name, JsonNode settings, String path) throws InvalidApiDefinitionException {
        String source = text(settings, "source", path + ".source", true);
        String method = text(settings, "signingMethod", path + ".signingMethod", true).toLowerCase();
        if (!Set.of("hmac", "rsa", "ecdsa").contains(method)) {
            throw new InvalidApiDefinitionException(path + ".signingMethod", "must be hmac, rsa or ecdsa, got '" + method + "'");
        }
        return new SecurityScheme.Jwt(name, sources(settings, path, CredentialSource.header("Authorization")), source, method,
                textOr(settings, "identityBaseField", path + ".identityBaseField", "sub"),
                textOr(settings, "policyFieldName", path + ".policyFieldName", "pol"),
                strings(settings.get("defaultPolicies"), path + ".defaultPolicies"),
                (long) number(settings, "issuedAtValidationSkew", path + ".issuedAtValidationSkew", 0),
                (long) number(settings, "notBeforeValidationSkew", path + ".notBeforeValidationSkew", 0),
                (long) number(settings, "expiresAtValidationSkew", path + ".expiresAtValidationSkew", 0));
    }

    private SecurityScheme.OAuthProvider provider(JsonNode provider, String path) throws InvalidApiDefinitionException {
        if (!provider.isObject()) {
            throw new InvalidApiDefinitionException(path, "must be an object");
        }
        SecurityScheme.JwtValidation jwt = null;
        JsonNode jwtNode = provider.get("jwt");
        if (jwtNode != null && jwtNode.isObject() && bool(jwtNode, "enabled", path + ".jwt.enabled", false)) {
            String method = text(jwtNode, "signingMethod", path + ".jwt.signingMethod", true).toLowerCase();
            jwt = new SecurityScheme.JwtValidation(method, text(jwtNode, "source", path + ".jwt.source", true),
                    textOr(jwtNode, "identityBaseField", path + ".jwt.identityBaseField", "sub"),
                    (long) number(jwtNode, "issuedAtValidationSkew", path + ".jwt.issuedAtValidationSkew", 0),
                    (long) number(jwtNode, "notBeforeValidationSkew", path + ".jwt.notBeforeValidationSkew", 0),
                    (long) number(jwtNode, "expiresAtValidationSkew", path + ".jwt.expiresAtValidationSkew", 0));
        }
        SecurityScheme.Introspection introspection = null;
        JsonNode in = provider.get("introspection");
        if (in != null && in.isObject() && bool(in, "enabled", path + ".introspection.enabled", false)) {
            String url = text(in, "url", path + ".introspection.url", true);
            JsonNode cache = in.path("cache");
            introspection = new SecurityScheme.Introspection(url,
                    text(in, "clientId", path + ".introspection.clientId", false),
                    text(in, "clientSecret", path + ".introspection.clientSecret", false),
                    textOr(in, "identityBaseField", path + ".introspection.identityBaseField", "sub"),
                    cache.isObject() && bool(cache, "enabled", path + ".introspection.cache.enabled", false),
                    cache.isObject() ? (long) number(cache, "timeout", path + ".introspection.cache.timeout", 60) : 0);
        }
        if (jwt == null && introspection == null) {
            throw new InvalidApiDefinitionException(path, "enables neither jwt nor introspection");
        }
        return new SecurityScheme.OAuthProvider(jwt, introspection);
    }

    private static CredentialSource oasApiKeySource(JsonNode component, String path) throws InvalidApiDefinitionException {
        String in = text(component, "in", path + ".in", true);
        String name = text(component, "name", path + ".name", true);
        return switch (in) {
            case "header" -> new CredentialSource(CredentialSource.Where.HEADER, name);
            case "query" -> new CredentialSource(CredentialSource.Where.QUERY, name);
            case "cookie" -> new CredentialSource(CredentialSource.Where.COOKIE, name);
            default -> throw new InvalidApiDefinitionException(path + ".in", "must be header, query or cookie, got '" + in + "'");
        };
    }

    /** The Tyk header/query/cookie switches; without any, the OAS location (or the Authorization header). */
    private static List<CredentialSource> sources(JsonNode settings, String path, CredentialSource fallback)
            throws InvalidApiDefinitionException {
        List<CredentialSource> sources = new ArrayList<>();
        boolean anyConfigured = false;
        for (CredentialSource.Where where : CredentialSource.Where.values()) {
            String key = where.name().toLowerCase();
            JsonNode source = settings.get(key);
            if (source == null || !source.isObject()) {
                continue;
            }
            anyConfigured = true;
            if (!bool(source, "enabled", path + "." + key + ".enabled", false)) {
                continue;
            }
            String name = text(source, "name", path + "." + key + ".name", false);
            if (name.isEmpty()) {
                name = fallback.where() == where ? fallback.name() : (where == CredentialSource.Where.HEADER ? "Authorization" : "");
            }
            if (name.isEmpty()) {
                throw new InvalidApiDefinitionException(path + "." + key + ".name", "is required when " + key + " is enabled");
            }
            sources.add(new CredentialSource(where, name));
        }
        if (!anyConfigured) {
            sources.add(fallback);
        }
        if (sources.isEmpty()) {
            throw new InvalidApiDefinitionException(path, "enables no header, query or cookie to read the credential from");
        }
        return List.copyOf(sources);
    }

    // --- certificates

    private static ApiTls.ClientCertificates clientCertificates(JsonNode node) throws InvalidApiDefinitionException {
        String path = EXT + ".server.clientCertificates";
        if (!enabled(node, path)) {
            return ApiTls.ClientCertificates.NONE;
        }
        List<String> allowlist = strings(node.get("allowlist"), path + ".allowlist");
        if (allowlist.isEmpty()) {
            throw new InvalidApiDefinitionException(path + ".allowlist", "is empty: list the SHA-256 fingerprints or PEM files"
                    + " of the client certificates (or their CA) that may call this API");
        }
        try {
            ClientCertificateAllowlist.of(allowlist);
        } catch (IllegalArgumentException e) {
            throw new InvalidApiDefinitionException(path + ".allowlist" + e.getMessage().substring(0, e.getMessage().indexOf(':')),
                    e.getMessage().substring(e.getMessage().indexOf(':') + 2));
        }
        return new ApiTls.ClientCertificates(true, allowlist);
    }

    private static ApiTls.UpstreamTls upstreamTls(JsonNode upstream) throws InvalidApiDefinitionException {
        if (upstream == null) {
            return ApiTls.UpstreamTls.DEFAULT;
        }
        String base = EXT + ".upstream";
        JsonNode transport = object(upstream, "tlsTransport", base + ".tlsTransport", false);
        boolean skip = false;
        String min = "";
        String max = "";
        List<String> ciphers = List.of();
        List<String> roots = List.of();
        if (transport != null) {
            String path = base + ".tlsTransport";
            skip = bool(transport, "insecureSkipVerify", path + ".insecureSkipVerify", false);
            min = tlsVersion(transport.get("minVersion"), path + ".minVersion");
            max = tlsVersion(transport.get("maxVersion"), path + ".maxVersion");
            ciphers = strings(transport.get("ciphers"), path + ".ciphers");
            roots = strings(transport.get("rootCAs"), path + ".rootCAs");
        }
        List<ApiTls.HostValue> clientCerts = new ArrayList<>();
        JsonNode mutual = upstream.get("mutualTLS");
        if (enabled(mutual, base + ".mutualTLS")) {
            String path = base + ".mutualTLS.domainToCertificateMapping";
            JsonNode mapping = mutual.get("domainToCertificateMapping");
            if (mapping == null || !mapping.isArray() || mapping.isEmpty()) {
                throw new InvalidApiDefinitionException(path, "must list {\"domain\": ..., \"certificate\": ...} entries");
            }
            for (int i = 0; i < mapping.size(); i++) {
                clientCerts.add(new ApiTls.HostValue(text(mapping.get(i), "domain", path + "[" + i + "].domain", true),
                        text(mapping.get(i), "certificate", path + "[" + i + "].certificate", true)));
            }
        }
        List<ApiTls.HostValues> pins = new ArrayList<>();
        JsonNode pinning = upstream.get("certificatePinning");
        if (enabled(pinning, base + ".certificatePinning")) {
            String path = base + ".certificatePinning.domainToPublicKeysMapping";
            JsonNode mapping = pinning.get("domainToPublicKeysMapping");
            if (mapping == null || !mapping.isArray() || mapping.isEmpty()) {
                throw new InvalidApiDefinitionException(path, "must list {\"domain\": ..., \"publicKeys\": [...]} entries");
            }
            for (int i = 0; i < mapping.size(); i++) {
                List<String> keys = strings(mapping.get(i).get("publicKeys"), path + "[" + i + "].publicKeys");
                if (keys.isEmpty()) {
                    throw new InvalidApiDefinitionException(path + "[" + i + "].publicKeys", "is empty");
                }
                pins.add(new ApiTls.HostValues(text(mapping.get(i), "domain", path + "[" + i + "].domain", true), keys));
            }
        }
        ApiTls.UpstreamTls tls = new ApiTls.UpstreamTls(skip, min, max, ciphers, roots, List.copyOf(clientCerts), List.copyOf(pins));
        try {
            if (!tls.isDefault()) {
                UpstreamTlsOptions.of(tls);
            }
        } catch (IllegalArgumentException e) {
            // The message starts with the field below upstream that is at fault.
            int colon = e.getMessage().indexOf(": ");
            throw new InvalidApiDefinitionException(base + "." + e.getMessage().substring(0, colon), e.getMessage().substring(colon + 2));
        }
        return tls;
    }

    /** "1.2" as Tyk OAS writes it, or Tyk classic's number (771 = TLS 1.2); "" when unset. */
    private static String tlsVersion(JsonNode node, String path) throws InvalidApiDefinitionException {
        if (node == null || node.isNull()) {
            return "";
        }
        String value = node.isNumber() ? switch (node.asInt()) {
            case 769 -> "1.0";
            case 770 -> "1.1";
            case 771 -> "1.2";
            case 772 -> "1.3";
            default -> "?";
        } : node.asText().trim();
        if (!Set.of("1.0", "1.1", "1.2", "1.3").contains(value)) {
            throw new InvalidApiDefinitionException(path, "must be \"1.0\", \"1.1\", \"1.2\" or \"1.3\", got " + node);
        }
        return value;
    }

    // --- operations and middleware

    private static List<OasOperation> operations(ObjectNode document) throws InvalidApiDefinitionException {
        JsonNode paths = document.get("paths");
        if (paths == null || paths.isNull()) {
            return List.of();
        }
        if (!paths.isObject()) {
            throw new InvalidApiDefinitionException("paths", "must be an object");
        }
        List<OasOperation> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            if (!path.getValue().isObject()) {
                throw new InvalidApiDefinitionException("paths." + path.getKey(), "must be an object");
            }
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (!HTTP_METHODS.contains(op.getKey())) {
                    continue;
                }
                String operationId = op.getValue().path("operationId").asText("");
                operations.add(OasOperation.of(op.getKey().toUpperCase(), path.getKey(), operationId));
            }
        }
        // Literal segments beat parameters: "/pets/mine" must win over "/pets/{id}".
        operations.sort(Comparator.comparingLong(ApiDefinitionParser::countParams)
                .thenComparing(o -> -o.pathTemplate().length()));
        return List.copyOf(operations);
    }

    private static long countParams(OasOperation operation) {
        return operation.pathTemplate().chars().filter(c -> c == '{').count();
    }

    private GlobalMiddleware global(JsonNode global) throws InvalidApiDefinitionException {
        String base = EXT + ".middleware.global";
        if (global == null || global.isNull()) {
            return GlobalMiddleware.NONE;
        }
        if (!global.isObject()) {
            throw new InvalidApiDefinitionException(base, "must be an object");
        }
        Cors cors = Cors.DISABLED;
        JsonNode c = global.get("cors");
        if (c != null && c.isObject() && bool(c, "enabled", base + ".cors.enabled", false)) {
            cors = new Cors(true, strings(c.get("allowedOrigins"), base + ".cors.allowedOrigins"),
                    strings(c.get("allowedMethods"), base + ".cors.allowedMethods"),
                    strings(c.get("allowedHeaders"), base + ".cors.allowedHeaders"),
                    strings(c.get("exposedHeaders"), base + ".cors.exposedHeaders"),
                    bool(c, "allowCredentials", base + ".cors.allowCredentials", false),
                    (int) number(c, "maxAge", base + ".cors.maxAge", 0),
                    bool(c, "optionsPassthrough", base + ".cors.optionsPassthrough", false));
        }
        long sizeLimit = 0;
        JsonNode size = global.get("requestSizeLimit");
        if (size != null && size.isObject() && bool(size, "enabled", base + ".requestSizeLimit.enabled", false)) {
            sizeLimit = (long) number(size, "value", base + ".requestSizeLimit.value", 0);
            if (sizeLimit <= 0) {
                throw new InvalidApiDefinitionException(base + ".requestSizeLimit.value", "must be a positive number of bytes");
            }
        }
        return new GlobalMiddleware(cors, sizeLimit,
                headerTransform(global.get("transformRequestHeaders"), base + ".transformRequestHeaders"),
                headerTransform(global.get("transformResponseHeaders"), base + ".transformResponseHeaders"));
    }

    private Map<String, OperationMiddleware> operationMiddleware(JsonNode operations, List<OasOperation> oasOperations)
            throws InvalidApiDefinitionException {
        String base = EXT + ".middleware.operations";
        if (operations == null || operations.isNull()) {
            return Map.of();
        }
        if (!operations.isObject()) {
            throw new InvalidApiDefinitionException(base, "must be an object");
        }
        Map<String, OperationMiddleware> result = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : operations.properties()) {
            String operationId = entry.getKey();
            String path = base + "." + operationId;
            if (oasOperations.stream().noneMatch(o -> o.operationId().equals(operationId))) {
                throw new InvalidApiDefinitionException(path, "no operation in 'paths' has operationId '" + operationId + "'");
            }
            JsonNode op = entry.getValue();
            if (!op.isObject()) {
                throw new InvalidApiDefinitionException(path, "must be an object");
            }
            result.put(operationId, new OperationMiddleware(
                    enabled(op.get("allow"), path + ".allow"),
                    enabled(op.get("block"), path + ".block"),
                    enabled(op.get("ignoreAuthentication"), path + ".ignoreAuthentication"),
                    mock(op.get("mockResponse"), path + ".mockResponse"),
                    headerTransform(op.get("transformRequestHeaders"), path + ".transformRequestHeaders"),
                    headerTransform(op.get("transformResponseHeaders"), path + ".transformResponseHeaders"),
                    rateLimit(op.get("rateLimit"), path + ".rateLimit")));
        }
        return Map.copyOf(result);
    }

    private static boolean enabled(JsonNode node, String path) throws InvalidApiDefinitionException {
        return node != null && node.isObject() && bool(node, "enabled", path + ".enabled", false);
    }

    private static MockResponse mock(JsonNode node, String path) throws InvalidApiDefinitionException {
        if (!enabled(node, path)) {
            return null;
        }
        int code = (int) number(node, "code", path + ".code", 200);
        if (code < 100 || code > 599) {
            throw new InvalidApiDefinitionException(path + ".code", "must be an HTTP status between 100 and 599, got " + code);
        }
        return new MockResponse(code, text(node, "body", path + ".body", false), headers(node.get("headers"), path + ".headers"));
    }

    private static RateSpec rateLimit(JsonNode node, String path) throws InvalidApiDefinitionException {
        if (!enabled(node, path)) {
            return null;
        }
        double rate = number(node, "rate", path + ".rate", 0);
        if (rate <= 0) {
            throw new InvalidApiDefinitionException(path + ".rate", "must be a positive number");
        }
        JsonNode perNode = node.get("per");
        if (perNode == null || perNode.isNull()) {
            throw new InvalidApiDefinitionException(path + ".per", "is required, e.g. \"1s\" or \"1m\"");
        }
        Duration per;
        try {
            per = ReadableDuration.parse(perNode.asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidApiDefinitionException(path + ".per", e.getMessage());
        }
        if (per.isZero() || per.isNegative()) {
            throw new InvalidApiDefinitionException(path + ".per", "must be longer than zero");
        }
        return new RateSpec(rate, per);
    }

    private static HeaderTransform headerTransform(JsonNode node, String path) throws InvalidApiDefinitionException {
        if (!enabled(node, path)) {
            return HeaderTransform.NONE;
        }
        return new HeaderTransform(headers(node.get("add"), path + ".add"), strings(node.get("remove"), path + ".remove"));
    }

    private static List<HeaderTransform.Header> headers(JsonNode node, String path) throws InvalidApiDefinitionException {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new InvalidApiDefinitionException(path, "must be a list of {\"name\": ..., \"value\": ...}");
        }
        List<HeaderTransform.Header> headers = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode header = node.get(i);
            headers.add(new HeaderTransform.Header(text(header, "name", path + "[" + i + "].name", true),
                    text(header, "value", path + "[" + i + "].value", false)));
        }
        return List.copyOf(headers);
    }

    // --- typed field access, each naming the field on failure

    private static JsonNode object(JsonNode parent, String key, String path, boolean required) throws InvalidApiDefinitionException {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            if (required) {
                throw new InvalidApiDefinitionException(path, "is required");
            }
            return null;
        }
        if (!node.isObject()) {
            throw new InvalidApiDefinitionException(path, "must be an object");
        }
        return node;
    }

    private static String text(JsonNode parent, String key, String path, boolean required) throws InvalidApiDefinitionException {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            if (required) {
                throw new InvalidApiDefinitionException(path, "is required");
            }
            return "";
        }
        if (!node.isTextual()) {
            throw new InvalidApiDefinitionException(path, "must be a string");
        }
        if (required && node.asText().isBlank()) {
            throw new InvalidApiDefinitionException(path, "must not be empty");
        }
        return node.asText();
    }

    private static String textOr(JsonNode parent, String key, String path, String fallback) throws InvalidApiDefinitionException {
        String value = text(parent, key, path, false);
        return value.isEmpty() ? fallback : value;
    }

    private static boolean bool(JsonNode parent, String key, String path, boolean fallback) throws InvalidApiDefinitionException {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw new InvalidApiDefinitionException(path, "must be true or false");
        }
        return node.asBoolean();
    }

    private static double number(JsonNode parent, String key, String path, double fallback) throws InvalidApiDefinitionException {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isNumber()) {
            throw new InvalidApiDefinitionException(path, "must be a number");
        }
        return node.asDouble();
    }

    private static List<String> strings(JsonNode node, String path) throws InvalidApiDefinitionException {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new InvalidApiDefinitionException(path, "must be a list of strings");
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                throw new InvalidApiDefinitionException(path + "[" + i + "]", "must be a string");
            }
            values.add(node.get(i).asText());
        }
        return List.copyOf(values);
    }
}
