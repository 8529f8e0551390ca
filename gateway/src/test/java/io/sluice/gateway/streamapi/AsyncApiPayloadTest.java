package io.sluice.gateway.streamapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.config.ConfigLoader;
import io.sluice.core.config.ConfigNode;
import io.sluice.gateway.support.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Where AsyncAPI payload schemas come from when none is declared: json_schema processors, then samples. */
class AsyncApiPayloadTest {

    private static ConfigNode parse(String yaml) throws Exception {
        return ConfigLoader.parseRaw(yaml, "stream.yaml");
    }

    @Test
    void theLastJsonSchemaProcessorBeforeTheOutputDescribesWhatConsumersGet() throws Exception {
        ConfigNode tree = parse("""
                input:
                  http_server:
                    path: /in
                  processors:
                    - json_schema:
                        schema: '{"type": "object", "required": ["raw"]}'
                pipeline:
                  processors:
                    - json_schema:
                        schema: '{"type": "object", "required": ["first"]}'
                    - mapping: 'root = this'
                    - switch:
                        - check: 'this.a == 1'
                          processors:
                            - json_schema:
                                schema: '{"type": "object", "required": ["last"]}'
                output:
                  http_server:
                    ws_path: /out
                """);
        assertThat(AsyncApiGenerator.jsonSchemaProcessor(tree, true)).isEqualTo(Json.read("{\"type\": \"object\", \"required\": [\"last\"]}"));
        assertThat(AsyncApiGenerator.jsonSchemaProcessor(tree, false)).isEqualTo(Json.read("{\"type\": \"object\", \"required\": [\"raw\"]}"));
        assertThat(AsyncApiGenerator.jsonSchemaProcessor(parse("input: {generate: {mapping: 'root = 1'}}\noutput: {drop: {}}\n"), true)).isNull();
    }

    @Test
    void inferenceMergesSamples() {
        JsonNode schema = SchemaInference.infer(List.of(
                Json.read("{\"id\": 1, \"price\": 2, \"tags\": [\"a\"], \"note\": \"x\"}"),
                Json.read("{\"id\": 2, \"price\": 2.5, \"tags\": []}")));
        assertThat(schema.at("/properties/id/type").asText()).isEqualTo("integer");
        assertThat(schema.at("/properties/price/type").asText()).isEqualTo("number");
        assertThat(schema.at("/properties/tags/items/type").asText()).isEqualTo("string");
        assertThat(schema.at("/properties/note/type").asText()).isEqualTo("string");
        // "note" is missing from one sample: not required
        assertThat(schema.path("required").toString()).isEqualTo("[\"id\",\"price\",\"tags\"]");
        JsonNode mixed = SchemaInference.infer(List.of(Json.read("{\"v\": 1}"), Json.read("{\"v\": \"one\"}")));
        assertThat(mixed.at("/properties/v/type").toString()).isEqualTo("[\"integer\",\"string\"]");
    }
}
