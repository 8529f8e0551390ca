package io.sluice.connectors.schema;

import io.sluice.core.component.Processor;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentKind;
import io.sluice.testkit.TestKit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaRegistryProcessorsTest {
    private static final String PAYMENT = """
            {"type": "record", "name": "Payment", "namespace": "shop",
             "fields": [{"name": "id", "type": "string"}, {"name": "amount", "type": "double"},
                        {"name": "note", "type": ["null", "string"], "default": null}]}""";

    private TestRegistry registry;

    @AfterEach
    void stop() {
        if (registry != null) registry.close();
    }

    private static Processor processor(String type, String yaml) throws Exception {
        return (Processor) TestKit.component(ComponentKind.PROCESSOR, type, yaml);
    }

    private static Part one(Processor p, Part in) throws Exception {
        return p.process(Batch.of(in)).get(0).get(0);
    }

    private static byte[] framed(int id, byte[] payload) {
        byte[] out = new byte[payload.length + 5];
        out[1] = (byte) (id >>> 24);
        out[2] = (byte) (id >>> 16);
        out[3] = (byte) (id >>> 8);
        out[4] = (byte) id;
        System.arraycopy(payload, 0, out, 5, payload.length);
        return out;
    }

    /** Avro binary written by the Avro library itself, as a producer's serializer would. */
    private static byte[] avro(Schema schema, GenericRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, enc);
        enc.flush();
        return out.toByteArray();
    }

    @Test
    void avroDecodesToAvroJsonOrRawJsonAndTheSchemaIsFetchedOnce() throws Exception {
        registry = TestRegistry.http();
        int id = registry.register("payments-value", "AVRO", PAYMENT);
        Schema schema = new Schema.Parser().parse(PAYMENT);
        GenericRecord r = new GenericData.Record(schema);
        r.put("id", "p-1");
        r.put("amount", 12.5);
        r.put("note", "gift");
        byte[] message = framed(id, avro(schema, r));

        Processor avroJson = processor("schema_registry_decode", "url: " + registry.url());
        Part decoded = one(avroJson, new Part(message));
        assertThat(decoded.text()).isEqualTo("{\"id\":\"p-1\",\"amount\":12.5,\"note\":{\"string\":\"gift\"}}");
        assertThat(decoded.meta("schema_id")).isEqualTo((long) id);
        one(avroJson, new Part(message));
        one(avroJson, new Part(message));
        assertThat(registry.count("/schemas/ids/" + id)).isEqualTo(1);

        Processor raw = processor("schema_registry_decode", "url: " + registry.url() + "\navro_raw_json: true");
        assertThat(one(raw, new Part(message)).text()).isEqualTo("{\"id\":\"p-1\",\"amount\":12.5,\"note\":\"gift\"}");
    }

    @Test
    void avroEncodeWritesTheWireFormatThatTheAvroLibraryReads() throws Exception {
        registry = TestRegistry.http();
        int id = registry.register("payments-value", "AVRO", PAYMENT);
        Processor encode = processor("schema_registry_encode", "url: " + registry.url() + "\nsubject: payments-value\navro_raw_json: true");
        byte[] out = one(encode, Part.of("{\"id\":\"p-2\",\"amount\":3}")).bytes();
        assertThat(Arrays.copyOf(out, 5)).containsExactly(0, 0, 0, 0, id);
        Schema schema = new Schema.Parser().parse(PAYMENT);
        GenericRecord back = new GenericDatumReader<GenericRecord>(schema).read(null, DecoderFactory.get().binaryDecoder(out, 5, out.length - 5, null));
        assertThat(back.get("id").toString()).isEqualTo("p-2");
        assertThat(back.get("amount")).isEqualTo(3.0);
        assertThat(back.get("note")).isNull();

        Part misfit = one(encode, Part.of("{\"id\":7}"));
        assertThat(misfit.errorMessage()).contains("does not fit");
        assertThat(misfit.text()).isEqualTo("{\"id\":7}");
    }

    @Test
    void encodePicksUpANewVersionAfterTheRefreshPeriodAndKeepsTheOldOneWhenTheRegistryIsDown() throws Exception {
        registry = TestRegistry.http();
        int first = registry.register("s", "JSON", "{\"type\":\"object\"}");
        Processor encode = processor("schema_registry_encode", "url: " + registry.url() + "\nsubject: s\nrefresh_period: 1ms");
        assertThat(one(encode, Part.of("{}")).bytes()[4]).isEqualTo((byte) first);
        int second = registry.register("s", "JSON", "{\"type\":\"object\",\"required\":[\"a\"]}");
        TestKit.await("the new version", Duration.ofSeconds(5),
                () -> {
                    try {
                        return one(encode, Part.of("{\"a\":1}")).bytes()[4] == (byte) second;
                    } catch (Exception e) {
                        return false;
                    }
                });
        registry.down = true;
        Part kept = one(encode, Part.of("{\"a\":2}"));
        assertThat(kept.hasError()).isFalse();
        assertThat(kept.bytes()[4]).isEqualTo((byte) second);
    }

    @Test
    void protobufWithAReferenceAndAMessageIndex() throws Exception {
        registry = TestRegistry.http();
        registry.register("money", "PROTOBUF", ProtoFixtures.MONEY);
        String shop = """
                syntax = "proto3";
                package shop.v1;
                import "common/money.proto";
                message Refund { string id = 1; }
                message Charge { string id = 1; shop.common.Money price = 2; }
                """;
        int id = registry.register("charges-value", "PROTOBUF", shop, "common/money.proto", "money", "1");
        // message indexes [1] (zigzag: count 1 -> 02, index 1 -> 02), then Charge{id:"c", price{currency:"EUR", units:5}}
        byte[] charge = HexFormat.of().parseHex("0202" + "0a0163" + "1207" + "0a03455552" + "1005");
        Processor decode = processor("schema_registry_decode", "url: " + registry.url());
        Part out = one(decode, new Part(framed(id, charge)));
        assertThat(out.errorMessage()).isNull();
        assertThat(out.text()).isEqualTo("{\"id\":\"c\",\"price\":{\"currency\":\"EUR\",\"units\":\"5\"}}");

        Processor encode = processor("schema_registry_encode", "url: " + registry.url() + "\nsubject: charges-value");
        byte[] encoded = one(encode, Part.of("{\"id\":\"r\"}")).bytes();
        assertThat(HexFormat.of().formatHex(encoded)).isEqualTo("00" + "%08x".formatted(id) + "00" + "0a0172"); // index [0]: Refund
    }

    @Test
    void jsonSchemaMessagesAreChecked() throws Exception {
        registry = TestRegistry.http();
        int id = registry.register("events-value", "JSON", "{\"type\":\"object\",\"required\":[\"kind\"]}");
        Processor decode = processor("schema_registry_decode", "url: " + registry.url());
        assertThat(one(decode, new Part(framed(id, "{\"kind\":\"x\"}".getBytes()))).text()).isEqualTo("{\"kind\":\"x\"}");
        assertThat(one(decode, new Part(framed(id, "{}".getBytes()))).errorMessage()).contains("kind");
    }

    @Test
    void basicAuthOverTlsAndClearErrors() throws Exception {
        registry = TestRegistry.https().requireBasicAuth("reader", "s3cret");
        int id = registry.register("events-value", "JSON", "{\"type\":\"object\"}");
        String tls = "tls:\n  enabled: true\n  root_cas: |\n" + registry.certificate.pem().indent(4);
        Processor good = processor("schema_registry_decode", "url: " + registry.url() + "\n" + tls
                + "basic_auth: {enabled: true, username: reader, password: s3cret}\n");
        assertThat(one(good, new Part(framed(id, "{}".getBytes()))).errorMessage()).isNull();

        Processor wrong = processor("schema_registry_decode", "url: " + registry.url() + "\n" + tls
                + "basic_auth: {enabled: true, username: reader, password: nope}\n");
        assertThat(one(wrong, new Part(framed(id, "{}".getBytes()))).errorMessage()).contains("answered 401");

        List<Batch> notFramed = good.process(Batch.of(Part.of("{\"plain\":true}")));
        assertThat(notFramed.get(0).get(0).errorMessage()).contains("not in the schema registry wire format");
        assertThat(notFramed.get(0).get(0).text()).isEqualTo("{\"plain\":true}");
        assertThat(one(good, new Part(framed(999, "{}".getBytes()))).errorMessage()).contains("failed to get schema 999").contains("404");
    }
}
