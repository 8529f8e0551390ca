package io.sluice.gateway.apidef;

import java.io.IOException;
import java.util.Map;

/**
 * Where the API definitions changed through the management API are shared with the other gateway nodes (Redis), so
 * that a change made on any node reaches every node at its next reload ({@code /tyk/reload/group}). Blocking.
 */
public interface SharedApiDefinitions {

    /** Every shared definition by API id: its document as JSON, or null for one deleted through the management API. */
    Map<String, String> loadAll() throws IOException;

    void save(String id, String documentJson) throws IOException;

    /** Marks the API deleted, so that a node whose {@code app_path} still has a file for it does not serve it either. */
    void delete(String id) throws IOException;
}
