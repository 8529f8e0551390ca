package io.sluice.connectors.schema;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
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
import java.util.List;

/** The {@code protobuf} processor: converts messages between protobuf's binary form and JSON. */
final class ProtobufProcessor extends PartProcessor {
    static final ComponentSpec SPEC = ComponentSpec.processor("protobuf")
            .categories("Parsing")
            .summary("Converts messages between protobuf's binary encoding and JSON, with message types from `.proto` files.")
            .description("""
                    The message types come from the `.proto` files under `import_paths` (all files there are read, and \
                    imports between them resolved against the same folders; the well-known `google/protobuf/*` types \
                    are built in) or from descriptor sets written by `protoc --include_imports --descriptor_set_out`. \
                    `to_json` decodes each message as the type named by `message` and writes its canonical protobuf \
                    JSON form (field names in lowerCamelCase, 64-bit integers as strings, enums by name, defaults left \
                    out); `from_json` reads that JSON (also with the original field names) and encodes it. A message \
                    that does not decode, or JSON that does not fit the type, is flagged and kept as it was. The files \
                    are read once, when the stream starts.""")
            .fields(FieldSpec.string("operator").options("to_json", "from_json")
                            .description("Which way to convert: `to_json` decodes protobuf, `from_json` encodes it."),
                    FieldSpec.string("message")
                            .description("The full name of the message type, package included.")
                            .example("shop.v1.Order", "telemetry.Reading"),
                    FieldSpec.stringList("import_paths").defaultValue(List.of())
                            .description("Folders holding the `.proto` files, which are read with everything beneath them.")
                            .example(List.of("./protos")),
                    FieldSpec.stringList("descriptor_sets").defaultValue(List.of()).advanced()
                            .description("Descriptor set files to take the types from instead of (or as well as) `.proto` files.")
                            .example(List.of("./gen/shop.pb")),
                    FieldSpec.bool("discard_unknown").defaultValue(false)
                            .description("For `from_json`: skip JSON fields the type does not have instead of failing."),
                    FieldSpec.bool("use_proto_names").defaultValue(false)
                            .description("For `to_json`: write the field names as the `.proto` file spells them instead of in lowerCamelCase."),
                    FieldSpec.bool("use_enum_numbers").defaultValue(false).advanced()
                            .description("For `to_json`: write enum values as numbers instead of names."))
            .example("Decode protobuf events", "Kafka records hold `shop.v1.Order` messages; they become JSON for the rest of the pipeline.", """
                    input:
                      kafka:
                        addresses: [localhost:9092]
                        topics: [orders]
                        consumer_group: order-reader
                    pipeline:
                      processors:
                        - protobuf:
                            operator: to_json
                            message: shop.v1.Order
                            import_paths: [./protos]
                    """);

    private final boolean toJson;
    private final Descriptor type;
    private final JsonFormat.Printer printer;
    private final JsonFormat.Parser parser;

    ProtobufProcessor(boolean toJson, Descriptor type, JsonFormat.Printer printer, JsonFormat.Parser parser, ComponentContext ctx) {
        super(ctx);
        this.toJson = toJson;
        this.type = type;
        this.printer = printer;
        this.parser = parser;
    }

    static ProtobufProcessor create(Conf conf, ComponentContext ctx) throws ConfigException {
        List<String> roots = conf.stringList("import_paths");
        List<String> sets = conf.stringList("descriptor_sets");
        if (roots.isEmpty() && sets.isEmpty()) {
            throw conf.invalid("import_paths or descriptor_sets must name where the message types are");
        }
        ProtoSchemas schemas;
        try {
            schemas = sets.isEmpty() ? ProtoSchemas.fromProtoRoots(roots.stream().map(Path::of).toList())
                    : ProtoSchemas.fromDescriptorSets(sets.stream().map(Path::of).toList());
        } catch (IOException e) {
            String field = sets.isEmpty() ? "import_paths" : "descriptor_sets";
            throw conf.invalid(field, "failed to load protobuf types: " + e.getMessage());
        }
        Descriptor type = schemas.message(conf.string("message"));
        if (type == null) {
            throw conf.invalid("message",
                    "message type " + conf.string("message") + " is not defined; known types: " + String.join(", ", schemas.messageNames()));
        }
        return new ProtobufProcessor(conf.string("operator").equals("to_json"), type, printer(schemas, conf), parser(schemas, conf), ctx);
    }

    static JsonFormat.Printer printer(ProtoSchemas schemas, Conf conf) {
        JsonFormat.Printer p = JsonFormat.printer().usingTypeRegistry(schemas.typeRegistry()).omittingInsignificantWhitespace();
        if (conf.bool("use_proto_names")) p = p.preservingProtoFieldNames();
        if (conf.bool("use_enum_numbers")) p = p.printingEnumsAsInts();
        return p;
    }

    static JsonFormat.Parser parser(ProtoSchemas schemas, Conf conf) {
        JsonFormat.Parser p = JsonFormat.parser().usingTypeRegistry(schemas.typeRegistry());
        return conf.bool("discard_unknown") ? p.ignoringUnknownFields() : p;
    }

    @Override
    protected List<Part> processPart(Batch batch, int index) throws Exception {
        Part part = batch.get(index);
        if (toJson) {
            try {
                part.setText(printer.print(DynamicMessage.parseFrom(type, part.bytes())));
            } catch (InvalidProtocolBufferException e) {
                throw new ProtoFailure("failed to decode " + type.getFullName() + ": " + e.getMessage());
            }
        } else {
            DynamicMessage.Builder builder = DynamicMessage.newBuilder(type);
            try {
                parser.merge(part.text(), builder);
            } catch (InvalidProtocolBufferException e) {
                throw new ProtoFailure("JSON does not fit " + type.getFullName() + ": " + e.getMessage());
            }
            part.setBytes(builder.build().toByteArray());
        }
        return List.of(part);
    }

    /** A message-level failure: carried on the part, no stack trace. */
    static final class ProtoFailure extends Exception {
        ProtoFailure(String message) {
            super(message, null, false, false);
        }
    }
}
