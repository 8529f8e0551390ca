package io.sluice.connectors.schema;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Timestamp;
import io.sluice.core.component.Processor;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentKind;
import io.sluice.testkit.TestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProtobufProcessorTest {
    @TempDir
    Path dir;

    private Processor protobuf(String yaml) throws Exception {
        return (Processor) TestKit.component(ComponentKind.PROCESSOR, "protobuf", yaml);
    }

    private static Part one(Processor p, Part in) throws Exception {
        List<Batch> out = p.process(Batch.of(in));
        return out.get(0).get(0);
    }

    @Test
    void jsonRoundTripsThroughTheBinaryFormWithImportsAndWellKnownTypes() throws Exception {
        ProtoFixtures.write(dir);
        String common = "message: shop.v1.Order\nimport_paths: ['" + dir + "']\n";
        Processor encode = protobuf("operator: from_json\n" + common);
        Processor decode = protobuf("operator: to_json\n" + common);
        Part binary = one(encode, Part.of(ProtoFixtures.ORDER_JSON));
        assertThat(binary.hasError()).as(String.valueOf(binary.errorMessage())).isFalse();
        assertThat(binary.bytes()).startsWith(0x0a, 0x03, 'o', '-', '1'); // field 1, length 3, "o-1"
        Part json = one(decode, binary);
        assertThat(json.text()).isEqualTo(ProtoFixtures.ORDER_JSON);
    }

    @Test
    void aWellKnownTypeEncodesAsProtobufJavaDoes() throws Exception {
        ProtoFixtures.write(dir);
        Processor encode = protobuf("operator: from_json\nmessage: google.protobuf.Timestamp\nimport_paths: ['" + dir + "']\n");
        byte[] ours = one(encode, Part.of("\"2024-05-01T12:00:00.5Z\"")).bytes();
        byte[] theirs = Timestamp.newBuilder().setSeconds(1714564800L).setNanos(500_000_000).build().toByteArray();
        assertThat(HexFormat.of().formatHex(ours)).isEqualTo(HexFormat.of().formatHex(theirs));
    }

    @Test
    void protoNamesAndEnumNumbersOnRequest() throws Exception {
        ProtoFixtures.write(dir);
        String common = "message: shop.v1.Order\nimport_paths: ['" + dir + "']\n";
        byte[] binary = one(protobuf("operator: from_json\n" + common), Part.of(ProtoFixtures.ORDER_JSON)).bytes();
        Part json = one(protobuf("operator: to_json\nuse_proto_names: true\nuse_enum_numbers: true\n" + common), new Part(binary));
        assertThat(json.text()).contains("\"placed_at\":\"2024-05-01T12:00:00Z\"").contains("\"status\":1");
    }

    @Test
    void unknownJsonFieldsFailUnlessDiscardedAndBadBytesAreFlagged() throws Exception {
        ProtoFixtures.write(dir);
        String common = "message: shop.common.Money\nimport_paths: ['" + dir + "']\n";
        Part strict = one(protobuf("operator: from_json\n" + common), Part.of("{\"currency\":\"EUR\",\"colour\":\"red\"}"));
        assertThat(strict.errorMessage()).contains("shop.common.Money").contains("colour");
        assertThat(strict.text()).isEqualTo("{\"currency\":\"EUR\",\"colour\":\"red\"}");
        Part lenient = one(protobuf("operator: from_json\ndiscard_unknown: true\n" + common), Part.of("{\"currency\":\"EUR\",\"colour\":\"red\"}"));
        assertThat(lenient.hasError()).isFalse();
        assertThat(HexFormat.of().formatHex(lenient.bytes())).isEqualTo("0a03455552");

        Part garbage = one(protobuf("operator: to_json\n" + common), new Part(new byte[]{(byte) 0xff, (byte) 0xff}));
        assertThat(garbage.errorMessage()).startsWith("failed to decode shop.common.Money");
    }

    @Test
    void typesCanComeFromADescriptorSet() throws Exception {
        FileDescriptorProto ping = FileDescriptorProto.newBuilder().setName("ping.proto").setPackage("net").setSyntax("proto3")
                .addMessageType(DescriptorProto.newBuilder().setName("Ping").addField(FieldDescriptorProto.newBuilder()
                        .setName("host_name").setNumber(1).setType(FieldDescriptorProto.Type.TYPE_STRING)
                        .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL).setJsonName("hostName")))
                .build();
        Path set = dir.resolve("ping.pb");
        Files.write(set, FileDescriptorSet.newBuilder().addFile(ping).build().toByteArray());
        Processor decode = protobuf("operator: to_json\nmessage: net.Ping\ndescriptor_sets: ['" + set + "']\n");
        assertThat(one(decode, new Part(HexFormat.of().parseHex("0a026831"))).text()).isEqualTo("{\"hostName\":\"h1\"}");
    }

    @Test
    void startingFailsNamingTheFieldForMissingTypesImportsAndFolders() throws Exception {
        ProtoFixtures.write(dir);
        assertThatThrownBy(() -> protobuf("operator: to_json\nmessage: shop.v1.Nope\nimport_paths: ['" + dir + "']\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("message type shop.v1.Nope is not defined")
                .hasMessageContaining("shop.v1.Order,");
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(broken.resolve("a.proto"), "syntax = \"proto3\";\nimport \"missing.proto\";\nmessage A { int32 x = 1; }\n");
        assertThatThrownBy(() -> protobuf("operator: to_json\nmessage: A\nimport_paths: ['" + broken + "']\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("import_paths").hasMessageContaining("missing.proto");
        assertThatThrownBy(() -> protobuf("operator: to_json\nmessage: A\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("import_paths or descriptor_sets");
    }
}
