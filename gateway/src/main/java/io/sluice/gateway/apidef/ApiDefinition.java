package io.sluice.gateway.apidef;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.sluice.gateway.tls.ApiTls;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Tyk OAS API definition: the OpenAPI document plus what {@code x-tyk-api-gateway} says about serving it.
 * The whole document is kept as read, so the management API returns exactly what was stored, and extensions we
 * do not interpret (notably {@code x-tyk-streaming}) stay available to whoever handles them.
 *
 * @param upstreamUrl      where requests go; {@code tyk://<api id or name>/...} loops to another API of this gateway
 * @param upstreamRateLimit API-wide rate limit over all clients ({@code upstream.rateLimit}); null when none
 * @param streaming        the raw {@code x-tyk-streaming} node, or null
 * @param orgId            {@code info.orgId}: the org whose keys this API looks up first (Tyk's key format)
 * @param tls              client certificates required from callers and TLS towards the upstream
 */
public record ApiDefinition(
        String id,
        String name,
        boolean active,
        boolean internal,
        String upstreamUrl,
        RateSpec upstreamRateLimit,
        ListenPath listenPath,
        Authentication authentication,
        GlobalMiddleware global,
        Map<String, OperationMiddleware> operations,
        List<OasOperation> oasOperations,
        ObjectNode document,
        JsonNode streaming,
        String orgId,
        ApiTls tls) {

    public static final String TYK_EXTENSION = "x-tyk-api-gateway";
    public static final String STREAMING_EXTENSION = "x-tyk-streaming";

    /** The OAS operation a request hits, by method and path relative to the listen path. */
    public Optional<OasOperation> operationFor(String method, String relativePath) {
        for (OasOperation operation : oasOperations) {
            if (operation.matches(method, relativePath)) {
                return Optional.of(operation);
            }
        }
        return Optional.empty();
    }

    public OperationMiddleware middlewareOf(OasOperation operation) {
        return operation == null ? OperationMiddleware.NONE : operations.getOrDefault(operation.operationId(), OperationMiddleware.NONE);
    }

    /** True when some operation enables the allow list: then only allowed operations are served. */
    public boolean hasAllowList() {
        return operations.values().stream().anyMatch(OperationMiddleware::allow);
    }

    /** The same definition under another id, written into the document too so it is stored with it. */
    public ApiDefinition withId(String newId) {
        ObjectNode copy = document.deepCopy();
        ((ObjectNode) copy.withObjectProperty(TYK_EXTENSION).withObjectProperty("info")).put("id", newId);
        return new ApiDefinition(newId, name, active, internal, upstreamUrl, upstreamRateLimit, listenPath, authentication,
                global, operations, oasOperations, copy, streaming, orgId, tls);
    }

    public boolean isStreamApi() {
        return streaming != null && !streaming.isNull();
    }
}
