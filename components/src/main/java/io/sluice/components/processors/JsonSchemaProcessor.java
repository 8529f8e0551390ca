package io.sluice.components.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaException;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.PartProcessor;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The {@code json_schema} processor: checks each message against a JSON Schema and flags those that fail. */
final class JsonSchemaProcessor extends PartProcessor {
    static final ComponentSpec SPEC = ComponentSpec.processor("json_schema")
            .categories("Mapping")
            .summary("Checks each message against a JSON Schema and flags the ones that do not conform.")
            .description("""
                    Messages pass through unchanged either way; one that breaks the schema (or is not JSON) is flagged \
                    with an error naming each failing place in the document as a JSON path, e.g. \
                    `$.customer.email: does not match the email pattern`, so `catch`, `try` or a `switch` on `errored()` \
                    can route it. Give the schema inline with `schema` or as a file or URL with `schema_path`; exactly one \
                    of them. The draft comes from the schema's `$schema` (draft 4, 6, 7, 2019-09 and 2020-12 are known); \
                    without one, draft 7 is assumed, as the dialect does. `$ref`s to other files or to `http(s)` URLs are \
                    resolved relative to the schema's own location and fetched once, when the processor starts.""")
            .fields(FieldSpec.string("schema").defaultValue("")
                            .description("The schema itself, as JSON text.")
                            .rule(JsonSchemaProcessor::inlineSchemaProblem)
                            .example("{\"type\": \"object\", \"required\": [\"id\"]}"),
                    FieldSpec.string("schema_path").defaultValue("")
                            .description("Where to load the schema from: a file path (relative to the working directory, optionally "
                                    + "prefixed with `file://`) or an `http(s)` URL.")
                            .example("./schemas/order.json", "file:///etc/sluice/schemas/order.json", "https://schemas.example.com/order.json"))
            .example("Mark bad orders", "Orders that break the schema get the reason written into them; the rest go on unchanged.", """
                    pipeline:
                      processors:
                        - json_schema:
                            schema: |
                              {
                                "$schema": "https://json-schema.org/draft/2020-12/schema",
                                "type": "object",
                                "required": ["id", "total"],
                                "properties": {
                                  "id": {"type": "string"},
                                  "total": {"type": "number", "minimum": 0}
                                }
                              }
                        - catch:
                            - mapping: 'root = this.merge({"rejected_because": error()})'
                    """);

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);

    private final JsonSchema schema;

    JsonSchemaProcessor(JsonSchema schema, ComponentContext ctx) {
        super(ctx);
        this.schema = schema;
    }

    static JsonSchemaProcessor create(Conf conf, ComponentContext ctx) throws ConfigException {
        String inline = conf.string("schema");
        String location = conf.string("schema_path");
        if (inline.isBlank() == location.isBlank()) {
            throw conf.invalid("exactly one of schema and schema_path must be set");
        }
        String field = inline.isBlank() ? "schema_path" : "schema";
        try {
            JsonSchema schema = inline.isBlank() ? FACTORY.getSchema(SchemaLocation.of(locationUri(location))) : FACTORY.getSchema(
                    JsonNodes.MAPPER.readTree(inline));
            schema.initializeValidators(); // resolves every $ref now, so a missing file fails the start, not a message
            return new JsonSchemaProcessor(schema, ctx);
        } catch (IOException | JsonSchemaException | IllegalArgumentException | IllegalStateException e) {
            throw conf.invalid(field, "failed to load JSON schema: " + e.getMessage());
        }
    }

    /** A URL as given; a file path, bare or after {@code file://}, made absolute. */
    static String locationUri(String location) {
        if (location.startsWith("http://") || location.startsWith("https://")) return location;
        String path = location.startsWith("file://") ? location.substring("file://".length()) : location;
        return Path.of(path).toAbsolutePath().normalize().toUri().toString();
    }

    private static String inlineSchemaProblem(Object value) {
        if (!(value instanceof String s) || s.isBlank()) return null;
        try {
            JsonNodes.MAPPER.readTree(s);
            return null;
        } catch (IOException e) {
            return "schema is not valid JSON: " + JsonNodes.firstLine(e.getMessage());
        }
    }

    @Override
    protected List<Part> processPart(Batch batch, int index) throws Exception {
        Part part = batch.get(index);
        JsonNode doc = JsonNodes.body(part);
        Set<ValidationMessage> failures = schema.validate(doc);
        if (!failures.isEmpty()) {
            throw new ProcessingFailure(failures.stream()
                    .sorted(Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString()).thenComparing(ValidationMessage::getMessage))
                    .map(ValidationMessage::getMessage)
                    .collect(Collectors.joining("; ")));
        }
        return List.of(part);
    }

    /** Only computes (no I/O, no waiting): the engine may run it on the input's thread. */
    @Override
    public boolean mayBlock() {
        return false;
    }
}
