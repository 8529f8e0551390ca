package io.sluice.connectors.schema;

import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.PartProcessor;
import io.sluice.core.config.ConfigException;
import io.sluice.core.expr.Interpolation;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** The {@code schema_registry_encode} processor. */
final class SchemaRegistryEncodeProcessor extends PartProcessor {
    static final ComponentSpec SPEC = ComponentSpec.processor("schema_registry_encode")
            .categories("Parsing", "Integration")
            .summary("Encodes JSON messages with the latest schema of a registry subject, in the Confluent wire format.")
            .description("""
                    The subject's latest schema version is fetched from the registry and kept for `refresh_period`, \
                    after which it is fetched again, so a new version is picked up without a restart; if the registry \
                    cannot be reached then, the schema in hand goes on being used. Each message is read as JSON \
                    (for Avro, Avro's JSON encoding unless `avro_raw_json` is set), encoded with the schema, and \
                    prefixed with a zero byte and the schema's 4-byte id. For Protobuf schemas the first message type \
                    of the schema is used (message index 0); JSON Schema messages are checked and written as they are. \
                    A message that does not fit the schema is flagged and kept as it was.""")
            .fields(fields())
            .example("Avro to Kafka", "Orders are encoded with the latest schema of the subject named after the topic.", """
                    pipeline:
                      processors:
                        - schema_registry_encode:
                            url: http://localhost:8081
                            subject: orders-value
                            avro_raw_json: true
                    output:
                      kafka:
                        addresses: [localhost:9092]
                        topic: orders
                    """);

    private static FieldSpec[] fields() {
        List<FieldSpec> f = new ArrayList<>(List.of(RegistryClient.connectionFields()));
        f.add(FieldSpec.string("subject").interpolated()
                .description("The subject whose latest schema encodes the message; worked out per message.")
                .example("orders-value", "${! meta(\"kafka_topic\") }-value"));
        f.add(FieldSpec.duration("refresh_period").defaultValue("10m")
                .description("How long a subject's latest schema is kept before it is asked for again.")
                .example("1m", "1h"));
        f.add(FieldSpec.bool("avro_raw_json").defaultValue(false)
                .description("Read messages as plain JSON (union values without the object naming their type) instead of Avro's JSON encoding."));
        return f.toArray(new FieldSpec[0]);
    }

    /** A subject's latest schema and when it was fetched. */
    private record Latest(int id, RegistryCodecs.Codec codec, long fetchedNanos) {
    }

    private final RegistryClient client;
    private final Interpolation subject;
    private final Duration refresh;
    private final boolean rawJson;
    private final ConcurrentHashMap<String, Latest> bySubject = new ConcurrentHashMap<>();

    SchemaRegistryEncodeProcessor(RegistryClient client, Interpolation subject, Duration refresh, boolean rawJson, ComponentContext ctx) {
        super(ctx);
        this.client = client;
        this.subject = subject;
        this.refresh = refresh;
        this.rawJson = rawJson;
    }

    static SchemaRegistryEncodeProcessor create(Conf conf, ComponentContext ctx) throws ConfigException {
        return new SchemaRegistryEncodeProcessor(RegistryClient.from(conf), conf.interpolation("subject"), conf.duration("refresh_period"),
                conf.bool("avro_raw_json"), ctx);
    }

    @Override
    protected List<Part> processPart(Batch batch, int index) throws Exception {
        Part part = batch.get(index);
        Latest latest = latest(subject.render(batch, index));
        byte[] payload;
        try {
            payload = latest.codec().fromJson(part.bytes(), rawJson);
        } catch (IOException e) {
            throw new SchemaRegistryDecodeProcessor.RegistryFailure("schema " + latest.id() + ": " + e.getMessage());
        }
        byte[] out = new byte[payload.length + 5];
        out[1] = (byte) (latest.id() >>> 24);
        out[2] = (byte) (latest.id() >>> 16);
        out[3] = (byte) (latest.id() >>> 8);
        out[4] = (byte) latest.id();
        System.arraycopy(payload, 0, out, 5, payload.length);
        part.setBytes(out);
        return List.of(part);
    }

    private Latest latest(String name) throws SchemaRegistryDecodeProcessor.RegistryFailure, InterruptedException {
        Latest known = bySubject.get(name);
        if (known != null && System.nanoTime() - known.fetchedNanos() < refresh.toNanos()) return known;
        try {
            RegistryClient.RawSchema raw = client.version(name, "latest");
            Latest fresh = new Latest(raw.id(), known != null && known.id() == raw.id() ? known.codec() : RegistryCodecs.load(client, raw), System.nanoTime());
            bySubject.put(name, fresh);
            return fresh;
        } catch (IOException e) {
            if (known != null) {
                ctx.log().warn("keeping schema {} of subject {}: the registry did not answer ({})", known.id(), name, e.getMessage());
                Latest kept = new Latest(known.id(), known.codec(), System.nanoTime()); // ask again only after another period
                bySubject.put(name, kept);
                return kept;
            }
            throw new SchemaRegistryDecodeProcessor.RegistryFailure("failed to get the latest schema of subject " + name + ": " + e.getMessage());
        }
    }
}
