package io.sluice.connectors.schema;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.PartProcessor;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** The {@code schema_registry_decode} processor. */
final class SchemaRegistryDecodeProcessor extends PartProcessor {
    static final ComponentSpec SPEC = ComponentSpec.processor("schema_registry_decode")
            .categories("Parsing", "Integration")
            .summary("Decodes messages in the Confluent schema registry wire format into JSON, fetching each schema from the registry.")
            .description("""
                    Each message starts with a zero byte and the 4-byte id of its schema, then the encoded data. The \
                    schema is fetched from the registry the first time its id is seen and kept for the life of the \
                    stream (a schema id never changes meaning), together with the schemas it references. Avro, \
                    Protobuf and JSON Schema schemas are read: Avro data becomes JSON (Avro's own JSON encoding, \
                    where union values are wrapped in an object naming their type, unless `avro_raw_json` is set); \
                    Protobuf data (whose message indexes after the id choose the message type) becomes canonical \
                    protobuf JSON; JSON data is checked against its schema and passed on. The schema id is kept in \
                    the metadata `schema_id`. A message not in the wire format, whose schema cannot be fetched or \
                    whose data does not fit it, is flagged and kept as it was; a registry that is down is tried again \
                    for the next message.""")
            .fields(fields())
            .example("Avro from Kafka", "Records produced with Confluent's Avro serializer become plain JSON.", """
                    input:
                      kafka:
                        addresses: [localhost:9092]
                        topics: [payments]
                        consumer_group: payments-json
                    pipeline:
                      processors:
                        - schema_registry_decode:
                            url: http://localhost:8081
                            avro_raw_json: true
                    """);

    private static FieldSpec[] fields() {
        List<FieldSpec> f = new ArrayList<>(List.of(RegistryClient.connectionFields()));
        f.add(FieldSpec.bool("avro_raw_json").defaultValue(false)
                .description("Write Avro data as plain JSON (union values without the object naming their type) instead of Avro's JSON encoding."));
        return f.toArray(new FieldSpec[0]);
    }

    private final RegistryClient client;
    private final boolean rawJson;
    private final ConcurrentHashMap<Integer, RegistryCodecs.Codec> byId = new ConcurrentHashMap<>();

    SchemaRegistryDecodeProcessor(RegistryClient client, boolean rawJson, ComponentContext ctx) {
        super(ctx);
        this.client = client;
        this.rawJson = rawJson;
    }

    static SchemaRegistryDecodeProcessor create(Conf conf, ComponentContext ctx) throws ConfigException {
        return new SchemaRegistryDecodeProcessor(RegistryClient.from(conf), conf.bool("avro_raw_json"), ctx);
    }

    @Override
    protected List<Part> processPart(Batch batch, int index) throws Exception {
        Part part = batch.get(index);
        byte[] data = part.bytes();
        if (data.length < 5 || data[0] != 0) throw new RegistryFailure("message is not in the schema registry wire format (a zero byte and a schema id first)");
        int id = ((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
        RegistryCodecs.Codec codec = codec(id);
        try {
            part.setBytes(codec.toJson(data, 5, rawJson));
        } catch (IOException e) {
            throw new RegistryFailure("schema " + id + ": " + e.getMessage());
        }
        part.setMeta("schema_id", (long) id);
        return List.of(part);
    }

    private RegistryCodecs.Codec codec(int id) throws RegistryFailure, InterruptedException {
        RegistryCodecs.Codec known = byId.get(id);
        if (known != null) return known;
        try {
            RegistryCodecs.Codec loaded = RegistryCodecs.load(client, client.byId(id));
            byId.put(id, loaded);
            return loaded;
        } catch (IOException e) {
            throw new RegistryFailure("failed to get schema " + id + ": " + e.getMessage());
        }
    }

    /** A message-level failure: carried on the part, no stack trace. */
    static final class RegistryFailure extends Exception {
        RegistryFailure(String message) {
            super(message, null, false, false);
        }
    }
}
