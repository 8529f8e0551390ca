package io.sluice.connectors.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The three kinds of registry schema as codecs of message payloads (what follows the 5-byte Confluent header):
 * Avro (binary datum), Protobuf (message indexes, then the message) and JSON Schema (the JSON itself).
 */
final class RegistryCodecs {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory JSON_SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);

    private RegistryCodecs() {
    }

    /** How a payload becomes JSON and back. */
    sealed interface Codec permits Avro, Proto, Json {
        byte[] toJson(byte[] data, int offset, boolean rawJson) throws IOException;

        /** The payload for JSON, with what goes between the header and it (Protobuf's message index). */
        byte[] fromJson(byte[] json, boolean rawJson) throws IOException;
    }

    /** Loads a schema and everything it references, then builds its codec. */
    static Codec load(RegistryClient client, RegistryClient.RawSchema schema) throws IOException, InterruptedException {
        return switch (schema.type()) {
            case "AVRO" -> {
                Schema.Parser parser = new Schema.Parser();
                for (RegistryClient.RawSchema ref : references(client, schema, new LinkedHashMap<>()).values()) parser.parse(ref.text());
                try {
                    yield new Avro(parser.parse(schema.text()));
                } catch (RuntimeException e) {
                    throw new IOException("schema " + schema.id() + " is not a valid Avro schema: " + e.getMessage(), e);
                }
            }
            case "PROTOBUF" -> {
                Map<String, String> texts = new LinkedHashMap<>();
                references(client, schema, new LinkedHashMap<>()).forEach((name, ref) -> texts.put(name, ref.text()));
                String main = "sluice_registry_schema_" + Math.abs(schema.id()) + ".proto";
                texts.put(main, schema.text());
                ProtoSchemas schemas = ProtoSchemas.fromTexts(texts);
                yield new Proto(schemas, schemas.file(main));
            }
            case "JSON" -> {
                try {
                    yield new Json(JSON_SCHEMAS.getSchema(JSON.readTree(schema.text())));
                } catch (RuntimeException e) {
                    throw new IOException("schema " + schema.id() + " is not a valid JSON schema: " + e.getMessage(), e);
                }
            }
            default -> throw new IOException("schema " + schema.id() + " has type " + schema.type() + ", which Sluice does not read");
        };
    }

    /** The schemas referenced by {@code schema}, depth first (each before those that use it), by reference name. */
    private static Map<String, RegistryClient.RawSchema> references(RegistryClient client, RegistryClient.RawSchema schema,
                                                                    Map<String, RegistryClient.RawSchema> seen) throws IOException, InterruptedException {
        for (RegistryClient.Reference ref : schema.references()) {
            if (seen.containsKey(ref.name())) continue;
            RegistryClient.RawSchema loaded = client.version(ref.subject(), Integer.toString(ref.version()));
            references(client, loaded, seen);
            seen.put(ref.name(), loaded);
        }
        return seen;
    }

    // ---- Avro ----

    record Avro(Schema schema) implements Codec {
        @Override
        public byte[] toJson(byte[] data, int offset, boolean rawJson) throws IOException {
            Object datum;
            try {
                datum = new GenericDatumReader<>(schema).read(null, DecoderFactory.get().binaryDecoder(data, offset, data.length - offset, null));
            } catch (AvroRuntimeException | IOException | IndexOutOfBoundsException e) {
                throw new IOException("payload does not decode with Avro schema " + schema.getFullName() + ": " + e.getMessage(), e);
            }
            if (rawJson) return JSON.writeValueAsBytes(AvroJson.toPlain(datum, schema));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            JsonEncoder enc = EncoderFactory.get().jsonEncoder(schema, out);
            new GenericDatumWriter<>(schema).write(datum, enc);
            enc.flush();
            return out.toByteArray();
        }

        @Override
        public byte[] fromJson(byte[] json, boolean rawJson) throws IOException {
            Object datum;
            try {
                datum = rawJson ? AvroJson.fromPlain(JSON.readValue(json, Object.class), schema)
                        : new GenericDatumReader<>(schema).read(null, DecoderFactory.get().jsonDecoder(schema, new String(json, StandardCharsets.UTF_8)));
            } catch (AvroRuntimeException | IllegalArgumentException e) {
                throw new IOException("JSON does not fit Avro schema " + schema.getFullName() + ": " + e.getMessage(), e);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
            try {
                new GenericDatumWriter<>(schema).write(datum, enc);
            } catch (AvroRuntimeException | ClassCastException | NullPointerException e) {
                throw new IOException("JSON does not fit Avro schema " + schema.getFullName() + ": " + e.getMessage(), e);
            }
            enc.flush();
            return out.toByteArray();
        }
    }

    // ---- Protobuf ----

    record Proto(ProtoSchemas schemas, FileDescriptor file) implements Codec {
        @Override
        public byte[] toJson(byte[] data, int offset, boolean rawJson) throws IOException {
            CodedInputStream in = CodedInputStream.newInstance(data, offset, data.length - offset);
            Descriptor type;
            try {
                int count = in.readSInt32();
                List<Integer> path = new ArrayList<>();
                if (count == 0) path.add(0); // the common case, written as a single 0: the first message of the file
                for (int i = 0; i < count; i++) path.add(in.readSInt32());
                type = resolve(path);
                DynamicMessage msg = DynamicMessage.parseFrom(type, in);
                return JsonFormat.printer().usingTypeRegistry(schemas.typeRegistry()).omittingInsignificantWhitespace().print(msg)
                        .getBytes(StandardCharsets.UTF_8);
            } catch (InvalidProtocolBufferException e) {
                throw new IOException("payload does not decode with the protobuf schema: " + e.getMessage(), e);
            }
        }

        private Descriptor resolve(List<Integer> path) throws IOException {
            List<Descriptor> level = file.getMessageTypes();
            Descriptor d = null;
            for (int index : path) {
                if (index < 0 || index >= level.size()) throw new IOException("message index " + path + " is not in the schema");
                d = level.get(index);
                level = d.getNestedTypes();
            }
            return d;
        }

        @Override
        public byte[] fromJson(byte[] json, boolean rawJson) throws IOException {
            if (file.getMessageTypes().isEmpty()) throw new IOException("the protobuf schema defines no message");
            DynamicMessage.Builder b = DynamicMessage.newBuilder(file.getMessageTypes().getFirst());
            try {
                JsonFormat.parser().usingTypeRegistry(schemas.typeRegistry()).merge(new String(json, StandardCharsets.UTF_8), b);
            } catch (InvalidProtocolBufferException e) {
                throw new IOException("JSON does not fit " + b.getDescriptorForType().getFullName() + ": " + e.getMessage(), e);
            }
            byte[] body = b.build().toByteArray();
            byte[] out = new byte[body.length + 1];
            out[0] = 0; // message indexes [0]: the first message type of the schema
            System.arraycopy(body, 0, out, 1, body.length);
            return out;
        }
    }

    // ---- JSON Schema ----

    record Json(JsonSchema schema) implements Codec {
        @Override
        public byte[] toJson(byte[] data, int offset, boolean rawJson) throws IOException {
            byte[] body = Arrays.copyOfRange(data, offset, data.length);
            check(body);
            return body;
        }

        @Override
        public byte[] fromJson(byte[] json, boolean rawJson) throws IOException {
            check(json);
            return json;
        }

        private void check(byte[] body) throws IOException {
            JsonNode doc = JSON.readTree(body);
            Set<ValidationMessage> failures = schema.validate(doc);
            if (!failures.isEmpty()) {
                throw new IOException("JSON breaks the schema: " + failures.stream().map(ValidationMessage::getMessage).sorted().collect(Collectors.joining("; ")));
            }
        }
    }
}
