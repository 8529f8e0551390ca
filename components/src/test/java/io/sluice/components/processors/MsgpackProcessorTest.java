package io.sluice.components.processors;

import io.sluice.core.component.Processor;
import io.sluice.core.config.ConfigException;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

import java.util.HexFormat;
import java.util.List;

import static io.sluice.components.processors.Harness.errors;
import static io.sluice.components.processors.Harness.flatTexts;
import static io.sluice.components.processors.Harness.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MsgpackProcessorTest {
    private final Harness h = new Harness();

    @Test
    void fromJsonWritesTheCompactEncoding() throws Exception {
        Processor p = h.processor("msgpack:\n  operator: from_json");
        List<Batch> out = run(p, Batch.of(Part.of("{\"a\":1,\"b\":[true,null,\"x\"]}")));
        // fixmap(2) "a" 1 "b" fixarray(3) true nil "x"
        assertThat(HexFormat.of().formatHex(out.get(0).get(0).bytes())).isEqualTo("82a16101a16293c3c0a178");
    }

    @Test
    void toJsonReadsWhatAnotherWriterProduced() throws Exception {
        MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
        packer.packMapHeader(4);
        packer.packString("id").packLong(-7);
        packer.packString("ratio").packDouble(0.25);
        packer.packString("blob").packBinaryHeader(3).writePayload(new byte[]{1, 2, 3});
        packer.packInt(42).packString("integer key");
        Processor p = h.processor("msgpack:\n  operator: to_json");
        assertThat(flatTexts(run(p, Batch.of(new Part(packer.toByteArray())))))
                .containsExactly("{\"id\":-7,\"ratio\":0.25,\"blob\":\"AQID\",\"42\":\"integer key\"}");
    }

    @Test
    void aRoundTripGivesBackTheSameJson() throws Exception {
        String doc = "{\"big\":18446744073709551615,\"neg\":-9000000000,\"s\":\"ü\",\"nested\":{\"list\":[1.5,{}]}}";
        Processor to = h.processor("msgpack:\n  operator: from_json");
        Processor back = h.processor("msgpack:\n  operator: to_json");
        assertThat(flatTexts(run(back, run(to, Batch.of(Part.of(doc))).get(0)))).containsExactly(doc);
    }

    @Test
    void undecodableBodiesAreFlaggedAndKept() throws Exception {
        Processor p = h.processor("msgpack:\n  operator: to_json");
        List<Batch> out = run(p, Batch.of(new Part(new byte[]{(byte) 0xc1}), new Part(new byte[0])));
        assertThat(errors(out)).allSatisfy(e -> assertThat(e).startsWith("msgpack: "));
        assertThat(out.get(0).get(0).bytes()).containsExactly(0xc1);
    }

    @Test
    void lintChecksTheOperator() {
        assertThatThrownBy(() -> h.processor("msgpack:\n  operator: to_yaml")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("msgpack.operator");
    }
}
