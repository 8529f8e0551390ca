package io.sluice.gateway.streamapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.gateway.support.ApiDocs;
import io.sluice.gateway.support.Json;

/** Stream API definitions for tests: an API without upstream whose {@code x-tyk-streaming} holds YAML or JSON streams. */
final class StreamApiDocs {

    private final ApiDocs api;

    private StreamApiDocs(ApiDocs api) {
        this.api = api;
    }

    static StreamApiDocs of(String id, String listenPath) {
        ApiDocs api = ApiDocs.keyless(id, listenPath, "http://127.0.0.1:1");
        api.ext().remove("upstream");
        api.document().putObject("x-tyk-streaming").putObject("streams");
        return new StreamApiDocs(api);
    }

    /** Auth token from the Authorization header, the "key" query parameter or the "session" cookie. */
    StreamApiDocs authToken() {
        api.authToken();
        return this;
    }

    ObjectNode streaming() {
        return api.document().withObjectProperty("x-tyk-streaming");
    }

    /** A stream as YAML text. */
    StreamApiDocs yaml(String name, String yaml) {
        streaming().withObjectProperty("streams").put(name, yaml);
        return this;
    }

    /** A stream as a JSON object. */
    StreamApiDocs json(String name, String json) {
        streaming().withObjectProperty("streams").set(name, Json.read(json));
        return this;
    }

    StreamApiDocs option(String name, String value) {
        streaming().put(name, value);
        return this;
    }

    ApiDocs docs() {
        return api;
    }

    String json() {
        return api.json();
    }
}
