package io.sluice.components.processors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.message.Part;
import io.sluice.core.message.Structured;

import java.io.IOException;
import java.util.Map;

/** Moves message bodies and metadata between Sluice parts and Jackson trees, for processors built on Jackson libraries. */
final class JsonNodes {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonNodes() {
    }

    /** The body as a tree; a body that is not JSON fails with the parser's reason. */
    static JsonNode body(Part part) throws ProcessingFailure {
        try {
            JsonNode node = MAPPER.readTree(part.bytes());
            if (node == null || node.isMissingNode()) throw new ProcessingFailure("message is empty, expected JSON");
            return node;
        } catch (IOException e) {
            throw new ProcessingFailure("message is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    /** Metadata as a JSON object of strings, values that are not text written as their text form. */
    static ObjectNode metadata(Part part) {
        ObjectNode node = MAPPER.createObjectNode();
        for (Map.Entry<String, Object> e : part.metadata().entrySet()) node.put(e.getKey(), Structured.toText(e.getValue()));
        return node;
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a Jackson tree failed to serialise", e);
        }
    }

    static String firstLine(String message) {
        if (message == null) return "invalid JSON";
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
