package io.sluice.components.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.component.ComponentContext;
import io.sluice.core.component.PartProcessor;
import io.sluice.core.message.Batch;
import io.sluice.core.message.Part;
import io.sluice.core.spec.ComponentSpec;
import io.sluice.core.spec.Conf;
import io.sluice.core.spec.FieldSpec;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The {@code msgpack} processor: converts message bodies between MessagePack and JSON. */
final class MsgpackProcessor extends PartProcessor {
    static final ComponentSpec SPEC = ComponentSpec.processor("msgpack")
            .categories("Parsing")
            .summary("Converts messages between MessagePack and JSON.")
            .description("""
                    `to_json` reads the body as one MessagePack value and writes it as JSON: maps become objects (keys \
                    that are not strings are written as their text), binary becomes a base64 string and the timestamp \
                    extension an RFC 3339 time; other extension types are refused. `from_json` reads the body as JSON and \
                    writes the smallest MessagePack encoding of each value (integers stay integers, big ones too when they \
                    fit 64 bits). A body that does not decode is flagged with the error and left as it was.""")
            .fields(FieldSpec.string("operator").options("to_json", "from_json")
                    .description("Which way to convert: `to_json` reads MessagePack, `from_json` writes it."))
            .example("Decode a MessagePack feed", "Sensors publish MessagePack; the pipeline works on JSON from here on.", """
                    pipeline:
                      processors:
                        - msgpack:
                            operator: to_json
                        - mapping: 'root.celsius = (this.fahrenheit - 32) / 1.8'
                    """);

    private final boolean toJson;

    MsgpackProcessor(boolean toJson, ComponentContext ctx) {
        super(ctx);
        this.toJson = toJson;
    }

    static MsgpackProcessor create(Conf conf, ComponentContext ctx) {
        return new MsgpackProcessor(conf.string("operator").equals("to_json"), ctx);
    }

    @Override
    protected List<Part> processPart(Batch batch, int index) throws Exception {
        Part part = batch.get(index);
        if (toJson) {
            try (MessageUnpacker in = MessagePack.newDefaultUnpacker(part.bytes())) {
                if (!in.hasNext()) throw new ProcessingFailure("msgpack: message is empty");
                JsonNode value = read(in);
                part.setBytes(JsonNodes.bytes(value));
            } catch (MessagePackException | IOException e) {
                throw new ProcessingFailure("msgpack: " + e.getMessage());
            }
        } else {
            JsonNode doc = JsonNodes.body(part);
            try (MessageBufferPacker out = MessagePack.newDefaultBufferPacker()) {
                write(out, doc);
                part.setBytes(out.toByteArray());
            }
        }
        return List.of(part);
    }

    static JsonNode read(MessageUnpacker in) throws IOException, ProcessingFailure {
        MessageFormat format = in.getNextFormat();
        ValueType type = format.getValueType();
        var nodes = JsonNodes.MAPPER.getNodeFactory();
        return switch (type) {
            case NIL -> {
                in.unpackNil();
                yield nodes.nullNode();
            }
            case BOOLEAN -> nodes.booleanNode(in.unpackBoolean());
            case INTEGER -> format == MessageFormat.UINT64 ? nodes.numberNode(in.unpackBigInteger()) : nodes.numberNode(in.unpackLong());
            case FLOAT -> nodes.numberNode(in.unpackDouble());
            case STRING -> nodes.textNode(in.unpackString());
            case BINARY -> {
                byte[] b = in.readPayload(in.unpackBinaryHeader());
                yield nodes.binaryNode(b);
            }
            case ARRAY -> {
                int n = in.unpackArrayHeader();
                ArrayNode arr = nodes.arrayNode(n);
                for (int i = 0; i < n; i++) arr.add(read(in));
                yield arr;
            }
            case MAP -> {
                int n = in.unpackMapHeader();
                ObjectNode obj = nodes.objectNode();
                for (int i = 0; i < n; i++) {
                    JsonNode key = read(in);
                    obj.set(key.isTextual() ? key.textValue() : key.toString(), read(in));
                }
                yield obj;
            }
            case EXTENSION -> {
                var header = in.unpackExtensionTypeHeader();
                if (header.isTimestampType()) yield nodes.textNode(in.unpackTimestamp(header).toString());
                throw new ProcessingFailure("msgpack: extension type " + header.getType() + " has no JSON form");
            }
        };
    }

    static void write(MessageBufferPacker out, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case NULL, MISSING -> out.packNil();
            case BOOLEAN -> out.packBoolean(node.booleanValue());
            case NUMBER -> {
                if (node.isIntegralNumber()) {
                    if (node.canConvertToLong()) out.packLong(node.longValue());
                    else {
                        BigInteger big = node.bigIntegerValue();
                        if (big.signum() > 0 && big.bitLength() <= 64) out.packBigInteger(big);
                        else out.packDouble(big.doubleValue());
                    }
                } else {
                    out.packDouble(node.doubleValue());
                }
            }
            case STRING -> out.packString(node.textValue());
            case BINARY -> {
                byte[] b = node.binaryValue();
                out.packBinaryHeader(b.length);
                out.writePayload(b);
            }
            case ARRAY -> {
                out.packArrayHeader(node.size());
                for (JsonNode item : node) write(out, item);
            }
            case OBJECT -> {
                out.packMapHeader(node.size());
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    out.packString(e.getKey());
                    write(out, e.getValue());
                }
            }
            case POJO -> out.packString(node.asText());
        }
    }

    /** Only computes (no I/O, no waiting): the engine may run it on the input's thread. */
    @Override
    public boolean mayBlock() {
        return false;
    }
}
