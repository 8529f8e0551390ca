package io.sluice.bench.processors;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.util.JsonFormat;
import io.sluice.core.component.Processor;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentKind;
import io.sluice.testkit.TestKit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The {@code protobuf} processor's decode ({@code to_json}) against protobuf-java called directly (DynamicMessage
 * parse and JsonFormat print) on the same message type and bytes; the processor loads the type from a descriptor
 * set written here from the same definition.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class ProtobufDecodeBenchmark {
    private Processor processor;
    private Descriptor type;
    private JsonFormat.Printer printer;
    private byte[] encoded;

    private static FieldDescriptorProto field(String name, int number, Type type, Label label) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type).setLabel(label).build();
    }

    @Setup
    public void setup() throws Exception {
        FileDescriptorProto file = FileDescriptorProto.newBuilder().setName("reading.proto").setPackage("bench").setSyntax("proto3")
                .addMessageType(DescriptorProto.newBuilder().setName("Reading")
                        .addField(field("sensor_id", 1, Type.TYPE_STRING, Label.LABEL_OPTIONAL))
                        .addField(field("at_millis", 2, Type.TYPE_INT64, Label.LABEL_OPTIONAL))
                        .addField(field("celsius", 3, Type.TYPE_DOUBLE, Label.LABEL_OPTIONAL))
                        .addField(field("ok", 4, Type.TYPE_BOOL, Label.LABEL_OPTIONAL))
                        .addField(field("tags", 5, Type.TYPE_STRING, Label.LABEL_REPEATED))
                        .addField(field("samples", 6, Type.TYPE_INT32, Label.LABEL_REPEATED)))
                .build();
        type = FileDescriptor.buildFrom(file, new FileDescriptor[0]).findMessageTypeByName("Reading");
        DynamicMessage.Builder b = DynamicMessage.newBuilder(type)
                .setField(type.findFieldByName("sensor_id"), "greenhouse-7/north")
                .setField(type.findFieldByName("at_millis"), 1714564800123L)
                .setField(type.findFieldByName("celsius"), 21.375)
                .setField(type.findFieldByName("ok"), true);
        for (String t : new String[]{"roof", "zone-a", "calibrated"}) b.addRepeatedField(type.findFieldByName("tags"), t);
        for (int i = 0; i < 16; i++) b.addRepeatedField(type.findFieldByName("samples"), 200 + i * 3);
        encoded = b.build().toByteArray();
        printer = JsonFormat.printer().omittingInsignificantWhitespace();

        Path set = Files.createTempFile("bench-reading", ".pb");
        Files.write(set, FileDescriptorSet.newBuilder().addFile(file).build().toByteArray());
        set.toFile().deleteOnExit();
        processor = (Processor) TestKit.component(ComponentKind.PROCESSOR, "protobuf",
                "operator: to_json\nmessage: bench.Reading\ndescriptor_sets: ['" + set + "']\n");
        if (!protobufProcessor().equals(protobufJavaDirect())) {
            throw new IllegalStateException("the two sides disagree: " + protobufProcessor() + " vs " + protobufJavaDirect());
        }
    }

    @Benchmark
    public String protobufProcessor() throws Exception {
        return processor.process(Batch.of(new Part(encoded))).get(0).get(0).text();
    }

    @Benchmark
    public String protobufJavaDirect() throws Exception {
        return printer.print(DynamicMessage.parseFrom(type, encoded));
    }
}
